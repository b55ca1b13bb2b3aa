"""Fixtures for payments: a pending payment, signed gateway results, a dossier awaiting payment.

The dossier fixtures drive the staff pages over HTTP (receive, then request a financial
obligation) instead of importing `motcua.dossiers`: payments sits below dossiers in the layers,
and its tests keep to the same rule.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest

from conftest import vn
from motcua.payments import services
from motcua.payments.providers.vnpay import SANDBOX_HASH_SECRET, SANDBOX_TMN_CODE, format_time, sign

AWAITING_PAYMENT = 6
IN_PROGRESS = 4
REQUESTED_VND = 25_000
IPN_URL = "/api/v1/payments/vnpay/ipn"


def fee_order(**overrides) -> services.FeeOrder:
    values: dict[str, Any] = {
        "dossier_code": "000.00.12.H41-260302-0001",
        "obligation_ref": "3",
        "province_code": "40",
        "amount_vnd": REQUESTED_VND,
        "description": "Lệ phí cấp bản sao trích lục",
        "payee_name": "UBND xã Hưng Nguyên",
        "place": "Hưng Nguyên",
        "procedure_name": "Cấp bản sao trích lục hộ tịch",
    }
    values.update(overrides)
    return services.FeeOrder(**values)


def start(payer, *, at: datetime | None = None, **overrides) -> services.StartedPayment:
    return services.start_payment(
        order=fee_order(**overrides),
        payer=payer,
        client_ip="203.0.113.7",
        return_url="http://testserver/thanh-toan/vnpay/ket-qua/",
        at=at or vn(2026, 3, 2, 9, 0),
    )


def gateway_result(
    payment, *, response_code="00", transaction_status=None, amount_vnd=None, secret=None, **extra
):
    """Return the signed vnp_* parameters the gateway sends about a payment (return and IPN alike)."""
    params = {
        "vnp_Amount": str((amount_vnd if amount_vnd is not None else payment.amount) * 100),
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": "VNP14422574",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": payment.order_info,
        "vnp_PayDate": format_time(payment.created_at + timedelta(minutes=5)),
        "vnp_ResponseCode": response_code,
        "vnp_TmnCode": SANDBOX_TMN_CODE,
        "vnp_TransactionNo": "14422574",
        "vnp_TransactionStatus": transaction_status
        if transaction_status is not None
        else ("00" if response_code == "00" else "02"),
        "vnp_TxnRef": payment.txn_ref,
    }
    params.update(extra)
    params["vnp_SecureHash"] = sign(params, secret or SANDBOX_HASH_SECRET)
    return params


def query(params: dict[str, str]) -> str:
    return urlencode(params)


@pytest.fixture
def citizen(demo):
    return demo.congdan


@pytest.fixture
def other_citizen(demo):
    return demo.congdan2


@pytest.fixture
def pending(citizen):
    return start(citizen).payment


@pytest.fixture
def awaiting_payment(client, demo, submit):
    """A dossier of the demo citizen received at the desk and asked to pay 25.000 đ (status 6)."""
    from django.utils import timezone

    dossier = submit(at=timezone.now() - timedelta(minutes=5))
    client.force_login(demo.tiepnhan)
    client.post(f"/can-bo/ho-so/{dossier.code}/thao-tac/receive/")
    client.force_login(demo.chuyenvien)
    client.post(
        f"/can-bo/ho-so/{dossier.code}/thao-tac/payment-request/",
        {"amount_vnd": str(REQUESTED_VND), "note": "Lệ phí cấp bản sao trích lục"},
    )
    client.logout()
    dossier.refresh_from_db()
    assert dossier.status == AWAITING_PAYMENT
    return dossier
