"""Properties of the deadline engine that must hold for every input (Hypothesis)."""

from __future__ import annotations

import os
import time as time_module
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.workdays.calendar import VN_TZ, WorkingCalendar
from motcua.workdays.deadlines import (
    CalendarDays,
    Channel,
    Duration,
    SameDay,
    WorkingDays,
    WorkingHours,
    clock_start,
    compute_due,
    explain_due,
)

CALENDAR = WorkingCalendar.build(range(2024, 2029))

# Instants over 2025–2027, at minute or microsecond precision, in Hà Nội time.
_naive_instants = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31, 23, 59))
instants = st.builds(lambda naive: naive.replace(tzinfo=VN_TZ), _naive_instants)
minute_instants = st.builds(
    lambda naive: naive.replace(second=0, microsecond=0, tzinfo=VN_TZ), _naive_instants
)

working_minutes = st.integers(min_value=0, max_value=40 * 480)
durations: st.SearchStrategy[Duration] = st.one_of(
    st.builds(WorkingDays, st.fractions(min_value=0, max_value=40, max_denominator=8)),
    st.builds(WorkingHours, st.fractions(min_value=0, max_value=200, max_denominator=4)),
    st.builds(CalendarDays, st.integers(min_value=0, max_value=60)),
    st.just(SameDay()),
)
channels = st.sampled_from(list(Channel))
zones = st.sampled_from(
    ["UTC", "America/New_York", "Europe/Paris", "Pacific/Kiritimati", "Pacific/Pago_Pago"]
)

# Local settings (not a global profile, which would leak into other apps' tests); no example
# database, so running the suite writes nothing into the working tree.
engine_settings = settings(max_examples=300, deadline=None, database=None)


@contextmanager
def machine_time_zone(name: str) -> Iterator[None]:
    """Run the block as if the machine's local time zone were ``name``."""
    previous = os.environ.get("TZ")
    os.environ["TZ"] = name
    time_module.tzset()
    try:
        yield
    finally:
        if previous is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = previous
        time_module.tzset()


@engine_settings
@given(start=instants, duration=durations)
def test_due_instant_is_always_a_working_instant(start: datetime, duration: Duration) -> None:
    due = compute_due(CALENDAR, start=start, duration=duration)
    # inside a session of a working day, or exactly at its end
    assert CALENDAR.is_working_instant(due)
    assert CALENDAR.is_working_day(due.date())
    assert due >= start


@engine_settings
@given(start=instants, first=working_minutes, second=working_minutes)
def test_adding_a_then_b_equals_adding_a_plus_b(start: datetime, first: int, second: int) -> None:
    origin = CALENDAR.next_working_instant(start)
    step = CALENDAR.add_working_minutes(CALENDAR.add_working_minutes(origin, first), second)
    assert step == CALENDAR.add_working_minutes(origin, first + second)


@engine_settings
@given(start=instants, first=working_minutes, second=working_minutes)
def test_adding_a_then_b_equals_adding_a_plus_b_from_any_instant(
    start: datetime, first: int, second: int
) -> None:
    step = CALENDAR.add_working_minutes(CALENDAR.add_working_minutes(start, first), second)
    assert step == CALENDAR.add_working_minutes(start, first + second)


@engine_settings
@given(start=instants, minutes=working_minutes)
def test_working_time_between_start_and_due_is_the_duration(start: datetime, minutes: int) -> None:
    origin = CALENDAR.next_working_instant(start)
    due = CALENDAR.add_working_minutes(origin, minutes)
    assert CALENDAR.working_minutes_between(origin, due) == minutes
    assert CALENDAR.working_time_between(origin, due) == timedelta(minutes=minutes)


