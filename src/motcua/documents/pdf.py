"""HTML → PDF for official forms (WeasyPrint), with the vendored Tinos font and QR codes.

Decree 30/2020/NĐ-CP asks for Times New Roman in administrative documents; Tinos is metric-
compatible with it and ships with the project (documents/fonts, SIL OFL), so a form looks the same
on every machine whatever fonts are installed. WeasyPrint is imported only when a PDF is rendered.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

import segno

FONTS_DIR = Path(__file__).resolve().parent / "fonts"


def qr_svg(data: str, *, scale: int = 3) -> str:
    """Return an inline SVG QR code for the data (e.g. the public lookup address of a dossier)."""
    qr = segno.make(data, error="m")
    svg: str = qr.svg_inline(scale=scale, border=1)
    return svg


def render_html(template_name: str, context: dict[str, Any]) -> str:
    """Render a form template to NFC HTML."""
    return unicodedata.normalize("NFC", render_to_string(template_name, context))


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a form template to PDF bytes."""
    from weasyprint import CSS, HTML  # heavy import, needs Pango from the system
    from weasyprint.text.fonts import FontConfiguration

    html = render_html(template_name, context)
    # @font-face rules only load through a FontConfiguration shared by the stylesheet and the render.
    font_config = FontConfiguration()
    fonts = CSS(filename=str(FONTS_DIR / "tinos.css"), base_url=str(FONTS_DIR) + "/", font_config=font_config)
    pdf: bytes = HTML(string=html, base_url=str(FONTS_DIR) + "/").write_pdf(
        stylesheets=[fonts], font_config=font_config
    )
    return pdf
