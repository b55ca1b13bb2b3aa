"""The committee's rhythm as pure functions: meetings, reception days, reminders, rotations.

Nothing here reads the clock or the database; callers pass the day and a working-day predicate
(`workdays.selectors.get_calendar().is_working_day`).
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from enum import StrEnum

IsWorkingDay = Callable[[date], bool]

# Quarterly online meetings with agencies and localities fall in months 3, 6, 9 and 12.
QUARTER_MONTHS = frozenset({3, 6, 9, 12})


def on_or_after_working_day(day: date, is_working_day: IsWorkingDay) -> date:
    """Return `day` if it is a working day, else the next working day."""
    for _ in range(31):
        if is_working_day(day):
            return day
        day += timedelta(days=1)
    return day


def on_or_before_working_day(day: date, is_working_day: IsWorkingDay) -> date:
    """Return `day` if it is a working day, else the previous working day."""
    for _ in range(31):
        if is_working_day(day):
            return day
        day -= timedelta(days=1)
    return day


def meeting_days(year: int, *, day_of_month: int, is_working_day: IsWorkingDay) -> list[tuple[date, bool]]:
    """Return (day, is_quarterly_online) for the twelve regular meetings of a year.

    Each month's meeting falls on `day_of_month` (clamped to the month's length) or, if that is not
    a working day, the working day before it; months 3, 6, 9 and 12 hold the quarterly online meeting
    with agencies and localities.
    """
    days = []
    for month in range(1, 13):
        last = _calendar.monthrange(year, month)[1]
        day = on_or_before_working_day(date(year, month, min(day_of_month, last)), is_working_day)
        days.append((day, month in QUARTER_MONTHS))
    return days


def reception_days(
    year: int, months: Iterable[int], *, days_of_month: Sequence[int], is_working_day: IsWorkingDay
) -> list[date]:
    """Return the reception days (e.g. the 5th and 15th), each moved to the next working day if needed."""
    result: list[date] = []
    for month in months:
        last = _calendar.monthrange(year, month)[1]
        for dom in days_of_month:
            day = on_or_after_working_day(date(year, month, min(dom, last)), is_working_day)
            if day not in result:
                result.append(day)
    return sorted(result)


def working_days_before(day: date, count: int, is_working_day: IsWorkingDay) -> date:
    """Return the working day `count` working days before `day` (count 0: `day` itself)."""
    current = day
    remaining = count
    while remaining > 0:
        current -= timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


class ReminderKind(StrEnum):
    BEFORE = "before"
    OVERDUE = "overdue"


def reminder_due(
    *,
    deadline: date,
    today: date,
    lead_working_days: Sequence[int],
    repeat_days: int,
    is_working_day: IsWorkingDay,
) -> tuple[ReminderKind, str] | None:
    """Return the reminder an open task needs today as (kind, stage key), or None.

    Before the deadline: the nearest stage whose reminder day (N working days before the deadline)
    has come, so a task created two days before its deadline gets one reminder, not three. After it:
    an overdue notice the day after the deadline, repeated every `repeat_days` days. The stage key
    makes the send idempotent: the same task, deadline and stage is sent once, whatever the number
    of runs; a changed deadline starts a new series.
    """
    if today <= deadline:
        due_stages = [
            n for n in sorted(lead_working_days) if working_days_before(deadline, n, is_working_day) <= today
        ]
        if not due_stages:
            return None
        return ReminderKind.BEFORE, f"{deadline.isoformat()}:{due_stages[0]}"
    days_late = (today - deadline).days
    round_no = (days_late - 1) // max(repeat_days, 1)
    return ReminderKind.OVERDUE, f"{deadline.isoformat()}:{round_no}"


def add_months(day: date, months: int) -> date:
    """Return the same day `months` later (the last day of the month when it does not exist)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


class RotationState(StrEnum):
    OK = "ok"
    DUE = "due"
    OVERDUE = "overdue"


def rotation_state(
    *, started_on: date, rotation_months: int, warning_months: int, today: date
) -> tuple[RotationState, date]:
    """Return whether a holder of a sensitive post is due for rotation, and the rotation date.

    Decree 59/2019/NĐ-CP Art 37(1): the periodic rotation term is from a full 2 years to 5 years,
    set per sector; the province's term for the post is `rotation_months`. *Due* from
    `warning_months` before the rotation date, *overdue* after it.
    """
    rotate_on = add_months(started_on, rotation_months)
    if today > rotate_on:
        return RotationState.OVERDUE, rotate_on
    if today >= add_months(started_on, rotation_months - warning_months):
        return RotationState.DUE, rotate_on
    return RotationState.OK, rotate_on
