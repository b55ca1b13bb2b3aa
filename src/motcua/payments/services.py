"""Every change of a payment: atomic, keyword-only, times passed in.

The flow (docs/adr/0008-payments.md):

1. `start_payment` creates a pending payment for a dossier's financial obligation and returns the
   signed address of the gateway's payment page.
2. The gateway sends the browser back to the return page: `read_return` logs what it said and
   changes nothing — the browser can be replayed, forged or never come back.
3. The gateway calls the IPN address server to server: `handle_ipn` verifies the signature, the
   order and the amount, and makes the payment paid or failed exactly once; repeats are answered
   "already confirmed" and change nothing.
4. The interface layer then marks the dossier's obligation met (`dossiers.services.record_payment`)
   and records that here with `mark_obligation_recorded`.
"""

from __future__ import annotations

import ipaddress
import secrets
import string
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Final

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

import structlog

from motcua.core.errors import InvalidInput, NotAllowed
from motcua.core.text import nfc
from motcua.core.timeutil import local
from motcua.workdays import deadlines as dl
from motcua.workdays.selectors import get_calendar

from .models import Payment, PaymentNotification
from .providers import Callback, Checkout, Outcome, PaymentProvider, get_provider
from .providers.vnpay import MAX_AMOUNT_VND, ip_or_loopback

logger = structlog.get_logger(__name__)

BUDGET_TRANSFER_WORKING_HOURS: Final = Decimal(8)  # Art 24(3)
_D_MAP: Final = str.maketrans({"Đ": "D", "đ": "d"})
_REF_ALPHABET: Final = string.ascii_uppercase + string.digits
_MAX_PARAMS: Final = 40
_MAX_PARAM_CHARS: Final = 512


@dataclass(frozen=True)
class FeeOrder:
    """What is being paid: one financial obligation of one dossier, as the interface layer read it."""

    dossier_code: str
    obligation_ref: str
    province_code: str
    amount_vnd: int
    description: str
    payee_name: str
    place: str = ""
    procedure_name: str = ""


@dataclass(frozen=True)
class StartedPayment:
    payment: Payment
    redirect_url: str


@dataclass(frozen=True)
class ReturnResult:
    """What the browser return said; `payment` is set only when the signature was valid."""

    verified: bool
    payment: Payment | None
    response_code: str
    claims_success: bool
    message: str


@dataclass(frozen=True)
class IpnResult:
    outcome: Outcome
    payment: Payment | None
    newly_paid: bool
    answer: dict[str, str]


def expiry_minutes() -> int:
    """Return how long a citizen has to pay at the gateway (vnp_ExpireDate), in minutes."""
    return int(getattr(settings, "MOTCUA_VNPAY_EXPIRE_MINUTES", 15))


def new_txn_ref(at: datetime) -> str:
    """Return a fresh order reference: MC + yyMMddHHmmss + 6 random letters or digits.

    Letters and digits only: every VNPay sample encodes them the same way, and the gateway
    requires the reference to be unique per merchant.
    """
    suffix = "".join(secrets.choice(_REF_ALPHABET) for _position in range(6))
    return f"MC{local(at):%y%m%d%H%M%S}{suffix}"


def order_info_for(dossier_code: str) -> str:
    """Return the order description sent to the gateway: unaccented, no special characters.

    VNPay asks for Vietnamese without diacritics and without special characters in vnp_OrderInfo;
    letters, digits, spaces, dots and hyphens are encoded alike by every sample implementation.
    """
    decomposed = unicodedata.normalize("NFD", f"Thanh toan phi le phi ho so {dossier_code}".translate(_D_MAP))
    plain = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return "".join(ch for ch in plain if (ch.isascii() and ch.isalnum()) or ch in " .-")[:255]


