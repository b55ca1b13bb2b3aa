"""Payment services: start, return (never settles), IPN (settles once), expiry, the append-only log."""

from urllib.parse import parse_qsl, urlsplit

from django.db import IntegrityError, transaction

import pytest

from conftest import vn
from motcua.core.errors import InvalidInput, NotAllowed
from motcua.payments import services
from motcua.payments.models import Payment, PaymentNotification
from motcua.payments.providers import Outcome
from motcua.payments.providers.vnpay import SANDBOX_HASH_SECRET, verify

from .conftest import REQUESTED_VND, gateway_result, start

pytestmark = pytest.mark.django_db


def test_start_payment_creates_a_pending_order_and_a_signed_gateway_address(citizen):
    started = start(citizen)
    payment = started.payment
    assert payment.status == Payment.Status.PENDING
    assert payment.amount == REQUESTED_VND
    assert payment.currency == "VND"
    assert payment.provider == "vnpay"
    assert payment.payer == citizen
    assert payment.txn_ref.startswith("MC260302090000")
    assert payment.txn_ref.isalnum()
    assert payment.expires_at == vn(2026, 3, 2, 9, 15)
    assert payment.order_info == "Thanh toan phi le phi ho so 000.00.12.H41-260302-0001"
    parts = urlsplit(started.redirect_url)
    assert parts.path == "/sandbox/vnpay/paymentv2/vpcpay.html"
    params = dict(parse_qsl(parts.query))
    assert params["vnp_TxnRef"] == payment.txn_ref
    assert params["vnp_Amount"] == "2500000"
    assert params["vnp_ExpireDate"] == "20260302091500"
    assert verify(params, SANDBOX_HASH_SECRET)


def test_each_attempt_gets_a_new_reference(citizen):
    assert start(citizen).payment.txn_ref != start(citizen).payment.txn_ref


@pytest.mark.parametrize("amount", [0, -5, 10_000_000_000])
def test_start_payment_refuses_an_amount_out_of_range(citizen, amount):
    with pytest.raises(InvalidInput):
        start(citizen, amount_vnd=amount)
    assert not Payment.objects.exists()


def test_only_a_citizen_pays(demo):
    with pytest.raises(NotAllowed):
        start(demo.tiepnhan)


def test_start_payment_refuses_an_obligation_already_paid(citizen, pending):
    services.handle_ipn(params=gateway_result(pending), at=vn(2026, 3, 2, 9, 5))
    with pytest.raises(NotAllowed, match="đã được thanh toán"):
        start(citizen)
    # a later obligation of the same dossier can be paid
    assert start(citizen, obligation_ref="9").payment.status == Payment.Status.PENDING


def test_unconfigured_gateway_is_a_clear_error(citizen, settings):
    settings.USE_VNPAY_SANDBOX = False
    with pytest.raises(NotAllowed, match="chưa được cấu hình"):
        start(citizen)


def test_return_alone_never_marks_paid(pending):
    result = services.read_return(params=gateway_result(pending), at=vn(2026, 3, 2, 9, 5))
    assert result.verified
    assert result.claims_success
    pending.refresh_from_db()
    assert pending.status == Payment.Status.PENDING
    assert pending.paid_at is None
    note = PaymentNotification.objects.get()
    assert note.kind == PaymentNotification.Kind.RETURN
    assert note.verified
    assert note.payment == pending
    assert note.answer == ""


def test_forged_return_is_logged_unverified_and_names_no_payment(pending):
    params = gateway_result(pending, secret="not-the-secret")
    result = services.read_return(params=params, at=vn(2026, 3, 2, 9, 5))
    assert not result.verified
    assert result.payment is None
    assert not result.claims_success
    assert PaymentNotification.objects.get().verified is False


