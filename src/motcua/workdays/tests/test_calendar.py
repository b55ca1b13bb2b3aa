"""Working calendar: working days, names, office sessions and working-time arithmetic."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from motcua.workdays.calendar import (
    DEFAULT_OFFICE_HOURS,
    VN_TZ,
    CalendarRangeError,
    DayKind,
    OfficeHours,
    WorkingCalendar,
    vietnamese_holiday_name,
)
from motcua.workdays.official_days import OFFICIAL_OVERRIDES


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar.build(range(2024, 2029))


# -- which days are worked (Labour Code 2019 Art 112 + announced swaps) ------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 3, 2), True),  # ordinary Monday
        (date(2026, 3, 7), False),  # Saturday
        (date(2026, 3, 8), False),  # Sunday
        (date(2026, 2, 13), True),  # Friday before Tết 2026
        (date(2026, 2, 16), False),  # Tết 2026: 16–20 Feb
        (date(2026, 2, 17), False),
        (date(2026, 2, 18), False),
        (date(2026, 2, 19), False),
        (date(2026, 2, 20), False),
        (date(2026, 2, 23), True),  # back to work
        (date(2025, 4, 26), True),  # make-up Saturday for 2/5/2025
        (date(2025, 5, 2), False),
        (date(2026, 8, 22), True),  # make-up Saturday for 31/8/2026
        (date(2026, 8, 31), False),
        (date(2026, 9, 1), False),  # Quốc khánh, two days since 2021
        (date(2026, 9, 2), False),
        (date(2026, 1, 2), False),  # Tết Dương lịch 2026 swap (12729/VPCP-KGVX)
        (date(2026, 1, 10), True),
        (date(2026, 4, 27), False),  # Giỗ Tổ on Sunday 26/4/2026 → Monday off
        (date(2024, 5, 4), True),  # 2024 make-up Saturday, derived from the holidays package
    ],
)
def test_working_days_follow_weekends_holidays_and_swaps(
    cal: WorkingCalendar, day: date, working: bool
) -> None:
    assert cal.is_working_day(day) is working


def test_make_up_days_are_derived_from_the_holidays_package_without_official_overrides() -> None:
    # given a calendar built from the holidays package alone
    bare = WorkingCalendar.build(range(2025, 2027), with_official_overrides=False)
    # then the Saturdays the package names as swap sources are worked
    assert bare.is_working_day(date(2025, 4, 26))
    assert bare.is_working_day(date(2026, 8, 22))
    # and the Tết Dương lịch 2026 swap, unknown to the package, is not applied
    assert bare.is_working_day(date(2026, 1, 2))
    assert not bare.is_working_day(date(2026, 1, 10))


def test_official_overrides_are_sourced_data_for_2025_and_2026() -> None:
    entries = {(day, kind) for day, kind, _name in OFFICIAL_OVERRIDES}
    assert (date(2025, 4, 26), "make_up") in entries
    assert (date(2026, 8, 22), "make_up") in entries
    assert all(kind in ("day_off", "make_up") for _day, kind, _name in OFFICIAL_OVERRIDES)


def test_extra_days_off_and_make_up_days_override_the_defaults() -> None:
    # given an extra day off on a Friday and a make-up Saturday after it
    custom = WorkingCalendar.build(
        range(2026, 2027),
        extra_days_off={date(2026, 3, 6): "Nghỉ đột xuất"},
        make_up_days=[(date(2026, 3, 14), "Làm bù cho ngày 06/03/2026")],
    )
    # then the Friday is off and the Saturday is worked, with their names
    assert not custom.is_working_day(date(2026, 3, 6))
    assert custom.day_name(date(2026, 3, 6)) == "Nghỉ đột xuất"
    assert custom.is_working_day(date(2026, 3, 14))
    assert custom.day_info(date(2026, 3, 14)).kind is DayKind.MAKE_UP


def test_make_up_day_can_cancel_a_public_holiday() -> None:
    custom = WorkingCalendar.build(range(2026, 2027), make_up_days={date(2026, 11, 24): "Ngày làm việc"})
    assert custom.is_working_day(date(2026, 11, 24))


def test_a_date_cannot_be_both_day_off_and_make_up() -> None:
    with pytest.raises(ValueError, match="both"):
        WorkingCalendar.build(
            range(2026, 2027),
            extra_days_off={date(2026, 3, 7): "x"},
            make_up_days={date(2026, 3, 7): "y"},
        )
    with pytest.raises(ValueError, match="both"):
        WorkingCalendar(years=[2026], days_off={date(2026, 3, 7): "x"}, make_up_days={date(2026, 3, 7): "y"})


def test_years_must_be_contiguous_and_non_empty() -> None:
    with pytest.raises(ValueError, match="contiguous"):
        WorkingCalendar(years=[2025, 2027], days_off={}, make_up_days={})
    with pytest.raises(ValueError, match="at least one year"):
        WorkingCalendar(years=[], days_off={}, make_up_days={})


# -- names (Vietnamese) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 1, 1), "Tết Dương lịch"),
        (date(2026, 2, 17), "Tết Nguyên đán (Mùng 1)"),
        (date(2025, 4, 7), "Giỗ Tổ Hùng Vương"),
        (date(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương"),
        (date(2025, 4, 30), "Ngày Giải phóng miền Nam, thống nhất đất nước"),
        (date(2025, 5, 1), "Ngày Quốc tế Lao động"),
        (date(2025, 9, 2), "Quốc khánh"),
        (date(2026, 8, 22), "Làm bù cho ngày nghỉ 31/08/2026"),
        (date(2026, 3, 7), "Nghỉ hằng tuần (Thứ Bảy)"),
        (date(2026, 3, 2), None),
    ],
)
def test_day_name_says_why_a_day_is_off_or_worked(cal: WorkingCalendar, day: date, name: str | None) -> None:
    assert cal.day_name(day) == name


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("New Year's Day", "Tết Dương lịch"),
        ("Lunar New Year's Eve", "Tết Nguyên đán (Giao thừa)"),
        ("International Labor Day (observed)", "Nghỉ bù Ngày Quốc tế Lao động"),
        ("Day off (substituted from 04/26/2025)", "Nghỉ bù (hoán đổi, làm bù ngày 26/04/2025)"),
        ("National Day; Vietnam Cultural Day", "Quốc khánh; Ngày Văn hóa Việt Nam"),
        ("Hung Kings' Commemoration Day (estimated)", "Giỗ Tổ Hùng Vương (dự kiến)"),
        ("Some New Holiday", "Some New Holiday"),
    ],
)
def test_holiday_names_are_translated_and_unknown_ones_kept(english: str, vietnamese: str) -> None:
    assert vietnamese_holiday_name(english) == vietnamese


def test_days_off_and_make_up_days_list_a_year_with_names(cal: WorkingCalendar) -> None:
    days_off = {info.day: info.name for info in cal.days_off(2026)}
    make_up = [(info.day, info.name) for info in cal.make_up_days(2026)]
    assert {date(2026, 2, 16), date(2026, 2, 20), date(2026, 8, 31), date(2026, 9, 2)} <= set(days_off)
    assert date(2026, 3, 7) not in days_off  # plain weekends are not listed
    assert [day for day, _name in make_up] == [date(2026, 1, 10), date(2026, 8, 22)]
    assert all(info.is_working for info in cal.make_up_days(2025))
    assert not any(info.is_working for info in cal.days_off(2025))


# -- office sessions and instants -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (vn(2026, 3, 2, 9, 0), vn(2026, 3, 2, 9, 0)),  # inside the morning session
        (vn(2026, 3, 2, 6, 15), vn(2026, 3, 2, 7, 0)),  # before opening
        (vn(2026, 3, 2, 12, 10), vn(2026, 3, 2, 13, 30)),  # lunch gap
        (vn(2026, 3, 2, 11, 30), vn(2026, 3, 2, 13, 30)),  # a session end does not run
        (vn(2026, 3, 2, 17, 0), vn(2026, 3, 3, 7, 0)),  # closing time
        (vn(2026, 3, 6, 17, 45), vn(2026, 3, 9, 7, 0)),  # Friday evening → Monday
        (vn(2026, 3, 7, 10, 0), vn(2026, 3, 9, 7, 0)),  # Saturday
        (vn(2026, 2, 13, 18, 0), vn(2026, 2, 23, 7, 0)),  # eve of Tết 2026
        (vn(2026, 8, 21, 17, 30), vn(2026, 8, 22, 7, 0)),  # → make-up Saturday
    ],
)
def test_next_working_instant_moves_to_the_next_running_session(
    cal: WorkingCalendar, given: datetime, expected: datetime
) -> None:
    assert cal.next_working_instant(given) == expected


@pytest.mark.parametrize(
    ("start", "minutes", "expected"),
    [
        (vn(2026, 3, 2, 9, 0), 60, vn(2026, 3, 2, 10, 0)),
        (vn(2026, 3, 2, 9, 0), 150, vn(2026, 3, 2, 11, 30)),  # ends at a session end: stays there
        (vn(2026, 3, 2, 9, 0), 151, vn(2026, 3, 2, 13, 31)),  # crosses lunch
        (vn(2026, 3, 2, 13, 30), 210, vn(2026, 3, 2, 17, 0)),  # ends at closing: stays there
        (vn(2026, 3, 6, 16, 0), 120, vn(2026, 3, 9, 8, 0)),  # crosses the weekend
        (vn(2026, 3, 2, 12, 0), 0, vn(2026, 3, 2, 13, 30)),  # nothing to add from lunch
        (vn(2026, 3, 2, 11, 30), 0, vn(2026, 3, 2, 11, 30)),  # a session end is a working instant
        (vn(2026, 3, 7, 9, 0), 30, vn(2026, 3, 9, 7, 30)),  # from Saturday
    ],
)
def test_add_working_minutes_counts_only_inside_sessions(
    cal: WorkingCalendar, start: datetime, minutes: int, expected: datetime
) -> None:
    assert cal.add_working_minutes(start, minutes) == expected


def test_add_working_time_accepts_a_timedelta(cal: WorkingCalendar) -> None:
    assert cal.add_working_time(vn(2026, 3, 2, 9, 0), timedelta(hours=8)) == vn(2026, 3, 3, 9, 0)


def test_adding_negative_working_time_is_refused(cal: WorkingCalendar) -> None:
    with pytest.raises(ValueError, match="negative"):
        cal.add_working_minutes(vn(2026, 3, 2, 9, 0), -1)


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        (vn(2026, 3, 2, 7, 0), vn(2026, 3, 2, 17, 0), 480),
        (vn(2026, 3, 2, 0, 0), vn(2026, 3, 3, 0, 0), 480),
        (vn(2026, 3, 6, 16, 0), vn(2026, 3, 9, 8, 0), 120),
        (vn(2026, 3, 2, 11, 0), vn(2026, 3, 2, 14, 0), 60),
        (vn(2026, 3, 9, 8, 0), vn(2026, 3, 6, 16, 0), -120),
        (vn(2026, 2, 13, 7, 0), vn(2026, 2, 24, 7, 0), 2 * 480),  # Tết week counts nothing
    ],
)
def test_working_minutes_between_counts_session_time(
    cal: WorkingCalendar, start: datetime, end: datetime, minutes: int
) -> None:
    assert cal.working_minutes_between(start, end) == minutes


def test_close_of_day_and_first_session_start_of_a_working_day(cal: WorkingCalendar) -> None:
    assert cal.close_of_day(date(2026, 3, 2)) == vn(2026, 3, 2, 17, 0)
    assert cal.first_session_start(date(2026, 8, 22)) == vn(2026, 8, 22, 7, 0)


def test_close_of_day_refuses_a_day_off(cal: WorkingCalendar) -> None:
    with pytest.raises(ValueError, match="not a working day"):
        cal.close_of_day(date(2026, 3, 7))
    with pytest.raises(ValueError, match="not a working day"):
        cal.first_session_start(date(2026, 2, 17))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 3, 2), date(2026, 3, 3)),
        (date(2026, 3, 6), date(2026, 3, 9)),
        (date(2026, 2, 13), date(2026, 2, 23)),
        (date(2026, 8, 21), date(2026, 8, 22)),
        (date(2026, 8, 28), date(2026, 9, 3)),
    ],
)
def test_next_working_day_skips_days_off(cal: WorkingCalendar, day: date, expected: date) -> None:
    assert cal.next_working_day(day) == expected


def test_working_day_on_or_after_keeps_a_working_day(cal: WorkingCalendar) -> None:
    assert cal.working_day_on_or_after(date(2026, 3, 2)) == date(2026, 3, 2)
    assert cal.working_day_on_or_after(date(2026, 3, 7)) == date(2026, 3, 9)


# -- custom office hours ----------------------------------------------------------------------


def test_agency_office_hours_change_the_working_day_length() -> None:
    hours = OfficeHours(((time(8, 0), time(11, 30)), (time(13, 30), time(17, 0))))
    agency = WorkingCalendar.build(range(2026, 2027), office_hours=hours)
    assert hours.daily_minutes == 420
    assert agency.next_working_instant(vn(2026, 3, 2, 7, 30)) == vn(2026, 3, 2, 8, 0)
    assert agency.add_working_minutes(vn(2026, 3, 2, 9, 0), 420) == vn(2026, 3, 3, 9, 0)


def test_default_office_hours_are_eight_hours_in_two_sessions() -> None:
    assert DEFAULT_OFFICE_HOURS.daily_minutes == 480
    assert DEFAULT_OFFICE_HOURS.describe() == "07:00–11:30, 13:30–17:00"
    assert DEFAULT_OFFICE_HOURS.opening == time(7, 0)
    assert DEFAULT_OFFICE_HOURS.closing == time(17, 0)


@pytest.mark.parametrize(
    "sessions",
    [
        (),
        ((time(11, 0), time(7, 0)),),
        ((time(7, 0), time(12, 0)), (time(11, 0), time(17, 0))),
        ((time(7, 0, tzinfo=UTC), time(11, 0)),),
    ],
)
def test_invalid_office_hours_are_refused(sessions: tuple[tuple[time, time], ...]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 — each case has its own message
        OfficeHours(sessions)


# -- contract: aware datetimes, local results, fixed range, immutability --------------------------


def test_naive_datetimes_are_refused(cal: WorkingCalendar) -> None:
    naive = datetime(2026, 3, 2, 9, 0)
    with pytest.raises(ValueError, match="Naive"):
        cal.next_working_instant(naive)
    with pytest.raises(ValueError, match="Naive"):
        cal.add_working_minutes(naive, 10)
    with pytest.raises(ValueError, match="Naive"):
        cal.to_local(naive)


def test_results_are_in_vietnam_time_whatever_the_input_zone(cal: WorkingCalendar) -> None:
    # given 02:00 UTC = 09:00 in Hà Nội, and the same instant in New York
    utc = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    new_york = utc.astimezone(ZoneInfo("America/New_York"))
    # then both give the same local result
    for given in (utc, new_york):
        result = cal.add_working_minutes(given, 60)
        assert result == vn(2026, 3, 2, 10, 0)
        assert result.tzinfo is VN_TZ


def test_asking_outside_the_built_years_raises_a_range_error(cal: WorkingCalendar) -> None:
    with pytest.raises(CalendarRangeError, match="2024–2028"):
        cal.is_working_day(date(2030, 1, 1))
    with pytest.raises(CalendarRangeError):
        cal.next_working_instant(vn(2023, 12, 31, 9, 0))
    with pytest.raises(CalendarRangeError):
        cal.add_working_minutes(vn(2028, 12, 29, 9, 0), 480 * 10)
    with pytest.raises(CalendarRangeError):
        cal.next_working_instant(vn(2028, 12, 29, 18, 0))
    with pytest.raises(CalendarRangeError):
        cal.days_off(2030)


def test_calendar_is_immutable(cal: WorkingCalendar) -> None:
    with pytest.raises(AttributeError, match="immutable"):
        cal._daily = 1
    assert "2024–2028" in repr(cal)
