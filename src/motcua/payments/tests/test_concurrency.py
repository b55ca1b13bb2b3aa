"""Real concurrent notifications on PostgreSQL: VNPay repeating an IPN at once settles the payment once."""

import threading

from django.db import close_old_connections

import pytest

from conftest import _ensure_demo, vn
from motcua.accounts.models import User
from motcua.payments import services
from motcua.payments.models import Payment, PaymentNotification

from .conftest import gateway_result, start

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reseed_demo_afterwards")]


def test_simultaneous_identical_ipns_confirm_once_and_answer_02_to_the_rest():
    _ensure_demo()
    payment = start(User.objects.get(username="congdan")).payment
    params = gateway_result(payment)
    barrier = threading.Barrier(6)
    answers, errors = [], []

    def notify():
        try:
            barrier.wait()
            result = services.handle_ipn(params=params, at=vn(2026, 3, 2, 9, 6))
            answers.append((result.answer["RspCode"], result.newly_paid))
        except Exception as exc:
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=notify) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(answers) == [("00", True)] + [("02", False)] * 5
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert PaymentNotification.objects.filter(payment=payment, kind="ipn").count() == 6
