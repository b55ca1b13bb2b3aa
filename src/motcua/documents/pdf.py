"""HTML → PDF for official forms (WeasyPrint), with the vendored Tinos font and QR codes.

Decree 30/2020/NĐ-CP asks for Times New Roman in administrative documents; Tinos is metric-
compatible with it and ships with the project (documents/fonts, SIL OFL), so a form looks the same
on every machine whatever fonts are installed. WeasyPrint is imported only when a PDF is rendered.
"""

from __future__ import annotations

import atexit
import threading
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


_per_thread = threading.local()
# Release the main thread's fonts while the interpreter is still whole (their finaliser needs it).
atexit.register(lambda: _per_thread.__dict__.clear())


def fonts() -> tuple[Any, Any]:
    """Return this thread's font configuration and the stylesheet that loads the vendored fonts.

    @font-face rules only load through a FontConfiguration shared by the stylesheet and the
    render. Loading them costs most of a render (about 0.7 s of a one-page form), so each thread
    keeps one pair; a FontConfiguration is not shared between threads.
    """
    pair = getattr(_per_thread, "fonts", None)
    if pair is None:
        from weasyprint import CSS  # heavy import, needs Pango from the system
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()
        css = CSS(
            filename=str(FONTS_DIR / "tinos.css"), base_url=str(FONTS_DIR) + "/", font_config=font_config
        )
        pair = _per_thread.fonts = (font_config, css)
    return pair


def render_document(html: str) -> Any:
    """Lay out NFC HTML as a WeasyPrint document with the vendored fonts."""
    from weasyprint import HTML

    font_config, css = fonts()
    return HTML(string=html, base_url=str(FONTS_DIR) + "/").render(stylesheets=[css], font_config=font_config)


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a form template to PDF bytes."""
    pdf: bytes = render_document(render_html(template_name, context)).write_pdf()
    return pdf
