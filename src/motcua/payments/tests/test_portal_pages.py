"""The citizen's payment pages: pay, return, detail, receipt; only the owner sees them, in Vietnamese."""

from datetime import timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest

from motcua.payments.models import Payment, PaymentNotification

from .conftest import IPN_URL, REQUESTED_VND, gateway_result, query

pytestmark = pytest.mark.django_db

RETURN_URL = "/thanh-toan/vnpay/ket-qua/"


def _start(client, dossier, citizen):
    client.force_login(citizen)
    response = client.post(f"/ho-so-cua-toi/{dossier.code}/thanh-toan/")
    assert response.status_code == 302
    return Payment.objects.get(dossier_code=dossier.code), response["Location"]


def test_dossier_page_links_to_online_payment_while_awaiting_payment(client, demo, awaiting_payment):
    client.force_login(demo.congdan)
    html = client.get(f"/ho-so-cua-toi/{awaiting_payment.code}/").content.decode()
    assert "Thanh toán trực tuyến" in html
    assert f"/ho-so-cua-toi/{awaiting_payment.code}/thanh-toan/" in html


def test_pay_page_shows_the_amount_notified(client, demo, awaiting_payment):
    client.force_login(demo.congdan)
    response = client.get(f"/ho-so-cua-toi/{awaiting_payment.code}/thanh-toan/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "25.000 đ" in html
    assert "Lệ phí cấp bản sao trích lục" in html
    assert "Thanh toán qua VNPay" in html


def test_pay_redirects_to_the_gateway_with_a_signed_order(client, demo, awaiting_payment):
    payment, location = _start(client, awaiting_payment, demo.congdan)
    params = dict(parse_qsl(urlsplit(location).query))
    assert params["vnp_TxnRef"] == payment.txn_ref
    assert params["vnp_Amount"] == str(REQUESTED_VND * 100)
    assert params["vnp_ReturnUrl"] == f"http://testserver{RETURN_URL}"
    assert payment.payer == demo.congdan
    assert payment.payee_name == awaiting_payment.competent_agency.name
    assert payment.obligation_ref.isdigit()


def test_nothing_to_pay_when_the_dossier_is_not_awaiting_payment(client, demo, submit):
    from django.utils import timezone

    dossier = submit(at=timezone.now())
    client.force_login(demo.congdan)
    html = client.get(f"/ho-so-cua-toi/{dossier.code}/thanh-toan/").content.decode()
    assert "không có khoản phí, lệ phí nào cần thanh toán" in html
    response = client.post(f"/ho-so-cua-toi/{dossier.code}/thanh-toan/")
    assert response.status_code == 302
    assert not Payment.objects.exists()


def test_another_citizen_cannot_pay_or_see_the_payment(client, demo, awaiting_payment):
    payment, _location = _start(client, awaiting_payment, demo.congdan)
    client.get(f"{IPN_URL}?{query(gateway_result(payment))}")
    client.force_login(demo.congdan2)
    assert client.get(f"/ho-so-cua-toi/{awaiting_payment.code}/thanh-toan/").status_code == 404
    assert client.post(f"/ho-so-cua-toi/{awaiting_payment.code}/thanh-toan/").status_code == 404
    assert client.get(f"/thanh-toan/{payment.txn_ref}/").status_code == 404
    assert client.get(f"/thanh-toan/{payment.txn_ref}/bien-nhan.pdf").status_code == 404
    assert client.get(f"{RETURN_URL}?{query(gateway_result(payment))}").status_code == 404
    assert Payment.objects.count() == 1


def test_staff_do_not_use_the_citizen_payment_pages(client, demo, awaiting_payment):
    client.force_login(demo.tiepnhan)
    assert client.get(f"/ho-so-cua-toi/{awaiting_payment.code}/thanh-toan/").status_code == 404


def test_pages_need_sign_in(client, pending):
    for url in (
        f"/thanh-toan/{pending.txn_ref}/",
        f"/thanh-toan/{pending.txn_ref}/bien-nhan.pdf",
        RETURN_URL,
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/tai-khoan/dang-nhap/" in response["Location"]


def test_return_url_alone_never_marks_paid(client, demo, awaiting_payment):
    payment, _ = _start(client, awaiting_payment, demo.congdan)
    response = client.get(f"{RETURN_URL}?{query(gateway_result(payment))}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "đang chờ xác nhận chính thức" in html
    payment.refresh_from_db()
    awaiting_payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert awaiting_payment.status == 6
    assert PaymentNotification.objects.get().kind == "return"


def test_return_after_the_ipn_shows_success_and_the_receipt(client, demo, awaiting_payment):
    payment, _ = _start(client, awaiting_payment, demo.congdan)
    client.get(f"{IPN_URL}?{query(gateway_result(payment))}")
    html = client.get(f"{RETURN_URL}?{query(gateway_result(payment))}").content.decode()
    assert "Thanh toán thành công" in html
    assert f"/thanh-toan/{payment.txn_ref}/bien-nhan.pdf" in html


def test_return_of_a_cancelled_payment_explains_why(client, demo, awaiting_payment):
    payment, _ = _start(client, awaiting_payment, demo.congdan)
    html = client.get(f"{RETURN_URL}?{query(gateway_result(payment, response_code='24'))}").content.decode()
    assert "Thanh toán không thành công" in html
    assert "Bạn đã hủy giao dịch." in html
    assert f"/ho-so-cua-toi/{awaiting_payment.code}/thanh-toan/" in html  # pay again


def test_forged_return_is_refused_without_a_stack_trace(client, demo, awaiting_payment):
    payment, _ = _start(client, awaiting_payment, demo.congdan)
    response = client.get(f"{RETURN_URL}?{query(gateway_result(payment, secret='forged'))}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "không hợp lệ" in html
    assert "Traceback" not in html


def test_detail_of_an_expired_payment(client, demo, citizen, pending):
    from motcua.payments.services import expire_stale_payments

    expire_stale_payments(at=pending.expires_at + timedelta(days=1))
    client.force_login(citizen)
    html = client.get(f"/thanh-toan/{pending.txn_ref}/").content.decode()
    assert "Giao dịch đã hết thời gian thanh toán." in html


def test_receipt_is_a_pdf_for_a_paid_payment_only(client, demo, awaiting_payment):
    payment, _ = _start(client, awaiting_payment, demo.congdan)
    assert client.get(f"/thanh-toan/{payment.txn_ref}/bien-nhan.pdf").status_code == 404
    client.get(f"{IPN_URL}?{query(gateway_result(payment))}")
    response = client.get(f"/thanh-toan/{payment.txn_ref}/bien-nhan.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_receipt_content(demo, pending):
    from conftest import vn
    from motcua.payments.receipts import receipt_context
    from motcua.payments.services import handle_ipn

    handle_ipn(params=gateway_result(pending), at=vn(2026, 3, 2, 9, 6))
    pending.refresh_from_db()
    context = receipt_context(payment=pending, issued_at=vn(2026, 3, 2, 10, 0))
    assert context["amount_words"] == "Hai mươi lăm nghìn đồng"
    assert context["number"] == pending.txn_ref
    assert context["issuer"] == "UBND xã Hưng Nguyên"
    assert context["lookup_url"].endswith(f"/tra-cuu/?ma={pending.dossier_code}")
