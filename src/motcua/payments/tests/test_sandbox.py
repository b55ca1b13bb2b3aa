"""The local VNPay sandbox: the checks on the payment request, the signed result, IPN then return."""

from datetime import timedelta
from urllib.parse import parse_qsl, urlsplit

from django.test import Client

import pytest

from motcua.payments.models import Payment
from motcua.payments.providers.vnpay import SANDBOX_HASH_SECRET, SANDBOX_TMN_CODE, sign, verify
from motcua.payments.sandbox import delivery

from .conftest import IN_PROGRESS, start

pytestmark = pytest.mark.django_db

SANDBOX = "/sandbox/vnpay/paymentv2/vpcpay.html"


@pytest.fixture
def ipn_calls(monkeypatch):
    """Deliver the sandbox's IPN through the test client (no server is listening in unit tests)."""
    calls = []

    def deliver(url, query, *, timeout=10.0):
        path = urlsplit(url).path
        response = Client().get(f"{path}?{query}")
        calls.append((path, dict(parse_qsl(query)), response.json()))
        return response.content.decode()

    monkeypatch.setattr(delivery, "deliver_ipn", deliver)
    return calls


def _gateway_query(location: str) -> str:
    parts = urlsplit(location)
    assert parts.path == SANDBOX
    return parts.query


def _pay_with(client, query, outcome, bank="NCB"):
    return client.post(SANDBOX, {"q": query, "outcome": outcome, "bank": bank})


def test_sandbox_page_shows_a_valid_order(client, citizen):
    started = start(citizen, at=_now())
    response = client.get(started.redirect_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "25.000 đ" in html
    assert started.payment.txn_ref in html
    assert "Thanh toán thành công" in html
    assert "Hủy" in html
    assert "thử nghiệm" in html


def test_sandbox_refuses_a_bad_signature(client, citizen):
    query = _gateway_query(start(citizen, at=_now()).redirect_url).replace(
        "vnp_Amount=2500000", "vnp_Amount=100"
    )
    response = client.get(f"{SANDBOX}?{query}")
    assert response.status_code == 400
    assert "Mã lỗi 70" in response.content.decode()


def test_sandbox_refuses_another_merchant_and_a_malformed_request(client):
    params = {
        "vnp_Version": "2.1.0",
        "vnp_Command": "pay",
        "vnp_TmnCode": "OTHER001",
        "vnp_Amount": "1000000",
        "vnp_CurrCode": "VND",
        "vnp_TxnRef": "X1",
        "vnp_OrderInfo": "x",
        "vnp_ReturnUrl": "http://testserver/r",
        "vnp_IpAddr": "127.0.0.1",
        "vnp_CreateDate": "20260302090000",
    }
    params["vnp_SecureHash"] = sign(params, SANDBOX_HASH_SECRET)
    assert "Mã lỗi 02" in client.get(SANDBOX, params).content.decode()
    del params["vnp_OrderInfo"]
    assert "Mã lỗi 03" in client.get(SANDBOX, params).content.decode()


def test_sandbox_success_sends_the_ipn_then_the_browser_back(client, ipn_calls, demo, awaiting_payment):
    client.force_login(demo.congdan)
    location = client.post(f"/ho-so-cua-toi/{awaiting_payment.code}/thanh-toan/")["Location"]
    query = _gateway_query(location)
    response = _pay_with(client, query, "success", bank="VCB")
    # the IPN went first, was verified and confirmed
    assert len(ipn_calls) == 1
    path, sent, answer = ipn_calls[0]
    assert path == "/api/v1/payments/vnpay/ipn"
    assert answer == {"RspCode": "00", "Message": "Confirm Success"}
    assert verify(sent, SANDBOX_HASH_SECRET)
    assert sent["vnp_ResponseCode"] == sent["vnp_TransactionStatus"] == "00"
    assert sent["vnp_BankCode"] == "VCB"
    assert sent["vnp_TmnCode"] == SANDBOX_TMN_CODE
    # then the browser goes to the return address with the same signed result
    assert response.status_code == 302
    back = urlsplit(response["Location"])
    assert back.path == "/thanh-toan/vnpay/ket-qua/"
    assert dict(parse_qsl(back.query)) == sent
    payment = Payment.objects.get()
    assert payment.status == Payment.Status.PAID
    awaiting_payment.refresh_from_db()
    assert awaiting_payment.status == IN_PROGRESS
    assert "Thanh toán thành công" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(("outcome", "code"), [("cancel", "24"), ("insufficient", "51")])
def test_sandbox_failures_are_reported_and_leave_the_dossier_waiting(
    client, ipn_calls, demo, awaiting_payment, outcome, code
):
    client.force_login(demo.congdan)
    query = _gateway_query(client.post(f"/ho-so-cua-toi/{awaiting_payment.code}/thanh-toan/")["Location"])
    response = _pay_with(client, query, outcome)
    assert ipn_calls[0][1]["vnp_ResponseCode"] == code
    assert ipn_calls[0][1]["vnp_TransactionNo"] == "0"
    assert Payment.objects.get().status == Payment.Status.FAILED
    awaiting_payment.refresh_from_db()
    assert awaiting_payment.status == 6
    assert "Thanh toán không thành công" in client.get(response["Location"]).content.decode()


def test_sandbox_reports_an_expired_order_with_code_11(client, ipn_calls, citizen):
    started = start(citizen, at=_now() - timedelta(days=400))  # long expired
    page = client.get(started.redirect_url).content.decode()
    assert "quá thời gian chờ thanh toán" in page
    _pay_with(client, _gateway_query(started.redirect_url), "success")  # a success is refused once expired
    assert ipn_calls[0][1]["vnp_ResponseCode"] == "11"
    assert Payment.objects.get().status == Payment.Status.FAILED


def test_sandbox_survives_an_unreachable_ipn_address(client, citizen, settings, monkeypatch):
    def unreachable(url, query, *, timeout=10.0):
        raise OSError("connection refused")

    monkeypatch.setattr(delivery, "deliver_ipn", unreachable)
    started = start(citizen, at=_now())
    response = _pay_with(client, _gateway_query(started.redirect_url), "success")
    assert response.status_code == 302  # the browser still goes back; the payment waits for the IPN
    assert Payment.objects.get().status == Payment.Status.PENDING


def test_deliver_ipn_refuses_other_schemes():
    with pytest.raises(ValueError, match="http"):
        delivery.deliver_ipn("file:///etc/passwd", "a=1")


def _now():
    from django.utils import timezone

    return timezone.now()
