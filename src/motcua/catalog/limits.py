"""Time limits in comparable units: working hours for step plans, days for time cuts.

A legal time limit is published in working days, working hours, calendar days or "within the day"
(trong ngày). Step allotments of an internal process are in working hours (Decree 118/2025/NĐ-CP
Art 12(3), 38(1)(d)); a working day counts 8 working hours, as deployed provincial systems do
(domain.md §4.2). A limit in calendar days is converted to the working days it contains on average
(5 in 7, rounded down), which is how provinces allot steps for such procedures; the conversion is an
approximation, stated wherever it is shown.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

from .models import TimeUnit

HOURS_PER_WORKING_DAY = Decimal(8)
_CALENDAR_TO_WORKING = Decimal(5) / Decimal(7)


def _calendar_to_working_days(days: Decimal) -> Decimal:
    return (days * _CALENDAR_TO_WORKING).to_integral_value(rounding=ROUND_FLOOR)


def limit_in_hours(time_limit: Decimal, unit: str) -> Decimal:
    """Return the working hours the steps of a process may use within a legal time limit."""
    value = Decimal(time_limit)
    if unit == TimeUnit.WORKING_HOURS:
        return value
    if unit == TimeUnit.WORKING_DAYS:
        return value * HOURS_PER_WORKING_DAY
    if unit == TimeUnit.CALENDAR_DAYS:
        return _calendar_to_working_days(value) * HOURS_PER_WORKING_DAY
    # Within the working day of receipt (or the next one after the desk's cut-off, Art 18(2)).
    return HOURS_PER_WORKING_DAY


def limit_in_days(time_limit: Decimal, unit: str) -> Decimal:
    """Return a time limit in days of its own kind: working days, or calendar days kept as such."""
    value = Decimal(time_limit)
    if unit == TimeUnit.WORKING_HOURS:
        return value / HOURS_PER_WORKING_DAY
    if unit == TimeUnit.SAME_DAY:
        return Decimal(1)
    return value


def days_cut(*, before: tuple[Decimal, str], after: tuple[Decimal, str]) -> Decimal:
    """Return by how many days a new limit shortens an old one (0 when it does not).

    Limits in the same unit are compared in that unit. Otherwise both are compared in working days,
    a calendar-day limit counting the working days it contains (5 in 7, rounded down).
    """
    (old_value, old_unit), (new_value, new_unit) = before, after
    if (old_unit == TimeUnit.CALENDAR_DAYS) == (new_unit == TimeUnit.CALENDAR_DAYS):
        cut = limit_in_days(old_value, old_unit) - limit_in_days(new_value, new_unit)
    else:
        cut = (limit_in_hours(old_value, old_unit) - limit_in_hours(new_value, new_unit)) / (
            HOURS_PER_WORKING_DAY
        )
    return max(cut, Decimal(0)).quantize(Decimal("0.01"))


def describe_hours(hours: Decimal) -> str:
    """Return working hours as a citizen reads them: "4 giờ", "2 ngày", "1 ngày 3,5 giờ" (làm việc)."""
    from django.utils.translation import gettext as _

    value = Decimal(hours)
    days, rest = divmod(value, HOURS_PER_WORKING_DAY)

    def num(x: Decimal) -> str:
        return f"{x.normalize():f}".replace(".", ",")

    if days == 0:
        return _("%(h)s giờ làm việc") % {"h": num(rest)}
    if rest == 0:
        return _("%(d)s ngày làm việc") % {"d": num(days)}
    return _("%(d)s ngày %(h)s giờ làm việc") % {"d": num(days), "h": num(rest)}
