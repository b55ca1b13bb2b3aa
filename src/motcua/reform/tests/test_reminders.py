"""Reminders before deadlines and on overdue, through the task queue, sent once."""

from datetime import date

from django.core import mail
from django.core.management import call_command

import pytest

from motcua.notifications.models import Delivery
from motcua.organisations.models import Position
from motcua.reform import schedule


def weekdays(day: date) -> bool:
    return day.weekday() < 5


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 3, 20), None),  # more than 5 working days ahead
        (date(2026, 3, 24), ("before", "2026-03-31:5")),  # 5 working days before Tue 31/03
        (date(2026, 3, 30), ("before", "2026-03-31:1")),
        (date(2026, 3, 31), ("before", "2026-03-31:1")),
        (date(2026, 4, 1), ("overdue", "2026-03-31:0")),
        (date(2026, 4, 7), ("overdue", "2026-03-31:0")),
        (date(2026, 4, 8), ("overdue", "2026-03-31:1")),  # repeated weekly
    ],
)
def test_reminder_stage_for_a_day(today, expected):
    due = schedule.reminder_due(
        deadline=date(2026, 3, 31),
        today=today,
        lead_working_days=[5, 1],
        repeat_days=7,
        is_working_day=weekdays,
    )
    assert (None if due is None else (str(due[0]), due[1])) == expected


@pytest.mark.django_db
def test_command_enqueues_reminders_and_each_is_sent_once(reform, demo):
    demo.lanhdao.email = "lanhdao@example.vn"
    demo.lanhdao.save(update_fields=["email"])
    assert Position.objects.filter(user=demo.lanhdao, role="leader").exists()
    # the digital task (Sở Tư pháp) is due 31/03: on 1 April it is overdue
    call_command("send_reform_reminders", "--today", "2026-04-01", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("send_reform_reminders", "--today", "2026-04-01", stdout=open("/dev/null", "w"))  # noqa: SIM115
    sent = Delivery.objects.filter(key__startswith=f"reform-task:{reform.digital.pk}:overdue")
    assert sorted(sent.values_list("recipient", flat=True)) == ["lanhdao@example.vn", "thuky@example.vn"]
    assert len([m for m in mail.outbox if "quá hạn" in m.subject]) == 2
    assert "Số hóa 100% kết quả hộ tịch" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_completed_task_gets_no_reminder(reform, demo):
    from conftest import vn
    from motcua.reform.services import report_progress

    demo.lanhdao.email = "lanhdao@example.vn"
    demo.lanhdao.save(update_fields=["email"])
    report_progress(
        task=reform.digital,
        status="completed",
        percent=100,
        comment="Xong",
        files=[],
        actor=demo.lanhdao,
        at=vn(2026, 3, 20, 9),
    )
    call_command("send_reform_reminders", "--today", "2026-03-30", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not Delivery.objects.filter(key__startswith=f"reform-task:{reform.digital.pk}").exists()
