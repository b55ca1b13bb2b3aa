"""Render a result from an HTML template and find where its signature stamp goes.

The template marks the place of the signature with an element ``id="chu-ky-so"`` of the stamp's size
(e.g. ``<div id="chu-ky-so" style="width:95mm;height:30mm"></div>``); WeasyPrint reports the
element's box on its page, and the stamp is drawn in it. Without the element, the stamp goes at
the bottom right of the last page. The template receives ``document_code``, ``verify_url`` and
``qr`` (an inline SVG QR code of ``verify_url``) besides the caller's context.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.template.loader import render_to_string

from motcua.documents.pdf import qr_svg, render_document

from .pades import Placement
from .stamp import DEFAULT_BOX

ANCHOR = "chu-ky-so"
STAMP_WIDTH_PT = DEFAULT_BOX[2] - DEFAULT_BOX[0]
STAMP_HEIGHT_PT = DEFAULT_BOX[3] - DEFAULT_BOX[1]
CSS_PX_TO_PT = 0.75


def render_result_pdf(
    template_name: str, context: dict[str, Any], *, document_code: str, verify_url: str
) -> tuple[bytes, Placement]:
    """Return the PDF of a result template and the placement of its signature stamp."""
    full = {**context, "document_code": document_code, "verify_url": verify_url, "qr": qr_svg(verify_url)}
    html = unicodedata.normalize("NFC", render_to_string(template_name, full))
    document = render_document(html)
    placement = Placement()
    for index, page in enumerate(document.pages):
        if ANCHOR in page.anchors:
            # (x1, y1, x2, y2) in CSS px from the page's top left; PDF points go up from the bottom.
            x1, y1, x2, y2 = page.anchors[ANCHOR]
            page_height = page.height * CSS_PX_TO_PT
            left, top = x1 * CSS_PX_TO_PT, page_height - y1 * CSS_PX_TO_PT
            width = (x2 - x1) * CSS_PX_TO_PT or STAMP_WIDTH_PT
            height = (y2 - y1) * CSS_PX_TO_PT or STAMP_HEIGHT_PT
            placement = Placement(page=index, box=(left, top - height, left + width, top))
    pdf: bytes = document.write_pdf()
    return pdf, placement
