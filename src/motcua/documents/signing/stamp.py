"""The visible signature stamp: agency, signer, signing time, document code and a QR code.

The text is set in Tinos (metric-compatible with Times New Roman, Decree 30/2020/NĐ-CP), from the
font vendored in `documents/fonts` (one merged WOFF2 per style), reduced once per process to the
characters of Vietnamese text and embedded by pyHanko as a subset, so the stamp reads correctly in
any viewer with no system font.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from dataclasses import dataclass
from typing import Any

from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.font.api import FontEngineFactory
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import BaseStampStyle, QRStampStyle, TextStampStyle

from motcua.documents.pdf import FONTS_DIR

STAMP_FONT_SIZE = 7

# Box of the stamp in PDF points (1/72 inch) from the page's bottom-left corner: 95 × 30 mm,
# bottom right of an A4 page inside the 15 mm right and 20 mm bottom margins of the official forms.
DEFAULT_BOX = (283.0, 57.0, 552.0, 142.0)


VIETNAMESE_CHARSET = [
    *range(0x20, 0x7F),
    *range(0xA0, 0x180),  # Latin-1 supplement, Latin Extended-A
    0x1A0,
    0x1A1,
    0x1AF,
    0x1B0,  # Ơ ơ Ư ư
    *range(0x300, 0x324),  # combining marks
    *range(0x1EA0, 0x1EFA),  # Latin Extended Additional (Vietnamese)
    *range(0x2010, 0x2027),  # dashes, quotes, ellipsis
    0x20AB,  # ₫
]


@functools.lru_cache(maxsize=1)
def tinos_ttf() -> bytes:
    """Return the vendored Tinos (regular) as a TrueType font reduced to Vietnamese text."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    merged = TTFont(str(FONTS_DIR / "Tinos-Regular.woff2"))
    merged.flavor = None
    # Keep only what Vietnamese text needs, so embedding a subset per signature stays cheap.
    options = subset.Options()
    # Stamp text is NFC: every Vietnamese letter is one precomposed glyph, so no OpenType layout
    # (mark positioning, ligatures) is needed; without it, per-signature subsetting is much cheaper.
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False  # the hinting programs do not survive the rescaling below
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=VIETNAMESE_CHARSET)
    subsetter.subset(merged)
    # pyHanko 0.38 writes glyph widths in font units into /W, which PDF reads as 1/1000 em; Tinos has
    # 2048 units per em, so rescale it to 1000 or the stamp's letters are spread twice too wide.
    scale_upem(merged, 1000)
    out = io.BytesIO()
    merged.save(out)
    return out.getvalue()


class TinosFactory(FontEngineFactory):
    """Create a pyHanko font engine for Tinos, tagged as Vietnamese text."""

    def __init__(self, size: int = STAMP_FONT_SIZE) -> None:
        self.size = size

    def create_font_engine(self, writer: Any, obj_stream: Any = None) -> GlyphAccumulator:
        return GlyphAccumulator(
            writer=writer,
            font_handle=io.BytesIO(tinos_ttf()),
            font_size=self.size,
            bcp47_lang_code="vi",
            obj_stream=obj_stream,
        )


@dataclass(frozen=True)
class StampText:
    """What the visible stamp says. `verify_url` adds a QR code pointing to the public check."""

    agency: str
    signer: str
    signed_at: str
    document_code: str = ""
    verify_url: str = ""
    heading: str = "Ký số bởi"

    def lines(self) -> str:
        rows = [
            f"{self.heading}: {self.signer}",
            f"Cơ quan: {self.agency}",
            f"Thời gian ký: {self.signed_at}",
        ]
        if self.document_code:
            rows.append(f"Mã số giấy tờ: {self.document_code}")
        if self.verify_url:
            rows.append("Quét mã QR để xác thực")
        return unicodedata.normalize("NFC", "\n".join(_escape(r) for r in rows))


def _escape(text: str) -> str:
    # The stamp text is a %-format template.
    return text.replace("%", "%%")


def style_for(text: StampText) -> BaseStampStyle:
    """Return the stamp style: with a QR code when the text has a verification address."""
    box_style = TextBoxStyle(font=TinosFactory(), font_size=STAMP_FONT_SIZE, leading=STAMP_FONT_SIZE + 2)
    common: dict[str, Any] = {
        "stamp_text": text.lines(),
        "text_box_style": box_style,
        "border_width": 1,
        "background": None,
        "inner_content_layout": None,
    }
    if text.verify_url:
        return QRStampStyle(**common, innsep=2)
    return TextStampStyle(
        **{
            **common,
            "inner_content_layout": layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MIN,
                y_align=layout.AxisAlignment.ALIGN_MID,
                margins=layout.Margins(left=4, right=4, top=4, bottom=4),
            ),
        }
    )
