"""Citizen pages for paying a dossier's fees online: pay, come back from the gateway, get the receipt.

Only the applicant who owns the dossier sees these pages (anyone else gets a 404). The return page
shows what the gateway claims but changes nothing; the payment is settled by the gateway's
server-to-server notification (`motcua.api.payments`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motcua.core.errors import DomainError
from motcua.core.ratelimit import client_address
from motcua.documents.pdf import qr_svg, render_pdf
from motcua.dossiers import selectors as dossiers
from motcua.dossiers.models import Dossier, DossierEvent, EventType
from motcua.dossiers.transitions import Channel, DossierStatus
from motcua.payments import selectors as payments
from motcua.payments import services
from motcua.payments.fees import amount_due_vnd, catalog_fee_vnd
from motcua.payments.models import Payment
from motcua.payments.providers import get_provider
from motcua.payments.receipts import TEMPLATE as RECEIPT_TEMPLATE
from motcua.payments.receipts import receipt_context

# Stored on the payment and printed on the receipt: Vietnamese whatever the page language.
DEFAULT_DESCRIPTION = "Phí, lệ phí giải quyết thủ tục hành chính"


@dataclass(frozen=True)
class OpenObligation:
    """The financial obligation a dossier waits for, as notified to the applicant (Decree 118 Art 24)."""

    ref: str
    amount_vnd: int
    catalog_fee_vnd: int
    note: str
    event: DossierEvent | None


def _own_dossier(request: HttpRequest, code: str) -> Dossier:
    try:
        dossier = dossiers.get_dossier_for_user(user=request.user, code=code)
    except Dossier.DoesNotExist as exc:
        raise Http404 from exc
    if dossier.applicant_id != request.user.pk:
        raise Http404
    return dossier


def _open_obligation(dossier: Dossier) -> OpenObligation | None:
    """Return what the dossier waits to be paid, read from its latest payment request event."""
    if dossier.status != DossierStatus.AWAITING_PAYMENT:
        return None
    events = dossiers.list_events(dossier=dossier, public_only=True)
    event = next((e for e in reversed(events) if e.type == EventType.PAYMENT_REQUESTED), None)
    requested = event.data.get("amount_vnd") if event is not None else None
    online = dossier.channel == Channel.ONLINE
    version = dossier.procedure_version
    amount = amount_due_vnd(
        requested_vnd=requested if isinstance(requested, int) else None, version=version, online=online
    )
    if amount <= 0:
        return None
    return OpenObligation(
        ref=str(event.seq) if event is not None else "0",
        amount_vnd=amount,
        catalog_fee_vnd=catalog_fee_vnd(version, online=online),
        note=event.note if event is not None else "",
        event=event,
    )


def _fee_order(dossier: Dossier, obligation: OpenObligation) -> services.FeeOrder:
    return services.FeeOrder(
        dossier_code=dossier.code,
        obligation_ref=obligation.ref,
        province_code=dossier.province_code,
        amount_vnd=obligation.amount_vnd,
        description=obligation.note or DEFAULT_DESCRIPTION,
        payee_name=dossier.competent_agency.name,
        place=dossier.receiving_centre.unit.name,
        procedure_name=dossier.procedure_version.procedure.name,
    )


@login_required
@require_http_methods(["GET", "POST"])
def pay(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _own_dossier(request, code)
    obligation = _open_obligation(dossier)
    already_paid = obligation is not None and payments.has_paid_obligation(
        dossier_code=dossier.code, obligation_ref=obligation.ref
    )
    if request.method == "POST":
        if obligation is None:
            messages.info(request, _("Hồ sơ hiện không có khoản phí, lệ phí nào cần thanh toán."))
            return redirect("portal:payment", code=dossier.code)
        if already_paid:
            messages.info(request, _("Khoản phí, lệ phí này đã được thanh toán."))
            return redirect("portal:payment", code=dossier.code)
        try:
            started = services.start_payment(
                order=_fee_order(dossier, obligation),
                payer=request.user,
                client_ip=client_address(request),
                return_url=request.build_absolute_uri(reverse("portal:payment-return")),
                locale="en" if translation.get_language() == "en" else "vn",
                at=timezone.now(),
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return redirect("portal:payment", code=dossier.code)
        return redirect(started.redirect_url)
    return render(
        request,
        "portal/payment.html",
        {
            "dossier": dossier,
            "obligation": obligation,
            "already_paid": already_paid,
            "payments": payments.list_payments_for_user(user=request.user, dossier_code=dossier.code)[:20],
        },
    )


def _result_page(
    request: HttpRequest, payment: Payment, *, claims_success: bool = False, message: str = ""
) -> HttpResponse:
    if payment.status == Payment.Status.PAID:
        state = "paid"
    elif payment.status == Payment.Status.EXPIRED:
        state = "expired"
    elif payment.status == Payment.Status.FAILED:
        state = "failed"
    else:
        state = "waiting" if claims_success else "failed" if message else "pending"
    if state == "failed" and not message:
        message = get_provider(payment.provider).describe_response(payment.response_code)
    return render(
        request,
        "portal/payment_result.html",
        {"payment": payment, "state": state, "message": message},
    )


@login_required
@require_GET
def payment_return(request: HttpRequest) -> HttpResponse:
    """The gateway's return address: show the result; only the IPN settles the payment."""
    params = {key: str(value) for key, value in request.GET.items() if key.startswith("vnp_")}
    try:
        result = services.read_return(
            provider="vnpay", params=params, at=timezone.now(), remote_addr=client_address(request)
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("portal:my-dossiers")
    if not result.verified or result.payment is None:
        return render(request, "portal/payment_result.html", {"state": "invalid"}, status=400)
    try:
        payment = payments.get_payment_for_user(user=request.user, txn_ref=result.payment.txn_ref)
    except Payment.DoesNotExist as exc:
        raise Http404 from exc
    return _result_page(
        request,
        payment,
        claims_success=result.claims_success,
        message="" if result.claims_success else result.message,
    )


@login_required
@require_GET
def payment_detail(request: HttpRequest, txn_ref: str) -> HttpResponse:
    """One payment of the signed-in citizen, with its current state (the waiting page reloads here)."""
    try:
        payment = payments.get_payment_for_user(user=request.user, txn_ref=txn_ref)
    except Payment.DoesNotExist as exc:
        raise Http404 from exc
    return _result_page(request, payment)


@login_required
@require_GET
def payment_receipt(request: HttpRequest, txn_ref: str) -> HttpResponse:
    """The PDF receipt of a paid payment of the signed-in citizen."""
    try:
        payment = payments.get_paid_payment_for_user(user=request.user, txn_ref=txn_ref)
    except Payment.DoesNotExist as exc:
        raise Http404 from exc
    context = receipt_context(payment=payment, issued_at=timezone.now())
    context["qr"] = qr_svg(context["lookup_url"])
    pdf = render_pdf(RECEIPT_TEMPLATE, context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-nhan-{payment.txn_ref}.pdf"'
    return response