def test_ipn_success_marks_paid_once_and_sets_the_budget_deadline(pending):
    result = services.handle_ipn(
        params=gateway_result(pending), at=vn(2026, 3, 2, 9, 6), remote_addr="10.0.0.9"
    )
    assert result.outcome == Outcome.CONFIRMED
    assert result.answer == {"RspCode": "00", "Message": "Confirm Success"}
    assert result.newly_paid
    pending.refresh_from_db()
    assert pending.status == Payment.Status.PAID
    assert pending.paid_at == vn(2026, 3, 2, 9, 5)  # vnp_PayDate
    assert pending.confirmed_at == vn(2026, 3, 2, 9, 6)
    assert pending.provider_transaction_no == "14422574"
    assert pending.bank_code == "NCB"
    # Decree 118 Art 24(3): 8 working hours from Monday 09:05 is Tuesday 09:05
    assert pending.budget_transfer_due_at == vn(2026, 3, 3, 9, 5)
    note = PaymentNotification.objects.get()
    assert (note.kind, note.verified, note.answer, note.remote_addr) == ("ipn", True, "00", "10.0.0.9")


def test_repeated_ipn_is_already_confirmed_and_changes_nothing(pending):
    services.handle_ipn(params=gateway_result(pending), at=vn(2026, 3, 2, 9, 6))
    pending.refresh_from_db()
    before = (pending.status, pending.confirmed_at, pending.paid_at)
    again = services.handle_ipn(params=gateway_result(pending), at=vn(2026, 3, 2, 9, 20))
    assert again.outcome == Outcome.ALREADY_CONFIRMED
    assert again.answer["RspCode"] == "02"
    assert not again.newly_paid
    pending.refresh_from_db()
    assert (pending.status, pending.confirmed_at, pending.paid_at) == before
    assert list(PaymentNotification.objects.order_by("pk").values_list("answer", flat=True)) == ["00", "02"]


def test_ipn_with_a_bad_signature_answers_97_and_changes_nothing(pending):
    params = gateway_result(pending)
    params["vnp_Amount"] = "100"  # tampered after signing
    result = services.handle_ipn(params=params, at=vn(2026, 3, 2, 9, 6))
    assert result.answer["RspCode"] == "97"
    assert result.payment is None
    assert not result.newly_paid
    pending.refresh_from_db()
    assert pending.status == Payment.Status.PENDING
    note = PaymentNotification.objects.get()
    assert not note.verified
    assert note.answer == "97"
    assert note.payment is None
    assert note.params["vnp_Amount"] == "100"


def test_ipn_signed_with_another_secret_answers_97(pending):
    result = services.handle_ipn(params=gateway_result(pending, secret="x"), at=vn(2026, 3, 2, 9, 6))
    assert result.answer["RspCode"] == "97"


def test_ipn_for_an_unknown_order_answers_01(pending):
    params = gateway_result(pending, vnp_TxnRef="MC000000000000NOPE00")
    result = services.handle_ipn(params=params, at=vn(2026, 3, 2, 9, 6))
    assert result.answer["RspCode"] == "01"
    pending.refresh_from_db()
    assert pending.status == Payment.Status.PENDING


def test_ipn_for_another_merchant_answers_01(pending):
    result = services.handle_ipn(
        params=gateway_result(pending, vnp_TmnCode="OTHER001"), at=vn(2026, 3, 2, 9, 6)
    )
    assert result.answer["RspCode"] == "01"


@pytest.mark.parametrize("amount_vnd", [REQUESTED_VND - 1, REQUESTED_VND * 10, 0])
def test_ipn_with_a_wrong_amount_answers_04_and_changes_nothing(pending, amount_vnd):
    result = services.handle_ipn(
        params=gateway_result(pending, amount_vnd=amount_vnd), at=vn(2026, 3, 2, 9, 6)
    )
    assert result.answer["RspCode"] == "04"
    pending.refresh_from_db()
    assert pending.status == Payment.Status.PENDING


def test_ipn_with_an_amount_not_in_hundredths_answers_04(pending):
    params = gateway_result(pending, vnp_Amount="2500050")
    assert services.handle_ipn(params=params, at=vn(2026, 3, 2, 9, 6)).answer["RspCode"] == "04"


