"""Enqueue the reform reminders due today: task deadlines, overdue tasks, sensitive-post rotations.

Run it once a day (systemd timer or `run_scheduler`). It only enqueues; each task sends idempotently,
so running it twice a day, or again after a missed day, sends nothing twice.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.reform import schedule
from motcua.reform.models import PostHolding
from motcua.reform.selectors import list_open_tasks_for_reminders
from motcua.reform.tasks import send_rotation_alert_task, send_task_reminder_task
from motcua.workdays.selectors import get_calendar


def _is_working_day_function():
    calendar = get_calendar()

    def is_working_day(day: date) -> bool:
        try:
            return calendar.is_working_day(day)
        except ValueError:  # outside the calendar's years: fall back to Monday–Friday
            return day.weekday() < 5

    return is_working_day


class Command(BaseCommand):
    help = (
        "Enqueue reminders before reform task deadlines, overdue notices and sensitive-post rotation alerts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Day to plan for, YYYY-MM-DD (default: today in Vietnam time).")

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError("--today phải có dạng YYYY-MM-DD") from exc
        is_working_day = _is_working_day_function()
        lead = list(getattr(settings, "MOTCUA_REFORM_REMINDER_WORKING_DAYS", (5, 1)))
        repeat = int(getattr(settings, "MOTCUA_REFORM_OVERDUE_REPEAT_DAYS", 7))
        task_count = 0
        for reform_task in list_open_tasks_for_reminders():
            due = schedule.reminder_due(
                deadline=reform_task.deadline,
                today=today,
                lead_working_days=lead,
                repeat_days=repeat,
                is_working_day=is_working_day,
            )
            if due is not None:
                kind, stage = due
                send_task_reminder_task.enqueue(task_id=reform_task.pk, kind=str(kind), stage=stage)
                task_count += 1
        warning = int(getattr(settings, "MOTCUA_REFORM_ROTATION_WARNING_MONTHS", 3))
        rotation_count = 0
        for holding in PostHolding.objects.filter(ended_on__isnull=True, post__is_active=True).select_related(
            "post"
        ):
            state, rotate_on = schedule.rotation_state(
                started_on=holding.started_on,
                rotation_months=holding.post.rotation_months,
                warning_months=warning,
                today=today,
            )
            if state != schedule.RotationState.OK:
                send_rotation_alert_task.enqueue(
                    holding_id=holding.pk, state=str(state), rotate_on=f"{rotate_on:%d/%m/%Y}"
                )
                rotation_count += 1
        self.stdout.write(
            f"reform reminders enqueued: {task_count} tasks, {rotation_count} rotations ({today})"
        )