@engine_settings
@given(
    start=instants,
    smaller=st.fractions(min_value=0, max_value=30, max_denominator=8),
    extra=st.fractions(min_value=0, max_value=10, max_denominator=8),
)
def test_more_working_days_never_give_an_earlier_due(
    start: datetime, smaller: Fraction, extra: Fraction
) -> None:
    early = compute_due(CALENDAR, start=start, duration=WorkingDays(smaller))
    late = compute_due(CALENDAR, start=start, duration=WorkingDays(smaller + extra))
    assert early <= late


@engine_settings
@given(
    start=instants, days=st.integers(min_value=0, max_value=60), extra=st.integers(min_value=0, max_value=30)
)
def test_more_calendar_days_never_give_an_earlier_due(start: datetime, days: int, extra: int) -> None:
    early = compute_due(CALENDAR, start=start, duration=CalendarDays(days))
    late = compute_due(CALENDAR, start=start, duration=CalendarDays(days + extra))
    assert early <= late


@engine_settings
@given(
    start=instants,
    hours=st.integers(min_value=0, max_value=400),
    extra=st.integers(min_value=0, max_value=80),
)
def test_more_working_hours_never_give_an_earlier_due(start: datetime, hours: int, extra: int) -> None:
    early = compute_due(CALENDAR, start=start, duration=WorkingHours(hours))
    late = compute_due(CALENDAR, start=start, duration=WorkingHours(hours + extra))
    assert early <= late


@engine_settings
@given(start=minute_instants, duration=durations, zone=zones)
def test_result_does_not_depend_on_the_machine_time_zone(
    start: datetime, duration: Duration, zone: str
) -> None:
    reference = compute_due(CALENDAR, start=start, duration=duration)
    with machine_time_zone(zone):
        # the machine zone really changed: naive "now" conversions would now differ
        offset = datetime.fromtimestamp(0, ZoneInfo(zone)).utcoffset()
        assert offset is not None
        assert time_module.localtime(0).tm_gmtoff == offset.total_seconds()
        moved = compute_due(CALENDAR, start=start, duration=duration)
        rebuilt = WorkingCalendar.build(range(2025, 2029))
        again = compute_due(rebuilt, start=start, duration=duration)
    assert moved == reference
    assert again == reference
    assert (moved.utcoffset(), again.utcoffset()) == (timedelta(hours=7), timedelta(hours=7))


@engine_settings
@given(start=instants, duration=durations, zone=zones)
def test_input_in_utc_or_any_zone_gives_the_same_local_instant(
    start: datetime, duration: Duration, zone: str
) -> None:
    local = compute_due(CALENDAR, start=start, duration=duration)
    from_utc = compute_due(CALENDAR, start=start.astimezone(UTC), duration=duration)
    from_elsewhere = compute_due(CALENDAR, start=start.astimezone(ZoneInfo(zone)), duration=duration)
    assert local == from_utc == from_elsewhere
    assert local.isoformat() == from_utc.isoformat() == from_elsewhere.isoformat()
    assert from_utc.tzinfo is VN_TZ


@engine_settings
@given(received_at=instants, channel=channels)
def test_clock_start_is_a_running_instant_not_before_receipt(received_at: datetime, channel: Channel) -> None:
    start = clock_start(CALENDAR, received_at, channel)
    assert start >= received_at
    assert CALENDAR.next_working_instant(start) == start
    if channel is Channel.COUNTER and start.date() == received_at.date():
        # Art 18(2): a same-day start at the desk means the dossier came in before 15:00
        assert received_at.time() < time(15, 0)


@engine_settings
@given(received_at=instants, channel=channels, duration=durations)
def test_explanation_always_ends_with_the_due_date(
    received_at: datetime, channel: Channel, duration: Duration
) -> None:
    result = explain_due(CALENDAR, received_at=received_at, channel=channel, duration=duration)
    assert result.due_at == compute_due(CALENDAR, start=result.clock_start, duration=duration)
    last = result.explanation[-1]
    assert last.startswith(f"Hẹn trả kết quả: {result.due_at:%H:%M} ")
    assert last.endswith(f"{result.due_at:%d/%m/%Y}.")
