"""The province's working calendar, built once per process from the holidays and overrides."""

from __future__ import annotations

from functools import lru_cache

from .calendar import WorkingCalendar

CALENDAR_YEARS = range(2020, 2036)


@lru_cache(maxsize=1)
def get_calendar() -> WorkingCalendar:
    """Return the province's working calendar (public holidays, announced swaps, office hours)."""
    return WorkingCalendar.build(CALENDAR_YEARS)
