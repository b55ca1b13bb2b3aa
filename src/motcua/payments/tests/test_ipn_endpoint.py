"""GET /api/v1/payments/vnpay/ipn: the VNPay JSON answers, and a confirmed payment feeding the dossier.

The dossier is driven through the staff pages and read back through its own relations, so this
module imports nothing from `motcua.dossiers` (payments sits below dossiers).
"""

import pytest

from motcua.payments.models import Payment, PaymentNotification

from .conftest import AWAITING_PAYMENT, IN_PROGRESS, IPN_URL, REQUESTED_VND, gateway_result, query

pytestmark = pytest.mark.django_db


def _pay_page_start(client, dossier, citizen):
    client.force_login(citizen)
    response = client.post(f"/ho-so-cua-toi/{dossier.code}/thanh-toan/")
    assert response.status_code == 302
    assert "/sandbox/vnpay/paymentv2/vpcpay.html?" in response["Location"]
    client.logout()
    return Payment.objects.get(dossier_code=dossier.code)


def test_ipn_answers_vnpay_json_without_signing_in(client, pending):
    response = client.get(f"{IPN_URL}?{query(gateway_result(pending))}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"RspCode": "00", "Message": "Confirm Success"}


def test_ipn_with_a_bad_signature_answers_97_and_nothing_changes(client, pending):
    params = gateway_result(pending)
    params["vnp_ResponseCode"] = "00"
    params["vnp_Amount"] = "1"
    assert client.get(f"{IPN_URL}?{query(params)}").json()["RspCode"] == "97"
    pending.refresh_from_db()
    assert pending.status == Payment.Status.PENDING


def test_ipn_without_parameters_answers_97(client):
    assert client.get(IPN_URL).json() == {"RspCode": "97", "Message": "Invalid signature"}


def test_ipn_for_an_unknown_order_answers_01(client, pending):
    params = gateway_result(pending, vnp_TxnRef="MCUNKNOWN")
    assert client.get(f"{IPN_URL}?{query(params)}").json()["RspCode"] == "01"


def test_ipn_with_a_wrong_amount_answers_04(client, pending):
    params = gateway_result(pending, amount_vnd=REQUESTED_VND + 1000)
    assert client.get(f"{IPN_URL}?{query(params)}").json()["RspCode"] == "04"
    pending.refresh_from_db()
    assert pending.status == Payment.Status.PENDING


def test_confirmed_payment_meets_the_dossier_obligation_once(client, demo, awaiting_payment):
    dossier = awaiting_payment
    payment = _pay_page_start(client, dossier, demo.congdan)
    assert payment.amount == REQUESTED_VND
    params = gateway_result(payment)

    first = client.get(f"{IPN_URL}?{query(params)}").json()
    assert first["RspCode"] == "00"
    payment.refresh_from_db()
    dossier.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert payment.obligation_recorded_at is not None
    assert dossier.status == IN_PROGRESS
    assert dossier.paused_at is None
    recorded = dossier.events.filter(type="payment_recorded")
    assert recorded.count() == 1
    event = recorded.get()
    assert event.actor_id == demo.congdan.pk
    assert payment.txn_ref in event.note
    assert "14422574" in event.note

    # VNPay repeats the notification: already confirmed, nothing recorded twice
    again = client.get(f"{IPN_URL}?{query(params)}").json()
    assert again["RspCode"] == "02"
    assert dossier.events.filter(type="payment_recorded").count() == 1
    assert PaymentNotification.objects.filter(payment=payment, kind="ipn").count() == 2


def test_failed_payment_leaves_the_dossier_waiting(client, demo, awaiting_payment):
    payment = _pay_page_start(client, awaiting_payment, demo.congdan)
    answer = client.get(f"{IPN_URL}?{query(gateway_result(payment, response_code='24'))}").json()
    assert answer["RspCode"] == "00"
    payment.refresh_from_db()
    awaiting_payment.refresh_from_db()
    assert payment.status == Payment.Status.FAILED
    assert awaiting_payment.status == AWAITING_PAYMENT
    assert not awaiting_payment.events.filter(type="payment_recorded").exists()


def test_payment_confirmed_after_the_desk_recorded_it_stays_paid_and_unrecorded(
    client, demo, awaiting_payment
):
    payment = _pay_page_start(client, awaiting_payment, demo.congdan)
    # meanwhile the desk records a payment made at the counter
    client.force_login(demo.tiepnhan)
    client.post(f"/can-bo/ho-so/{awaiting_payment.code}/thao-tac/payment-recorded/", {"reference": "BL-0001"})
    client.logout()
    awaiting_payment.refresh_from_db()
    assert awaiting_payment.status == IN_PROGRESS

    answer = client.get(f"{IPN_URL}?{query(gateway_result(payment))}").json()
    assert answer["RspCode"] == "00"  # the money was taken: confirmed to the gateway
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert payment.obligation_recorded_at is None  # left for an administrator to reconcile or refund
    assert Payment.objects.not_recorded().get() == payment
    assert awaiting_payment.events.filter(type="payment_recorded").count() == 1


def test_an_unexpected_error_answers_99_and_writes_nothing(client, pending, monkeypatch):
    from motcua.payments import services

    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_settle", boom)
    assert client.get(f"{IPN_URL}?{query(gateway_result(pending))}").json() == {
        "RspCode": "99",
        "Message": "Unknow error",
    }
    pending.refresh_from_db()
    assert pending.status == Payment.Status.PENDING
    assert not PaymentNotification.objects.exists()
