"""Writes to the working calendar: announced day overrides and office hours.

Every change is atomic, validated, logged with its actor, and moves the calendar version that
`selectors.get_calendar` checks (the row's ``updated_at`` or the row count), so every process uses
the new calendar from its next call. None of these services touches a dossier: a due date already
given to an applicant is a snapshot and does not move when the calendar changes; recomputing it is
a separate act that records its cause (design.md rule 4).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

import structlog

from motcua.accounts.models import User
from motcua.organisations.models import Agency

from .models import CalendarOverride, OfficeHours

__all__ = ["remove_office_hours", "remove_override", "set_office_hours", "set_override"]

logger = structlog.get_logger(__name__)


def _actor_id(actor: User | None) -> int | None:
    return actor.pk if actor is not None else None


@transaction.atomic
def set_override(
    *,
    date: dt.date,
    kind: str,
    name: str,
    source: str = "",
    actor: User | None,
) -> CalendarOverride:
    """Declare ``date`` a day off or a make-up working day (ngày làm bù), replacing any earlier entry.

    The override wins over weekends and public holidays (a make-up Saturday is worked; a swapped
    weekday is off). Raise ``ValidationError`` for an unknown kind, an empty name or a date outside
    the calendar's years. Dossiers already received keep their due dates.
    """
    if isinstance(date, dt.datetime) or not isinstance(date, dt.date):
        raise ValidationError({"date": _("Cần một ngày (không kèm giờ).")})
    override = CalendarOverride.objects.select_for_update().filter(date=date).first()
    previous = (override.kind, override.name, override.source) if override else None
    if override is None:
        override = CalendarOverride(date=date)
    override.kind = kind
    override.name = name.strip()
    override.source = source.strip()
    override.full_clean(validate_unique=False)  # the row for this date is the one we hold
    override.save()
    logger.info(
        "calendar_override_set",
        date=date.isoformat(),
        kind=override.kind,
        name=override.name,
        source=override.source,
        previous=previous,
        actor_id=_actor_id(actor),
    )
    return override


@transaction.atomic
def remove_override(*, date: dt.date, actor: User | None) -> bool:
    """Remove the override of ``date`` (the day is again what the holidays and weekday make it).

    Return whether a row was removed. A day off that the ``holidays`` package lists (with the
    make-up day its substitution implies) stays off: to work on it, set a make-up override instead.
    """
    override = CalendarOverride.objects.select_for_update().filter(date=date).first()
    if override is None:
        return False
    override.delete()
    logger.info(
        "calendar_override_removed",
        date=date.isoformat(),
        kind=override.kind,
        name=override.name,
        actor_id=_actor_id(actor),
    )
    return True


@transaction.atomic
def set_office_hours(
    *,
    agency: Agency | None,
    morning_start: dt.time,
    morning_end: dt.time,
    afternoon_start: dt.time,
    afternoon_end: dt.time,
    actor: User | None,
) -> OfficeHours:
    """Set the office sessions of ``agency``, or the province default when ``agency`` is None.

    Raise ``ValidationError`` unless each session ends after it starts and the morning ends no
    later than the afternoon starts. One working day of the agency becomes its daily office time
    (see `deadlines.WorkingDays`); dossiers already received keep their due dates.
    """
    row = OfficeHours.objects.select_for_update().filter(agency=agency).first()
    previous = row.describe() if row else None
    if row is None:
        row = OfficeHours(agency=agency)
    row.morning_start = morning_start
    row.morning_end = morning_end
    row.afternoon_start = afternoon_start
    row.afternoon_end = afternoon_end
    row.full_clean(validate_unique=False, validate_constraints=False)  # the row we hold is the only one
    row.save()
    logger.info(
        "office_hours_set",
        agency_id=agency.pk if agency else None,
        hours=row.describe(),
        previous=previous,
        actor_id=_actor_id(actor),
    )
    return row


@transaction.atomic
def remove_office_hours(*, agency: Agency | None, actor: User | None) -> bool:
    """Remove an agency's own office hours: it follows the province default again.

    The province default row (no agency) cannot be removed this way; change it instead. Return
    whether a row was removed.
    """
    if agency is None:
        raise ValidationError(_("Không thể xóa giờ làm việc mặc định của tỉnh; hãy sửa giờ làm việc."))
    row = OfficeHours.objects.select_for_update().filter(agency=agency).first()
    if row is None:
        return False
    previous = row.describe()
    row.delete()
    logger.info("office_hours_removed", agency_id=agency.pk, previous=previous, actor_id=_actor_id(actor))
    return True
