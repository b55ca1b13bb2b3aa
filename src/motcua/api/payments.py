"""/api/v1/payments: the gateway's server-to-server notification (IPN), answered in its own protocol.

This is the glue between two layers: `payments` settles the payment, then the dossier's financial
obligation is marked met through the dossiers service (Decree 118/2025/NĐ-CP Art 24), in the same
transaction. The IPN never needs a signed-in user: the gateway's signature is the authentication.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

import structlog
from ninja import Query, Router, Schema
from pydantic import Field

from motcua.core.errors import DomainError
from motcua.core.ratelimit import client_address
from motcua.dossiers import selectors as dossiers
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import record_payment
from motcua.payments import services as payments
from motcua.payments.models import Payment
from motcua.payments.providers import Outcome, get_provider

logger = structlog.get_logger(__name__)

router = Router(tags=["payments"])


class IpnAnswerOut(Schema):
    RspCode: str = Field(
        description="00 confirmed, 01 order not found, 02 already confirmed, 04 invalid amount, "
        "97 invalid signature, 99 unknown error"
    )
    Message: str


class VnpayResultIn(Schema):
    """The signed result VNPay sends (documented for the schema; every vnp_* field received is verified)."""

    amount: str = Field(default="", alias="vnp_Amount", description="Amount in đồng × 100")
    bank_code: str = Field(default="", alias="vnp_BankCode")
    bank_tran_no: str = Field(default="", alias="vnp_BankTranNo")
    card_type: str = Field(default="", alias="vnp_CardType")
    order_info: str = Field(default="", alias="vnp_OrderInfo")
    pay_date: str = Field(default="", alias="vnp_PayDate", description="yyyyMMddHHmmss, Vietnam time")
    response_code: str = Field(default="", alias="vnp_ResponseCode", description="00 = success")
    tmn_code: str = Field(default="", alias="vnp_TmnCode", description="Merchant (terminal) code")
    transaction_no: str = Field(default="", alias="vnp_TransactionNo", description="VNPay transaction no.")
    transaction_status: str = Field(default="", alias="vnp_TransactionStatus", description="00 = success")
    txn_ref: str = Field(default="", alias="vnp_TxnRef", description="MộtCửa's payment reference")
    secure_hash: str = Field(
        default="", alias="vnp_SecureHash", description="Hex HMAC-SHA512 of the other vnp_* fields"
    )


def meet_obligation(payment: Payment, *, at: datetime) -> bool:
    """Mark the dossier's financial obligation met by a newly paid payment; return whether it was.

    The payer is the actor: the dossiers service accepts the applicant recording their own
    payment. When the dossier no longer waits for payment (withdrawn, recorded at the desk, paid
    twice), the payment stays paid and unrecorded for an administrator to reconcile or refund.
    """
    try:
        with transaction.atomic():
            dossier = dossiers.get_dossier_for_user(user=payment.payer, code=payment.dossier_code)
            record_payment(
                dossier=dossier,
                actor=payment.payer,
                at=at,
                reference=f"Thanh toán trực tuyến {get_provider(payment.provider).label}: "
                f"mã thanh toán {payment.txn_ref}, mã giao dịch {payment.provider_transaction_no or '—'}",
            )
            payments.mark_obligation_recorded(payment=payment, at=at)
    except (Dossier.DoesNotExist, DomainError) as exc:
        logger.warning(
            "payment_not_recorded_on_dossier",
            txn_ref=payment.txn_ref,
            dossier_code=payment.dossier_code,
            reason=str(getattr(exc, "message", exc))[:200],
        )
        return False
    return True


@router.get(
    "/vnpay/ipn",
    response=IpnAnswerOut,
    url_name="payments_vnpay_ipn",
    summary="VNPay IPN: the gateway reports a payment result (signed query parameters)",
    description="Called by VNPay server to server with the vnp_* parameters of the result, signed with "
    "HMAC-SHA512. Idempotent: a repeated notification is answered 02 and changes nothing. Only a "
    "verified success makes a payment paid and marks the dossier's financial obligation met.",
)
def vnpay_ipn(request: HttpRequest, result_in: Query[VnpayResultIn]):
    # The signature covers every vnp_* field received, declared above or not: verify the raw query.
    del result_in
    now = timezone.now()
    params = {key: str(value) for key, value in request.GET.items()}
    try:
        with transaction.atomic():
            result = payments.handle_ipn(
                provider="vnpay", params=params, at=now, remote_addr=client_address(request)
            )
            if result.newly_paid and result.payment is not None:
                meet_obligation(result.payment, at=now)
    except Exception:  # the gateway gets its "unknown error" answer and retries; nothing half-written
        logger.exception("payment_ipn_failed", txn_ref=params.get("vnp_TxnRef", "")[:100])
        try:
            return get_provider("vnpay").acknowledge(Outcome.ERROR)
        except DomainError:
            return {"RspCode": "99", "Message": "Unknow error"}
    return result.answer
