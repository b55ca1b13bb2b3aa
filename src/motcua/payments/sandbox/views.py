"""The sandbox gateway's payment page: check the signed request, pick an outcome, report it back.

GET shows the order (after the checks the real gateway makes: format, merchant, signature,
expiry); POST signs the chosen result, calls the merchant's IPN address server to server, then sends
the browser to the merchant's return address, in that order.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Final
from urllib.parse import parse_qsl

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

import structlog

from motcua.core.errors import DomainError
from motcua.payments.providers import vnpay
from motcua.payments.providers.vnpay import VnpayConfig

from . import delivery

logger = structlog.get_logger(__name__)

REQUIRED: Final = (
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_Amount",
    "vnp_CurrCode",
    "vnp_TxnRef",
    "vnp_OrderInfo",
    "vnp_ReturnUrl",
    "vnp_IpAddr",
    "vnp_CreateDate",
    "vnp_SecureHash",
)
BANKS: Final = (
    ("NCB", "Ngân hàng Quốc Dân (NCB) – ngân hàng thử nghiệm"),
    ("VCB", "Vietcombank"),
    ("BIDV", "BIDV"),
    ("VIETINBANK", "VietinBank"),
    ("AGRIBANK", "Agribank"),
    ("MBBANK", "MB Bank"),
    ("TPBANK", "TPBank"),
    ("VNPAYQR", "Quét mã VNPAY-QR"),
)
# outcome → (vnp_ResponseCode, vnp_TransactionStatus)
OUTCOMES: Final = {
    "success": ("00", "00"),
    "insufficient": ("51", "02"),
    "cancel": ("24", "02"),
    "expired": ("11", "02"),
}


@dataclass(frozen=True)
class SandboxError:
    code: str
    message: str | Promise


FORMAT_ERROR: Final = SandboxError("03", gettext_lazy("Dữ liệu gửi sang không đúng định dạng."))
MERCHANT_ERROR: Final = SandboxError("02", gettext_lazy("Merchant không hợp lệ (kiểm tra lại vnp_TmnCode)."))
SIGNATURE_ERROR: Final = SandboxError("70", gettext_lazy("Sai chữ ký."))


def _config() -> VnpayConfig:
    return VnpayConfig.from_settings()


def _check(params: dict[str, str], config: VnpayConfig) -> SandboxError | None:
    """Make the checks the gateway makes before showing its payment page."""
    if any(not params.get(name) for name in REQUIRED):
        return FORMAT_ERROR
    if (
        params["vnp_Version"] != vnpay.VERSION
        or params["vnp_Command"] != vnpay.COMMAND
        or params["vnp_CurrCode"] != vnpay.CURRENCY
        or not params["vnp_Amount"].isdigit()
        or int(params["vnp_Amount"]) % 100
        or int(params["vnp_Amount"]) <= 0
        or vnpay.parse_time(params["vnp_CreateDate"]) is None
        or (params.get("vnp_ExpireDate") and vnpay.parse_time(params["vnp_ExpireDate"]) is None)
        or not params["vnp_ReturnUrl"].startswith(("http://", "https://"))
    ):
        return FORMAT_ERROR
    if params["vnp_TmnCode"] != config.tmn_code:
        return MERCHANT_ERROR
    if not vnpay.verify(params, config.hash_secret):
        return SIGNATURE_ERROR
    return None


def _is_expired(params: dict[str, str], now: datetime) -> bool:
    expires = vnpay.parse_time(params.get("vnp_ExpireDate", ""))
    return expires is not None and now > expires


def _error(request: HttpRequest, error: SandboxError) -> HttpResponse:
    return render(request, "payments/sandbox/error.html", {"error": error}, status=400)


def ipn_url(request: HttpRequest) -> str:
    """Return the merchant's IPN address (at VNPay it is registered out of band, not sent per order)."""
    configured = str(getattr(settings, "MOTCUA_VNPAY_SANDBOX_IPN_URL", "") or "")
    if configured:
        return configured
    try:
        path = reverse("api:payments_vnpay_ipn")
    except NoReverseMatch:
        path = "/api/v1/payments/vnpay/ipn"
    return request.build_absolute_uri(path)


