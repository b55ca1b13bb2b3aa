"""VNPay payment gateway client, protocol version 2.1.0 (HMAC-SHA512).

Protocol, as implemented here (sources in `payments/sandbox/README.md`, which also lists what is
not verified against the real gateway):

* The citizen's browser is sent with GET to ``{vnp_Url}?vnp_Version=2.1.0&vnp_Command=pay&…``
  carrying vnp_TmnCode, vnp_Amount (đồng × 100), vnp_CurrCode=VND, vnp_TxnRef, vnp_OrderInfo,
  vnp_OrderType, vnp_Locale, vnp_ReturnUrl, vnp_IpAddr, vnp_CreateDate and vnp_ExpireDate
  (yyyyMMddHHmmss, Vietnam time) and vnp_SecureHash.
* vnp_SecureHash is the lower-case hex HMAC-SHA512, keyed with the merchant's hash secret, of the
  ``vnp_*`` parameters other than vnp_SecureHash and vnp_SecureHashType, with empty values left
  out, sorted by name, each name and value form-URL-encoded (space as ``+``), joined ``k=v`` by
  ``&`` — the same string as the query string sent.
* The gateway sends the result twice with the same signed parameters (vnp_Amount, vnp_BankCode,
  vnp_BankTranNo, vnp_CardType, vnp_OrderInfo, vnp_PayDate, vnp_ResponseCode, vnp_TmnCode,
  vnp_TransactionNo, vnp_TransactionStatus, vnp_TxnRef): the browser to vnp_ReturnUrl, for display
  only, and a server-to-server GET to the IPN address registered with VNPay, which the merchant
  answers with JSON ``{"RspCode": …, "Message": …}``. A payment succeeded when vnp_ResponseCode and
  vnp_TransactionStatus are both ``00``.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Final
from urllib.parse import quote_plus

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import NotAllowed
from motcua.core.timeutil import VN_TZ, local

from .base import Callback, Checkout, Outcome, PaymentProvider

VERSION: Final = "2.1.0"
COMMAND: Final = "pay"
CURRENCY: Final = "VND"
ORDER_TYPE: Final = "other"
DATE_FORMAT: Final = "%Y%m%d%H%M%S"
HASH_FIELDS_EXCLUDED: Final = frozenset({"vnp_SecureHash", "vnp_SecureHashType"})
MAX_AMOUNT_VND: Final = 9_999_999_999  # vnp_Amount is Numeric[1,12] after × 100

# Local sandbox identity: used only when settings.USE_VNPAY_SANDBOX is on and nothing else is set.
SANDBOX_TMN_CODE: Final = "MOTCUA01"
SANDBOX_HASH_SECRET: Final = "motcua-sandbox-secret-not-for-production"  # noqa: S105

# The answers of the IPN, as in VNPay's merchant sample code ("Unknow error" is VNPay's spelling).
IPN_ANSWERS: Final[dict[Outcome, tuple[str, str]]] = {
    Outcome.CONFIRMED: ("00", "Confirm Success"),
    Outcome.ORDER_NOT_FOUND: ("01", "Order not found"),
    Outcome.ALREADY_CONFIRMED: ("02", "Order already confirmed"),
    Outcome.INVALID_AMOUNT: ("04", "Invalid amount"),
    Outcome.INVALID_SIGNATURE: ("97", "Invalid signature"),
    Outcome.ERROR: ("99", "Unknow error"),
}

# vnp_ResponseCode values a citizen may meet (VNPay's "bảng mã lỗi"), explained in our own words.
RESPONSE_MESSAGES: Final = {
    "00": _("Giao dịch thành công."),
    "07": _("Đã trừ tiền nhưng giao dịch đang được kiểm tra thêm. Vui lòng chờ cơ quan xác nhận."),
    "09": _("Thẻ hoặc tài khoản chưa đăng ký dịch vụ ngân hàng trực tuyến."),
    "10": _("Xác thực thông tin thẻ hoặc tài khoản sai quá 3 lần."),
    "11": _("Đã hết thời gian chờ thanh toán. Vui lòng thực hiện lại."),
    "12": _("Thẻ hoặc tài khoản đang bị khóa."),
    "13": _("Mã xác thực giao dịch (OTP) không đúng."),
    "24": _("Bạn đã hủy giao dịch."),
    "51": _("Tài khoản không đủ số dư để thanh toán."),
    "65": _("Tài khoản đã vượt quá hạn mức giao dịch trong ngày."),
    "75": _("Ngân hàng thanh toán đang bảo trì."),
    "79": _("Nhập sai mật khẩu thanh toán quá số lần quy định."),
}


def encode(value: str) -> str:
    """Form-URL-encode one name or value as VNPay's PHP sample does (``urlencode``).

    Letters, digits and ``-_.`` stay as they are, a space becomes ``+``, everything else is %XX of
    its UTF-8 bytes (``~`` included, unlike Python's ``quote_plus``).
    """
    return quote_plus(value, safe="").replace("~", "%7E")


def signing_string(params: Mapping[str, str]) -> str:
    """Return the string VNPay signs: the vnp_* parameters, hash fields and empty values left out."""
    items = sorted(
        (name, str(value))
        for name, value in params.items()
        if name.startswith("vnp_") and name not in HASH_FIELDS_EXCLUDED and str(value) != ""
    )
    return "&".join(f"{encode(name)}={encode(value)}" for name, value in items)


def sign(params: Mapping[str, str], secret: str) -> str:
    """Return the lower-case hex HMAC-SHA512 of the signing string."""
    return hmac.new(secret.encode(), signing_string(params).encode(), hashlib.sha512).hexdigest()


def verify(params: Mapping[str, str], secret: str) -> bool:
    """Return whether vnp_SecureHash matches the parameters (constant-time comparison)."""
    received = str(params.get("vnp_SecureHash", "")).strip().lower()
    if not received or not secret:
        return False
    return hmac.compare_digest(received, sign(params, secret))


def signed_query(params: Mapping[str, str], secret: str) -> str:
    """Return the query string of the parameters followed by their vnp_SecureHash."""
    return f"{signing_string(params)}&vnp_SecureHash={sign(params, secret)}"


def format_time(value: datetime) -> str:
    """Return yyyyMMddHHmmss in Vietnam time."""
    return local(value).strftime(DATE_FORMAT)


def parse_time(value: str) -> datetime | None:
    """Read yyyyMMddHHmmss as Vietnam time; None when malformed."""
    if len(value) != 14 or not value.isdigit():
        return None
    try:
        naive = datetime.strptime(value, DATE_FORMAT)  # noqa: DTZ007 - made aware on the next line
    except ValueError:
        return None
    return naive.replace(tzinfo=VN_TZ)


def ip_or_loopback(value: str) -> str:
    """Return the address if it is an IP address, else 127.0.0.1 (vnp_IpAddr is required)."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return "127.0.0.1"


@dataclass(frozen=True)
class VnpayConfig:
    tmn_code: str
    hash_secret: str
    payment_url: str
    sandbox: bool = False

    @classmethod
    def from_settings(cls) -> VnpayConfig:
        """Read the merchant configuration; the sandbox fills in what is missing when it is on."""
        sandbox = bool(getattr(settings, "USE_VNPAY_SANDBOX", False))
        tmn = str(getattr(settings, "MOTCUA_VNPAY_TMN_CODE", "") or "")
        secret = str(getattr(settings, "MOTCUA_VNPAY_HASH_SECRET", "") or "")
        url = str(getattr(settings, "MOTCUA_VNPAY_URL", "") or "")
        if sandbox:
            tmn = tmn or SANDBOX_TMN_CODE
            secret = secret or SANDBOX_HASH_SECRET
            url = url or reverse("vnpay_sandbox:pay")
        if not (tmn and secret and url):
            raise NotAllowed(
                _("Thanh toán trực tuyến chưa được cấu hình. Vui lòng nộp phí, lệ phí tại Bộ phận Một cửa."),
                code="payments_not_configured",
            )
        return cls(tmn_code=tmn, hash_secret=secret, payment_url=url, sandbox=sandbox)


class VnpayProvider(PaymentProvider):
    name: ClassVar[str] = "vnpay"
    label: ClassVar[str] = "VNPay"

    def __init__(self, config: VnpayConfig) -> None:
        self.config = config

    def merchant_id(self) -> str:
        return self.config.tmn_code

    def checkout_params(self, checkout: Checkout) -> dict[str, str]:
        """Return the unsigned parameters of the payment request."""
        if not 0 < checkout.amount_vnd <= MAX_AMOUNT_VND:
            raise ValueError("amount out of VNPay's range")
        params = {
            "vnp_Version": VERSION,
            "vnp_Command": COMMAND,
            "vnp_TmnCode": self.config.tmn_code,
            "vnp_Amount": str(checkout.amount_vnd * 100),
            "vnp_CurrCode": CURRENCY,
            "vnp_TxnRef": checkout.txn_ref,
            "vnp_OrderInfo": checkout.order_info,
            "vnp_OrderType": ORDER_TYPE,
            "vnp_Locale": "en" if checkout.locale == "en" else "vn",
            "vnp_ReturnUrl": checkout.return_url,
            "vnp_IpAddr": ip_or_loopback(checkout.client_ip),
            "vnp_CreateDate": format_time(checkout.created_at),
            "vnp_ExpireDate": format_time(checkout.expires_at),
        }
        if checkout.bank_code:
            params["vnp_BankCode"] = checkout.bank_code
        return params

    def checkout_url(self, checkout: Checkout) -> str:
        query = signed_query(self.checkout_params(checkout), self.config.hash_secret)
        return f"{self.config.payment_url}?{query}"

    def read_callback(self, params: Mapping[str, str]) -> Callback:
        raw = {k: str(v) for k, v in params.items() if k.startswith("vnp_")}
        if not verify(raw, self.config.hash_secret):
            return Callback(verified=False, txn_ref=raw.get("vnp_TxnRef", "")[:100], raw=raw)
        amount_text = raw.get("vnp_Amount", "")
        amount: int | None = None
        if amount_text.isdigit() and int(amount_text) % 100 == 0:
            amount = int(amount_text) // 100
        response_code = raw.get("vnp_ResponseCode", "")
        transaction_status = raw.get("vnp_TransactionStatus", "")
        return Callback(
            verified=True,
            txn_ref=raw.get("vnp_TxnRef", ""),
            merchant=raw.get("vnp_TmnCode", ""),
            amount_vnd=amount,
            is_success=response_code == "00" and transaction_status == "00",
            response_code=response_code,
            transaction_status=transaction_status,
            transaction_no=raw.get("vnp_TransactionNo", ""),
            bank_code=raw.get("vnp_BankCode", ""),
            bank_transaction_no=raw.get("vnp_BankTranNo", ""),
            card_type=raw.get("vnp_CardType", ""),
            paid_at=parse_time(raw.get("vnp_PayDate", "")),
            raw=raw,
        )

    def acknowledge(self, outcome: Outcome) -> dict[str, str]:
        code, message = IPN_ANSWERS[outcome]
        return {"RspCode": code, "Message": message}

    def answer_code(self, outcome: Outcome) -> str:
        return IPN_ANSWERS[outcome][0]

    def describe_response(self, response_code: str) -> str:
        message = RESPONSE_MESSAGES.get(response_code)
        return str(message) if message else str(_("Giao dịch không thành công."))
