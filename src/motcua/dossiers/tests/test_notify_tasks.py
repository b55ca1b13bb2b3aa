"""Applicants hear of each public event by e-mail and SMS; a gateway that is down does not lose a notice."""

from __future__ import annotations

import json
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from conftest import vn
from motcua.dossiers.models import EventType
from motcua.dossiers.services import receive_dossier, request_supplement
from motcua.notifications.models import Delivery
from motcua.notifications.sms import gsm_length

pytestmark = pytest.mark.django_db


class FlakyGateway:
    """An SMS gateway that is down for its first `down_for` calls, then accepts messages."""

    down_for = 1
    calls: list[str] = []

    def send(self, *, to: str, text: str, key: str) -> str:
        FlakyGateway.calls.append(text)
        if len(FlakyGateway.calls) <= FlakyGateway.down_for:
            raise ConnectionError("SMS gateway unreachable")
        return f"flaky-{len(FlakyGateway.calls)}"


@pytest.fixture
def sms_dir(settings, tmp_path):
    settings.MOTCUA_SMS_PROVIDER = "motcua.notifications.sms.FileSmsProvider"
    settings.MOTCUA_SMS_FILE_DIR = str(tmp_path / "sms")
    return tmp_path / "sms"


@pytest.fixture
def flaky(settings):
    settings.MOTCUA_SMS_PROVIDER = f"{__name__}.FlakyGateway"
    FlakyGateway.calls = []
    FlakyGateway.down_for = 1
    return FlakyGateway


def _sent(sms_dir):
    return [
        json.loads(line) for f in sorted(sms_dir.glob("sms-*.jsonl")) for line in f.read_text().splitlines()
    ]


def test_each_public_event_sends_one_short_unaccented_sms(demo, submit, sms_dir, settings):
    settings.MOTCUA_PUBLIC_BASE_URL = "https://dichvucong.nghean.gov.vn"
    dossier = submit(at=vn(2026, 3, 2, 8, 0), phone="0912345678")
    dossier = receive_dossier(dossier=dossier, actor=demo.tiepnhan, at=vn(2026, 3, 2, 9, 0))
    request_supplement(
        dossier=dossier, actor=demo.chuyenvien, at=vn(2026, 3, 2, 10, 0), missing="Tờ khai có chữ ký"
    )
    messages = _sent(sms_dir)
    assert [m["to"] for m in messages] == ["0912345678"] * 3
    url = f"https://dichvucong.nghean.gov.vn/tra-cuu/?ma={dossier.code}"
    submitted, received, supplement = (m["text"] for m in messages)
    assert submitted == f"Ho so {dossier.code}: Nop ho so truc tuyen. Tra cuu: {url}"
    assert received == f"Ho so {dossier.code}: Tiep nhan ho so. Hen tra 02/03/2026. Tra cuu: {url}"
    assert supplement.startswith(f"Ho so {dossier.code}: Yeu cau bo sung")
    assert supplement.endswith(url)
    for text in (submitted, received, supplement):
        assert text.isascii()
        assert gsm_length(text) <= 160
    keys = {e.pk: f"dossier-event-sms:{e.pk}" for e in dossier.events.filter(is_public=True)}
    sms = Delivery.objects.filter(channel=Delivery.Channel.SMS)
    assert set(sms.values_list("key", flat=True)) == set(keys.values())
    assert set(sms.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_email_and_sms_go_out_on_their_own_channels(demo, submit, sms_dir):
    dossier = submit(at=vn(2026, 3, 2, 8, 0), phone="0912345678", email="an@example.vn")
    event = dossier.events.get(type=EventType.SUBMITTED)
    assert Delivery.objects.get(key=f"dossier-event:{event.pk}").channel == Delivery.Channel.EMAIL
    assert Delivery.objects.get(key=f"dossier-event-sms:{event.pk}").channel == Delivery.Channel.SMS
    assert len(mail.outbox) == 1
    assert "Mới đăng ký" in mail.outbox[0].subject  # the e-mail keeps its diacritics


def test_a_gateway_that_fails_then_recovers_gets_the_sms_through_a_retry(demo, submit, flaky):
    dossier = submit(at=vn(2026, 3, 2, 8, 0), phone="0912345678")
    event = dossier.events.get(type=EventType.SUBMITTED)
    delivery = Delivery.objects.get(key=f"dossier-event-sms:{event.pk}")
    assert delivery.status == Delivery.Status.SENT
    assert delivery.attempts == 2
    assert delivery.provider_reference == "flaky-2"
    assert len(flaky.calls) == 2
    assert flaky.calls[0] == flaky.calls[1]


def test_after_the_last_attempt_the_failure_stays_for_the_administrator(demo, submit, flaky, settings):
    settings.MOTCUA_NOTIFY_MAX_ATTEMPTS = 3
    flaky.down_for = 100
    dossier = submit(at=vn(2026, 3, 2, 8, 0), phone="0912345678")
    delivery = Delivery.objects.get(key=f"dossier-event-sms:{dossier.events.get().pk}")
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, 3)
    assert "unreachable" in delivery.error
    assert dossier.status == 1  # the dossier itself is not held back by a notice


def test_a_landline_gets_no_sms_and_the_reason_is_recorded(demo, submit, sms_dir):
    dossier = submit(at=vn(2026, 3, 2, 8, 0), phone="02383123456")
    delivery = Delivery.objects.get(key=f"dossier-event-sms:{dossier.events.get().pk}")
    assert delivery.status == Delivery.Status.REJECTED
    assert _sent(sms_dir) == []


def test_no_sms_when_sms_is_switched_off(demo, submit, settings):
    settings.MOTCUA_SMS_PROVIDER = ""
    submit(at=vn(2026, 3, 2, 8, 0), phone="0912345678")
    assert not Delivery.objects.filter(channel=Delivery.Channel.SMS).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reseed_demo_afterwards")
def test_with_the_database_queue_a_notice_survives_the_gateway_being_down(demo, submit, settings, tmp_path):
    # given: the real task queue (rows in the database, run by db_worker), and a gateway that is down
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MOTCUA_SMS_PROVIDER = "motcua.notifications.sms.FileSmsProvider"
    blocked = tmp_path / "down"
    blocked.write_text("the gateway's directory is blocked by a file")
    settings.MOTCUA_SMS_FILE_DIR = str(blocked / "sms")
    dossier = submit(at=vn(2026, 3, 2, 8, 0), phone="0912345678", email="an@example.vn")
    event = dossier.events.get()
    assert DBTaskResult.objects.ready().count() == 1  # queued with the change, nothing sent yet
    # when: the worker runs while the gateway is down
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    # then: the e-mail went, the SMS failed and is queued again for later
    sms = Delivery.objects.get(key=f"dossier-event-sms:{event.pk}")
    assert (sms.status, sms.attempts) == (Delivery.Status.FAILED, 1)
    assert len(mail.outbox) == 1
    [retry] = DBTaskResult.objects.filter(status="READY")
    assert retry.args_kwargs["kwargs"] == {"dossier_code": dossier.code, "seq": 1, "attempt": 2}
    assert retry.run_after > timezone.now() + timedelta(seconds=30)
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1  # visible in the task admin too
    # when: the gateway is back and the retry is due
    settings.MOTCUA_SMS_FILE_DIR = str(tmp_path / "sms")
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    # then: the SMS is sent once, and the e-mail is not sent twice
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == (Delivery.Status.SENT, 2)
    assert len(mail.outbox) == 1
    assert [m["to"] for m in _sent(tmp_path / "sms")] == ["0912345678"]
    assert not DBTaskResult.objects.filter(status="READY").exists()
