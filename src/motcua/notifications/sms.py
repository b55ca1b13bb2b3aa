"""SMS: the provider interface, the file provider of the demo and tests, and Vietnamese SMS text.

A provider is any class with `send(*, to, text, key) -> str` that hands one message to an SMS
gateway and returns the gateway's message id, or raises when the gateway refuses it or cannot be
reached (the caller records the error and the task queue tries again later). The class is named by
the dotted path in `MOTCUA_SMS_PROVIDER` and built without arguments, so it reads its own settings;
an empty setting means SMS is switched off. docs/operations.md says how to plug in a real gateway.

Text is sent without Vietnamese diacritics, in the GSM 7-bit alphabet: one SMS then carries 160
characters, while diacritics force UCS-2, where one SMS carries 70 (67 per part of a long message),
so the same notice would cost two or three messages. Unaccented text ("tiếng Việt không dấu") is
how Vietnamese brandname SMS are usually written and every phone shows it.
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from motcua.core.errors import InvalidInput

SMS_LIMIT = 160

# GSM 03.38 basic character set (one septet each) and its extension table (two septets each).
_GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = set("^{}\\[~]|€")
_D_MAP = str.maketrans({"Đ": "D", "đ": "d"})
_SEPARATORS = re.compile(r"[\s.\-()]")
_VN_MOBILE = re.compile(r"^0[35789]\d{8}$")


class SmsProvider(Protocol):
    def send(self, *, to: str, text: str, key: str) -> str:
        """Hand one message to the gateway and return its message id; raise if it was not accepted."""
        ...


def get_sms_provider() -> SmsProvider | None:
    """Return the configured provider, or None when SMS is switched off."""
    path = settings.MOTCUA_SMS_PROVIDER
    if not path:
        return None
    provider: SmsProvider = import_string(path)()
    return provider


def normalise_vn_mobile(raw: str) -> str:
    """Return a Vietnamese mobile number as 0xxxxxxxxx, or raise InvalidInput.

    Accepts spaces, dots, dashes and the +84 / 84 country prefix; the number must then be ten
    digits starting with 03, 05, 07, 08 or 09 (the mobile ranges since the 2018 renumbering).
    Landline numbers (02x…) cannot receive SMS.
    """
    number = _SEPARATORS.sub("", raw or "")
    if number.startswith("+84"):
        number = "0" + number[3:]
    elif number.startswith("84") and len(number) == 11:
        number = "0" + number[2:]
    if not _VN_MOBILE.match(number):
        raise InvalidInput(
            _(
                "Số điện thoại %(phone)s không phải số di động Việt Nam hợp lệ "
                "(10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09)."
            )
            % {"phone": raw},
            field="phone",
        )
    return number


def to_gsm(text: str) -> str:
    """Return the text without diacritics (Đ/đ → D/d), in the GSM 7-bit alphabet ('?' for the rest)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    plain = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    plain = plain.replace("–", "-").replace("—", "-").replace("…", "...").replace("“", '"').replace("”", '"')
    return "".join(ch if ch in _GSM_BASIC or ch in _GSM_EXTENDED else "?" for ch in plain)


def gsm_length(text: str) -> int:
    """Return the number of septets the text takes in GSM 7-bit (extension characters count twice)."""
    return sum(2 if ch in _GSM_EXTENDED else 1 for ch in text)


def fit_sms(parts: list[str], *, optional: list[int] | None = None, shrink: int | None = None) -> str:
    """Join GSM parts into one SMS of at most 160 septets where possible.

    Parts whose index is in `optional` are dropped (last first) while the text is too long; then the
    part at index `shrink` is cut short with "...". If the text is still too long, it is returned
    as it is and goes out as a long (multi-part) message.
    """
    kept = list(parts)
    for index in reversed(optional or []):
        if gsm_length("".join(kept)) <= SMS_LIMIT:
            break
        kept[index] = ""
    text = "".join(kept)
    excess = gsm_length(text) - SMS_LIMIT
    if excess > 0 and shrink is not None and len(kept[shrink]) > excess + 3:
        kept[shrink] = kept[shrink][: len(kept[shrink]) - excess - 3].rstrip() + "..."
        text = "".join(kept)
    return text


class FileSmsProvider:
    """Write each message as one JSON line to `MOTCUA_SMS_FILE_DIR/sms-YYYY-MM-DD.jsonl` (demo, tests).

    Nothing leaves the machine; the file shows what a real gateway would have been asked to send.
    """

    def __init__(self) -> None:
        self.directory = Path(settings.MOTCUA_SMS_FILE_DIR)

    def send(self, *, to: str, text: str, key: str) -> str:
        """Append the message to today's file and return a local message id."""
        message_id = f"file-{uuid.uuid4().hex[:16]}"
        now = timezone.localtime()
        line = json.dumps(
            {"id": message_id, "at": now.isoformat(), "to": to, "text": text, "key": key}, ensure_ascii=False
        )
        self.directory.mkdir(parents=True, exist_ok=True)
        # One write of a whole line in append mode: lines from parallel workers do not interleave.
        with (self.directory / f"sms-{now:%Y-%m-%d}.jsonl").open("a", encoding="utf-8") as out:
            out.write(line + "\n")
        return message_id
