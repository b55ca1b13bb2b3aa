"""SMS: Vietnamese mobile numbers, unaccented 160-character text, the file provider, once per key."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from motcua.core.errors import InvalidInput
from motcua.notifications.models import Delivery
from motcua.notifications.services import resend, retry_delay, send_sms_once
from motcua.notifications.sms import fit_sms, gsm_length, normalise_vn_mobile, to_gsm


@pytest.fixture
def sms_dir(settings, tmp_path):
    settings.MOTCUA_SMS_PROVIDER = "motcua.notifications.sms.FileSmsProvider"
    settings.MOTCUA_SMS_FILE_DIR = str(tmp_path / "sms")
    return tmp_path / "sms"


def _sent(sms_dir):
    return [
        json.loads(line) for f in sorted(sms_dir.glob("sms-*.jsonl")) for line in f.read_text().splitlines()
    ]


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("0912345678", "0912345678"),
        ("091 234 5678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("84 912 345 678", "0912345678"),
        ("0387654321", "0387654321"),
        ("0561234567", "0561234567"),
        ("0701234567", "0701234567"),
        ("0861234567", "0861234567"),
    ],
)
def test_vietnamese_mobile_numbers_are_normalised(raw, number):
    assert normalise_vn_mobile(raw) == number


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "091234567",
        "09123456789",
        "02383123456",
        "0112345678",
        "0412345678",
        "09123a5678",
        "+1 202 555 0100",
    ],
)
def test_other_numbers_are_refused_with_a_vietnamese_message(raw):
    with pytest.raises(InvalidInput, match="không phải số di động Việt Nam hợp lệ"):
        normalise_vn_mobile(raw)


def test_text_loses_diacritics_and_stays_in_the_gsm_alphabet():
    assert (
        to_gsm("Đã trả kết quả – hồ sơ “Đăng ký khai sinh”") == 'Da tra ket qua - ho so "Dang ky khai sinh"'
    )
    assert to_gsm("Lệ phí 8.000 đồng ₫") == "Le phi 8.000 dong ?"
    assert gsm_length("a[b]") == 6  # brackets are escape characters: two septets each


def test_fitting_drops_optional_parts_then_shortens_one():
    parts = ["Ho so X: ", "A" * 120, ". Hen tra 10/03/2026", ". Tra cuu: " + "u" * 40]
    text = fit_sms(parts, optional=[2], shrink=1)
    assert len(text) == 160
    assert "Hen tra" not in text
    assert text.startswith("Ho so X: AAA")
    assert "...." in text  # the shortened part ends in "..." before ". Tra cuu"
    assert text.endswith("u" * 40)
    short = ["Ho so X: ", "Tiep nhan ho so", ". Hen tra 10/03/2026", ". Tra cuu: http://x/"]
    assert fit_sms(short, optional=[2], shrink=1) == "".join(short)


def test_sms_is_written_by_the_file_provider_once_per_key(db, sms_dir):
    first = send_sms_once(key="k-1", recipient="+84 912 345 678", text="Ho so 1: Tiep nhan ho so")
    again = send_sms_once(key="k-1", recipient="0912345678", text="Ho so 1: Tiep nhan ho so")
    assert first.pk == again.pk
    delivery = Delivery.objects.get(key="k-1")
    assert delivery.channel == Delivery.Channel.SMS
    assert delivery.status == Delivery.Status.SENT
    assert delivery.recipient == "0912345678"
    assert delivery.attempts == 1
    assert delivery.provider_reference.startswith("file-")
    [message] = _sent(sms_dir)
    assert message["to"] == "0912345678"
    assert message["text"] == "Ho so 1: Tiep nhan ho so"
    assert message["id"] == delivery.provider_reference


def test_a_landline_is_recorded_as_rejected_and_nothing_is_sent(db, sms_dir):
    delivery = send_sms_once(key="k-2", recipient="02383123456", text="Ho so 2")
    assert delivery.status == Delivery.Status.REJECTED
    assert "không phải số di động" in delivery.error
    assert delivery.attempts == 0
    assert _sent(sms_dir) == []


def test_a_provider_failure_is_recorded_and_raised_then_a_retry_sends(db, settings, tmp_path):
    # given: the "gateway" cannot write where it must (its directory is blocked by a file)
    blocked = tmp_path / "down"
    blocked.write_text("not a directory")
    settings.MOTCUA_SMS_PROVIDER = "motcua.notifications.sms.FileSmsProvider"
    settings.MOTCUA_SMS_FILE_DIR = str(blocked / "sms")
    with pytest.raises(OSError):  # noqa: PT011 (the file system's own error: its text varies)
        send_sms_once(key="k-3", recipient="0912345678", text="Ho so 3")
    failed = Delivery.objects.get(key="k-3")
    assert (failed.status, failed.attempts) == (Delivery.Status.FAILED, 1)
    assert failed.error
    # when: the gateway is back and the notice is sent again (by the task queue or an administrator)
    settings.MOTCUA_SMS_FILE_DIR = str(tmp_path / "sms")
    delivery = resend(delivery_id=failed.pk)
    # then
    assert (delivery.status, delivery.attempts, delivery.error) == (Delivery.Status.SENT, 2, "")
    assert [m["text"] for m in _sent(tmp_path / "sms")] == ["Ho so 3"]


def test_without_a_provider_sms_is_refused(db, settings):
    settings.MOTCUA_SMS_PROVIDER = ""
    with pytest.raises(InvalidInput):
        send_sms_once(key="k-4", recipient="0912345678", text="x")
    assert not Delivery.objects.exists()


def test_retries_wait_longer_each_time_and_stop(settings):
    settings.MOTCUA_NOTIFY_RETRY_SECONDS = 60
    settings.MOTCUA_NOTIFY_MAX_ATTEMPTS = 8
    assert retry_delay(1) == timedelta(minutes=1)
    assert retry_delay(2) == timedelta(minutes=2)
    assert retry_delay(4) == timedelta(minutes=8)
    assert retry_delay(7) == timedelta(hours=1)
    assert retry_delay(8) is None


def test_administrator_sees_the_channel_and_can_queue_failed_notices_again(db, admin_client, sms_dir):
    send_sms_once(key="k-5", recipient="0912345678", text="Ho so 5: Tra ket qua")
    Delivery.objects.create(
        key="k-6",
        channel=Delivery.Channel.SMS,
        recipient="0987654321",
        body="Ho so 6",
        status="failed",
        attempts=8,
    )
    page = admin_client.get("/quan-tri/notifications/delivery/?channel__exact=sms").content.decode()
    assert "Tin nhắn SMS" in page
    assert "Ho so 5: Tra ket qua" in page
    assert "Gửi lỗi" in page
    response = admin_client.post(
        "/quan-tri/notifications/delivery/",
        {"action": "resend_failed", "_selected_action": list(Delivery.objects.values_list("pk", flat=True))},
        follow=True,
    )
    assert "Đã xếp 1 thông báo vào hàng đợi gửi lại." in response.content.decode()
    # the test settings run tasks at once: the failed one went out on its ninth attempt
    assert Delivery.objects.get(key="k-6").status == Delivery.Status.SENT
    assert Delivery.objects.get(key="k-6").attempts == 9