@transaction.atomic
def start_payment(
    *,
    order: FeeOrder,
    payer: Any,
    client_ip: str,
    return_url: str,
    at: datetime,
    locale: str = "vn",
    provider: str = "vnpay",
) -> StartedPayment:
    """Create a pending payment of a dossier's financial obligation; return where to send the citizen.

    Decree 118/2025/NĐ-CP Art 24: fees may be paid online. Refused when the amount is not positive
    or beyond the gateway's range, when the payer is not a citizen, or when this obligation already
    has a paid payment (a second one would charge the citizen twice).
    """
    if not 0 < order.amount_vnd <= MAX_AMOUNT_VND:
        raise InvalidInput(_("Số tiền thanh toán không hợp lệ."), field="amount")
    if not getattr(payer, "is_authenticated", False) or not getattr(payer, "is_citizen", False):
        raise NotAllowed(_("Chỉ người nộp hồ sơ mới thanh toán trực tuyến được."))
    gateway = get_provider(provider)
    already_paid = (
        Payment.objects.for_dossier(order.dossier_code)
        .paid()
        .filter(obligation_ref=order.obligation_ref)
        .exists()
    )
    if already_paid:
        raise NotAllowed(_("Nghĩa vụ tài chính này đã được thanh toán."), code="already_paid")
    expires_at = at + timedelta(minutes=expiry_minutes())
    payment = None
    for _attempt in range(3):  # a reference collision is astronomically rare; retry anyway
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    txn_ref=new_txn_ref(at),
                    provider=gateway.name,
                    dossier_code=order.dossier_code,
                    obligation_ref=order.obligation_ref,
                    province_code=order.province_code,
                    payer=payer,
                    payer_name=nfc(getattr(payer, "full_name", "") or str(payer))[:200],
                    payee_name=nfc(order.payee_name)[:300],
                    place=nfc(order.place)[:200],
                    procedure_name=nfc(order.procedure_name)[:600],
                    description=nfc(order.description)[:500] or "Phí, lệ phí",
                    amount=order.amount_vnd,
                    order_info=order_info_for(order.dossier_code),
                    client_ip=ip_or_loopback(client_ip),
                    created_at=at,
                    expires_at=expires_at,
                )
            break
        except IntegrityError:
            continue
    if payment is None:
        raise NotAllowed(_("Không tạo được giao dịch thanh toán. Vui lòng thử lại."))
    url = gateway.checkout_url(
        Checkout(
            txn_ref=payment.txn_ref,
            amount_vnd=payment.amount,
            order_info=payment.order_info,
            return_url=return_url,
            client_ip=payment.client_ip,
            created_at=at,
            expires_at=expires_at,
            locale=locale,
        )
    )
    logger.info(
        "payment_started", txn_ref=payment.txn_ref, dossier_code=payment.dossier_code, amount=payment.amount
    )
    return StartedPayment(payment=payment, redirect_url=url)


def read_return(
    *, params: Mapping[str, str], at: datetime, remote_addr: str | None = None, provider: str = "vnpay"
) -> ReturnResult:
    """Log the gateway's browser return and report what it claims; never change the payment.

    The return address is only for showing the citizen a result: a browser can replay or forge
    it, so only the server-to-server notification (`handle_ipn`) settles a payment.
    """
    gateway = get_provider(provider)
    callback = gateway.read_callback(params)
    payment = None
    if callback.verified:
        payment = Payment.objects.filter(txn_ref=callback.txn_ref, provider=gateway.name).first()
    _log(gateway, PaymentNotification.Kind.RETURN, callback, payment=payment, at=at, remote_addr=remote_addr)
    return ReturnResult(
        verified=callback.verified,
        payment=payment,
        response_code=callback.response_code,
        claims_success=callback.verified and callback.response_code == "00",
        message=gateway.describe_response(callback.response_code) if callback.verified else "",
    )


@transaction.atomic
def handle_ipn(
    *, params: Mapping[str, str], at: datetime, remote_addr: str | None = None, provider: str = "vnpay"
) -> IpnResult:
    """Settle a payment from the gateway's server-to-server notification, exactly once.

    Checked in the order of VNPay's merchant sample: signature (else 97), order of this merchant
    (else 01), amount equal to the order's (else 04), payment still open (else 02). A verified
    success makes the payment paid, anything else failed; both are confirmed (00). The payment row
    is locked, so concurrent repeats wait and then see it settled. A late success for a payment
    that expired locally is still recorded as paid: the citizen's money was taken.
    """
    gateway = get_provider(provider)
    callback = gateway.read_callback(params)
    payment: Payment | None = None
    newly_paid = False
    if not callback.verified:
        outcome = Outcome.INVALID_SIGNATURE
    else:
        if callback.merchant == gateway.merchant_id():
            payment = (
                Payment.objects.select_for_update()
                .filter(txn_ref=callback.txn_ref, provider=gateway.name)
                .first()
            )
        if payment is None:
            outcome = Outcome.ORDER_NOT_FOUND
        elif callback.amount_vnd != payment.amount:
            outcome = Outcome.INVALID_AMOUNT
        elif payment.status in (Payment.Status.PAID, Payment.Status.FAILED) or (
            payment.status == Payment.Status.EXPIRED and not callback.is_success
        ):
            outcome = Outcome.ALREADY_CONFIRMED
        else:
            _settle(payment, callback, at=at)
            newly_paid = payment.is_paid
            outcome = Outcome.CONFIRMED
    _log(
        gateway,
        PaymentNotification.Kind.IPN,
        callback,
        payment=payment,
        at=at,
        remote_addr=remote_addr,
        outcome=outcome,
    )
    logger.info(
        "payment_ipn",
        txn_ref=callback.txn_ref,
        outcome=str(outcome),
        verified=callback.verified,
        response_code=callback.response_code,
    )
    return IpnResult(
        outcome=outcome, payment=payment, newly_paid=newly_paid, answer=gateway.acknowledge(outcome)
    )


