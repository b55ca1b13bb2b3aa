"""Vietnamese text: NFC normalisation and accent folding for search.

Vietnamese text arrives in both composed (NFC) and decomposed (NFD) forms depending on the keyboard
and the operating system; everything stored is NFC. Search folds diacritics and maps Đ/đ to D/d,
because "dang ky khai sinh" must find "Đăng ký khai sinh".
"""

from __future__ import annotations

import unicodedata

_D_MAP = str.maketrans({"Đ": "D", "đ": "d"})


def nfc(value: str) -> str:
    """Return the text in Unicode NFC form with surrounding whitespace removed."""
    return unicodedata.normalize("NFC", value).strip()


def fold(value: str) -> str:
    """Return lower-case text without diacritics, with Đ/đ folded to d, spaces collapsed."""
    decomposed = unicodedata.normalize("NFD", value.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