@pytest.mark.parametrize(
    ("response_code", "status"), [("24", "02"), ("51", "02"), ("00", "02"), ("11", "02")]
)
def test_ipn_reporting_a_failure_marks_failed_and_is_confirmed(pending, response_code, status):
    params = gateway_result(pending, response_code=response_code, transaction_status=status)
    result = services.handle_ipn(params=params, at=vn(2026, 3, 2, 9, 6))
    assert result.answer["RspCode"] == "00"
    assert not result.newly_paid
    pending.refresh_from_db()
    assert pending.status == Payment.Status.FAILED
    assert pending.response_code == response_code
    assert pending.paid_at is None
    # a success arriving afterwards for the same order is refused
    late = services.handle_ipn(params=gateway_result(pending), at=vn(2026, 3, 2, 9, 7))
    assert late.answer["RspCode"] == "02"
    pending.refresh_from_db()
    assert pending.status == Payment.Status.FAILED


def test_stale_pending_payments_expire_after_a_grace_period(citizen):
    old = start(citizen, at=vn(2026, 3, 2, 9, 0)).payment  # expires 09:15
    recent = start(citizen, at=vn(2026, 3, 2, 9, 20)).payment  # expires 09:35
    assert services.expire_stale_payments(at=vn(2026, 3, 2, 9, 29)) == 0  # within 15 min of grace
    assert services.expire_stale_payments(at=vn(2026, 3, 2, 9, 31)) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.status == Payment.Status.EXPIRED
    assert old.closed_at == vn(2026, 3, 2, 9, 31)
    assert recent.status == Payment.Status.PENDING


def test_expired_payment_refuses_a_late_failure_but_records_a_late_success(citizen):
    payment = start(citizen).payment
    services.expire_stale_payments(at=vn(2026, 3, 2, 10, 0))
    failure = services.handle_ipn(
        params=gateway_result(payment, response_code="11"), at=vn(2026, 3, 2, 10, 1)
    )
    assert failure.answer["RspCode"] == "02"
    payment.refresh_from_db()
    assert payment.status == Payment.Status.EXPIRED
    # the gateway took the money after all: it is recorded, never lost
    success = services.handle_ipn(params=gateway_result(payment), at=vn(2026, 3, 2, 10, 2))
    assert success.answer["RspCode"] == "00"
    assert success.newly_paid
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID


def test_mark_obligation_recorded_needs_a_paid_payment_and_is_idempotent(pending):
    with pytest.raises(NotAllowed):
        services.mark_obligation_recorded(payment=pending, at=vn(2026, 3, 2, 9, 7))
    services.handle_ipn(params=gateway_result(pending), at=vn(2026, 3, 2, 9, 6))
    first = services.mark_obligation_recorded(payment=pending, at=vn(2026, 3, 2, 9, 7))
    again = services.mark_obligation_recorded(payment=pending, at=vn(2026, 3, 2, 9, 8))
    assert first.obligation_recorded_at == again.obligation_recorded_at == vn(2026, 3, 2, 9, 7)


def test_the_notification_log_refuses_update_and_delete(pending):
    services.read_return(params=gateway_result(pending), at=vn(2026, 3, 2, 9, 5))
    note = PaymentNotification.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentNotification.objects.filter(pk=note.pk).update(verified=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentNotification.objects.filter(pk=note.pk).delete()
    assert PaymentNotification.objects.get().verified is True


def test_paid_requires_a_paid_instant_in_the_database(pending):
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.filter(pk=pending.pk).update(status=Payment.Status.PAID)


def test_the_periodic_task_expires_stale_payments(citizen):
    from motcua.payments.tasks import expire_payments_task

    payment = start(citizen, at=vn(2021, 1, 4, 9, 0)).payment
    assert expire_payments_task.call() == 1
    payment.refresh_from_db()
    assert payment.status == Payment.Status.EXPIRED