def _settle(payment: Payment, callback: Callback, *, at: datetime) -> None:
    payment.response_code = callback.response_code[:4]
    payment.provider_transaction_no = callback.transaction_no[:40]
    payment.bank_code = callback.bank_code[:20]
    payment.bank_transaction_no = callback.bank_transaction_no[:60]
    payment.card_type = callback.card_type[:20]
    payment.confirmed_at = at
    payment.closed_at = at
    if callback.is_success:
        payment.status = Payment.Status.PAID
        payment.paid_at = callback.paid_at or at
        payment.budget_transfer_due_at = budget_transfer_due(paid_at=payment.paid_at)
    else:
        payment.status = Payment.Status.FAILED
    payment.save(
        update_fields=[
            "status",
            "response_code",
            "provider_transaction_no",
            "bank_code",
            "bank_transaction_no",
            "card_type",
            "confirmed_at",
            "closed_at",
            "paid_at",
            "budget_transfer_due_at",
        ]
    )


def budget_transfer_due(*, paid_at: datetime) -> datetime | None:
    """Return by when fee money paid online must reach the state budget.

    Decree 118/2025/NĐ-CP Art 24(3): within 8 working hours of payment unless the sector law says
    otherwise. None when the working calendar does not cover the instant.
    """
    try:
        return dl.compute_due(
            get_calendar(), start=paid_at, duration=dl.WorkingHours(BUDGET_TRANSFER_WORKING_HOURS)
        )
    except ValueError:
        return None


@transaction.atomic
def mark_obligation_recorded(*, payment: Payment, at: datetime) -> Payment:
    """Record that the dossier's financial obligation was marked met thanks to this payment."""
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    if not locked.is_paid:
        raise NotAllowed(_("Khoản thanh toán chưa được xác nhận."))
    if locked.obligation_recorded_at is None:
        locked.obligation_recorded_at = at
        locked.save(update_fields=["obligation_recorded_at"])
    return locked


@transaction.atomic
def expire_stale_payments(*, at: datetime, grace_minutes: int = 15) -> int:
    """Mark expired the pending payments whose time to pay ended more than `grace_minutes` ago.

    The grace leaves room for a notification still on its way; a success arriving later still
    settles the payment (`handle_ipn`).
    """
    stale = Payment.objects.stale(at=at - timedelta(minutes=grace_minutes))
    count = stale.update(status=Payment.Status.EXPIRED, closed_at=at)
    if count:
        logger.info("payments_expired", count=count)
    return count


def _log(
    gateway: PaymentProvider,
    kind: str,
    callback: Callback,
    *,
    payment: Payment | None,
    at: datetime,
    remote_addr: str | None,
    outcome: Outcome | None = None,
) -> PaymentNotification:
    params = {str(k)[:64]: str(v)[:_MAX_PARAM_CHARS] for k, v in list(callback.raw.items())[:_MAX_PARAMS]}
    answer = gateway.answer_code(outcome) if outcome is not None else ""
    return PaymentNotification.objects.create(
        payment=payment,
        provider=gateway.name,
        kind=kind,
        received_at=at,
        txn_ref=callback.txn_ref[:100],
        verified=callback.verified,
        response_code=callback.response_code[:4],
        answer=answer[:4],
        params=params,
        remote_addr=_ip_or_none(remote_addr),
    )


def _ip_or_none(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None
