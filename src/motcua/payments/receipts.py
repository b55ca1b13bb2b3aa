"""The payment receipt (Biên nhận thanh toán trực tuyến), rebuilt from the stored payment.

It confirms that the gateway reported the money paid. It is not the fee receipt (biên lai thu phí,
lệ phí) that the collecting agency issues under the law on invoices and receipts; the PDF says so.

This module only builds the template context: the layer contract keeps `payments` independent of
its sibling `documents`, so the interface layer renders the PDF with `documents.pdf.render_pdf`
(and adds the QR code of `lookup_url`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.core.errors import NotAllowed
from motcua.core.timeutil import local

from .fees import vnd_in_words
from .models import Payment, Provider

TEMPLATE: Final = "payments/receipt.html"


def receipt_context(*, payment: Payment, issued_at: datetime) -> dict[str, Any]:
    """Return the template context of a paid payment's receipt; refuse one not paid."""
    if not payment.is_paid or payment.paid_at is None:
        raise NotAllowed(_("Khoản thanh toán chưa được xác nhận nên chưa có biên nhận."), code="not_paid")
    return {
        "payment": payment,
        "provider_label": Provider(payment.provider).label,
        "issuer": payment.payee_name,
        "issuer_parent": "",
        "place": payment.place or "…",
        "today": local(issued_at),
        "number": payment.txn_ref,
        "paid_at": local(payment.paid_at),
        "amount_words": vnd_in_words(payment.amount),
        "lookup_url": f"{settings.MOTCUA_PUBLIC_BASE_URL}/tra-cuu/?ma={payment.dossier_code}",
    }