def result_params(params: dict[str, str], *, outcome: str, bank_code: str, now: datetime) -> dict[str, str]:
    """Return the unsigned parameters the gateway reports for an order and an outcome."""
    response_code, transaction_status = OUTCOMES[outcome]
    success = response_code == "00"
    transaction_no = f"{secrets.randbelow(90_000_000) + 10_000_000}" if success else "0"
    result = {
        "vnp_Amount": params["vnp_Amount"],
        "vnp_BankCode": bank_code,
        "vnp_CardType": "QRCODE" if bank_code == "VNPAYQR" else "ATM",
        "vnp_OrderInfo": params["vnp_OrderInfo"],
        "vnp_PayDate": vnpay.format_time(now),
        "vnp_ResponseCode": response_code,
        "vnp_TmnCode": params["vnp_TmnCode"],
        "vnp_TransactionNo": transaction_no,
        "vnp_TransactionStatus": transaction_status,
        "vnp_TxnRef": params["vnp_TxnRef"],
    }
    if success:
        result["vnp_BankTranNo"] = f"VNP{transaction_no}"
    return result


@require_http_methods(["GET", "POST"])
def pay(request: HttpRequest) -> HttpResponse:
    try:
        config = _config()
    except DomainError as exc:
        return _error(request, SandboxError("99", exc.message))
    now = timezone.now()
    if request.method == "GET":
        params = {key: str(value) for key, value in request.GET.items()}
        query = request.META.get("QUERY_STRING", "")
    else:
        query = request.POST.get("q", "")[:8000]
        params = dict(parse_qsl(query, keep_blank_values=True))
    error = _check(params, config)
    if error is not None:
        logger.info("vnpay_sandbox_refused", code=error.code, txn_ref=params.get("vnp_TxnRef", ""))
        return _error(request, error)
    expired = _is_expired(params, now)
    if request.method == "GET":
        return render(
            request,
            "payments/sandbox/pay.html",
            {
                "query": query,
                "merchant": params["vnp_TmnCode"],
                "amount_vnd": int(params["vnp_Amount"]) // 100,
                "order_info": params["vnp_OrderInfo"],
                "txn_ref": params["vnp_TxnRef"],
                "expires_at": vnpay.parse_time(params.get("vnp_ExpireDate", "")),
                "expired": expired,
                "banks": BANKS,
                "chosen_bank": params.get("vnp_BankCode") or "NCB",
            },
        )
    outcome = request.POST.get("outcome", "")
    bank_code = request.POST.get("bank", "NCB")
    if outcome not in OUTCOMES or bank_code not in dict(BANKS):
        return _error(request, FORMAT_ERROR)
    if expired:
        outcome = "expired"
    signed = vnpay.signed_query(
        result_params(params, outcome=outcome, bank_code=bank_code, now=now), config.hash_secret
    )
    target = ipn_url(request)
    try:
        answer = delivery.deliver_ipn(target, signed)
        rsp_code = str(json.loads(answer).get("RspCode", ""))
    except (OSError, ValueError, AttributeError) as exc:
        rsp_code = ""
        logger.warning(
            "vnpay_sandbox_ipn_failed", url=target, error=str(exc)[:200], txn_ref=params["vnp_TxnRef"]
        )
    else:
        logger.info("vnpay_sandbox_ipn_sent", url=target, rsp_code=rsp_code, txn_ref=params["vnp_TxnRef"])
    return_url = params["vnp_ReturnUrl"]
    separator = "&" if "?" in return_url else "?"
    return HttpResponseRedirect(f"{return_url}{separator}{signed}")
