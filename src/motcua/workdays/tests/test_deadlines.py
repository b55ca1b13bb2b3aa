"""Deadline rules of Decree 118/2025/NĐ-CP and the Civil Code, one table per rule."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest

from motcua.workdays.calendar import VN_TZ, CalendarRangeError, OfficeHours, WorkingCalendar
from motcua.workdays.deadlines import (
    CalendarDays,
    Channel,
    Duration,
    PendingState,
    SameDay,
    Timeliness,
    WorkingDays,
    WorkingHours,
    clock_start,
    compute_due,
    correction_deadline,
    explain_due,
    extension_request_allowed,
    online_acceptance_deadline,
    pending_state,
    restart_after_supplement,
    resume_after_pause,
    step_due,
    supplement_expiry,
    supplement_request_deadline,
    timeliness,
)


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar.build(range(2024, 2029))


# -- clock start: Decree 118 Art 17(2)(3), Art 18(2) -----------------------------------------------


@pytest.mark.parametrize(
    ("received_at", "channel", "expected"),
    [
        # Art 18(2): at the desk before 15:00 on a working day → the receipt instant
        (vn(2026, 3, 2, 9, 0), Channel.COUNTER, vn(2026, 3, 2, 9, 0)),
        (vn(2026, 3, 2, 14, 59), Channel.COUNTER, vn(2026, 3, 2, 14, 59)),
        # … moved to the next session start in the lunch gap or before opening
        (vn(2026, 3, 2, 12, 15), Channel.COUNTER, vn(2026, 3, 2, 13, 30)),
        (vn(2026, 3, 2, 6, 45), Channel.COUNTER, vn(2026, 3, 2, 7, 0)),
        # Art 18(2): at or after 15:00 → opening of the next working day
        (vn(2026, 3, 2, 15, 0), Channel.COUNTER, vn(2026, 3, 3, 7, 0)),
        (vn(2026, 3, 6, 15, 20), Channel.COUNTER, vn(2026, 3, 9, 7, 0)),  # Friday 15:20 → Monday 07:00
        # a desk open on a day off → next working day
        (vn(2026, 3, 7, 9, 0), Channel.COUNTER, vn(2026, 3, 9, 7, 0)),
        (vn(2026, 2, 13, 16, 0), Channel.COUNTER, vn(2026, 2, 23, 7, 0)),  # Friday before Tết 2026
        # Art 17(2)(3): online and postal → next working instant, no cut-off
        (vn(2026, 3, 2, 16, 30), Channel.ONLINE, vn(2026, 3, 2, 16, 30)),
        (vn(2026, 3, 7, 22, 0), Channel.ONLINE, vn(2026, 3, 9, 7, 0)),
        (vn(2026, 3, 2, 17, 30), Channel.POSTAL, vn(2026, 3, 3, 7, 0)),
        (vn(2026, 3, 2, 15, 30), Channel.POSTAL, vn(2026, 3, 2, 15, 30)),
    ],
)
def test_clock_start_follows_art_18_2_cutoff_at_the_desk_only(
    cal: WorkingCalendar, received_at: datetime, channel: Channel, expected: datetime
) -> None:
    assert clock_start(cal, received_at, channel) == expected


def test_counter_cutoff_is_configurable(cal: WorkingCalendar) -> None:
    # given a province that keeps the desk cut-off at 16:00
    start = clock_start(cal, vn(2026, 3, 2, 15, 30), Channel.COUNTER, counter_cutoff=time(16, 0))
    # then a 15:30 receipt counts the same day
    assert start == vn(2026, 3, 2, 15, 30)


def test_channel_may_be_given_as_its_string_value(cal: WorkingCalendar) -> None:
    received_at = vn(2026, 3, 2, 15, 30)
    assert clock_start(cal, received_at, "counter") == vn(2026, 3, 3, 7, 0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="fax"):
        clock_start(cal, received_at, "fax")  # type: ignore[arg-type]


def test_counter_receipt_on_a_make_up_saturday_counts_that_day(cal: WorkingCalendar) -> None:
    assert clock_start(cal, vn(2026, 8, 22, 9, 0), Channel.COUNTER) == vn(2026, 8, 22, 9, 0)


# -- due dates: working days and hours (1 working day = the calendar's daily office time) ----------


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        (vn(2026, 3, 2, 9, 0), WorkingDays(3), vn(2026, 3, 5, 9, 0)),
        (vn(2026, 3, 2, 7, 0), WorkingDays(Decimal("0.5")), vn(2026, 3, 2, 11, 0)),
        # 09:00 + 4 h: 2.5 h to 11:30, then 1.5 h from 13:30 → 15:00
        (vn(2026, 3, 2, 9, 0), WorkingDays("0.5"), vn(2026, 3, 2, 15, 0)),
        (vn(2026, 3, 2, 13, 30), WorkingDays(0.5), vn(2026, 3, 3, 7, 30)),  # 3.5 h today, 0.5 h tomorrow
        (vn(2026, 3, 2, 13, 30), WorkingHours("3.5"), vn(2026, 3, 2, 17, 0)),  # lands on closing: stays
        (vn(2026, 3, 2, 7, 0), WorkingDays(1), vn(2026, 3, 2, 17, 0)),
        (vn(2026, 3, 2, 9, 0), WorkingDays(Fraction(5, 16)), vn(2026, 3, 2, 11, 30)),  # 2.5 h → 11:30
        (vn(2026, 3, 2, 9, 0), WorkingDays(Fraction(1, 3)), vn(2026, 3, 2, 13, 40)),  # 160 min
        (vn(2026, 3, 6, 9, 0), WorkingDays(1), vn(2026, 3, 9, 9, 0)),  # over the weekend
        (vn(2026, 2, 13, 9, 0), WorkingDays(1), vn(2026, 2, 23, 9, 0)),  # Tết 2026 (16–20/2) skipped
        (vn(2026, 8, 21, 9, 0), WorkingDays(1), vn(2026, 8, 22, 9, 0)),  # make-up Saturday counts
        (vn(2026, 8, 28, 9, 0), WorkingDays(2), vn(2026, 9, 4, 9, 0)),  # Quốc khánh 2026 (31/8–2/9)
        (vn(2025, 4, 29, 9, 0), WorkingDays(2), vn(2025, 5, 6, 9, 0)),  # 30/4–2/5/2025, then weekend
        (vn(2026, 3, 2, 9, 0), WorkingHours(8), vn(2026, 3, 3, 9, 0)),
        (vn(2026, 3, 2, 16, 0), WorkingHours(Decimal("1.5")), vn(2026, 3, 3, 7, 30)),
        (vn(2026, 3, 2, 9, 0), WorkingDays(0), vn(2026, 3, 2, 9, 0)),
    ],
)
def test_working_time_limits_count_only_office_sessions_of_working_days(
    cal: WorkingCalendar, start: datetime, duration: Duration, expected: datetime
) -> None:
    assert compute_due(cal, start=start, duration=duration) == expected


def test_one_working_day_is_the_agencys_daily_office_time() -> None:
    # given an agency open 08:00–11:30 and 13:30–17:00 (7 h a day)
    hours = OfficeHours(((time(8, 0), time(11, 30)), (time(13, 30), time(17, 0))))
    agency = WorkingCalendar.build(range(2026, 2027), office_hours=hours)
    # then one working day from 09:00 ends at 09:00 the next working day, and half a day is 3.5 h
    assert compute_due(agency, start=vn(2026, 3, 2, 9, 0), duration=WorkingDays(1)) == vn(2026, 3, 3, 9, 0)
    assert compute_due(agency, start=vn(2026, 3, 2, 8, 0), duration=WorkingDays("0.5")) == vn(
        2026, 3, 2, 11, 30
    )


def test_due_starting_outside_office_hours_counts_from_the_next_session(cal: WorkingCalendar) -> None:
    assert compute_due(cal, start=vn(2026, 3, 2, 12, 0), duration=WorkingHours(1)) == vn(2026, 3, 2, 14, 30)


# -- due dates: calendar days (Civil Code 2015 Art 147–148) and "trong ngày" ----------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (vn(2026, 3, 2, 9, 0), 3, vn(2026, 3, 5, 17, 0)),  # Art 147(2): start day not counted
        (vn(2026, 3, 5, 10, 0), 2, vn(2026, 3, 9, 17, 0)),  # Art 148(5): ends Saturday → Monday
        (vn(2026, 3, 2, 9, 0), 5, vn(2026, 3, 9, 17, 0)),
        (vn(2026, 3, 2, 9, 0), 7, vn(2026, 3, 9, 17, 0)),
        (vn(2026, 2, 10, 9, 0), 7, vn(2026, 2, 23, 17, 0)),  # ends in Tết → first day after
        (vn(2026, 8, 21, 9, 0), 1, vn(2026, 8, 22, 17, 0)),  # ends on a make-up Saturday: worked
        (vn(2026, 3, 2, 9, 0), 0, vn(2026, 3, 2, 17, 0)),
    ],
)
def test_calendar_days_follow_civil_code_art_147_148(
    cal: WorkingCalendar, start: datetime, days: int, expected: datetime
) -> None:
    assert compute_due(cal, start=start, duration=CalendarDays(days)) == expected


def test_same_day_ends_at_close_of_the_start_day(cal: WorkingCalendar) -> None:
    assert compute_due(cal, start=vn(2026, 3, 3, 9, 0), duration=SameDay()) == vn(2026, 3, 3, 17, 0)
    assert compute_due(cal, start=vn(2026, 3, 7, 9, 0), duration=SameDay()) == vn(2026, 3, 9, 17, 0)


@pytest.mark.parametrize(
    ("received_at", "expected"),
    [
        (vn(2026, 3, 3, 14, 30), vn(2026, 3, 3, 17, 0)),
        (vn(2026, 3, 3, 15, 30), vn(2026, 3, 4, 17, 0)),  # Art 18(2): after 15:00 → next working day
        (vn(2026, 3, 6, 15, 30), vn(2026, 3, 9, 17, 0)),
    ],
)
def test_same_day_procedure_at_the_counter_after_15h_is_due_the_next_working_day(
    cal: WorkingCalendar, received_at: datetime, expected: datetime
) -> None:
    result = explain_due(cal, received_at=received_at, channel=Channel.COUNTER, duration=SameDay())
    assert result.due_at == expected


# -- explain_due: what the receipt says -----------------------------------------------------------


def test_explain_due_gives_the_known_counter_case(cal: WorkingCalendar) -> None:
    # given a counter receipt on Monday 2026-03-02 at 09:00 with a 3-working-day limit
    result = explain_due(
        cal, received_at=vn(2026, 3, 2, 9, 0), channel=Channel.COUNTER, duration=WorkingDays(3)
    )
    # then it is due Thursday at 09:00 and the receipt explains why
    assert result.clock_start == vn(2026, 3, 2, 9, 0)
    assert result.due_at.isoformat() == "2026-03-05T09:00:00+07:00"
    assert result.explanation[-1] == "Hẹn trả kết quả: 09:00 Thứ Năm 05/03/2026."
    assert "3 ngày làm việc = 24 giờ làm việc" in result.explanation[1]


def test_explain_due_after_the_cutoff_cites_art_18_2(cal: WorkingCalendar) -> None:
    result = explain_due(
        cal, received_at=vn(2026, 3, 6, 15, 20), channel=Channel.COUNTER, duration=WorkingDays(1)
    )
    assert result.clock_start == vn(2026, 3, 9, 7, 0)
    assert result.due_at == vn(2026, 3, 9, 17, 0)
    first = result.explanation[0]
    assert first.startswith("Nhận lúc 15:20 sau 15:00")
    assert "→ thời hạn tính từ 07:00 ngày làm việc tiếp theo" in first
    assert first.endswith("(Nghị định 118/2025/NĐ-CP, Điều 18 khoản 2).")


def test_explain_due_names_the_tet_days_skipped(cal: WorkingCalendar) -> None:
    result = explain_due(
        cal, received_at=vn(2026, 2, 13, 9, 0), channel=Channel.ONLINE, duration=WorkingDays(2)
    )
    text = "\n".join(result.explanation)
    assert result.due_at == vn(2026, 2, 24, 9, 0)
    assert "17/02/2026 (Tết Nguyên đán (Mùng 1))" in text
    assert "Điều 17 khoản 2" in text


def test_explain_due_mentions_a_make_up_saturday(cal: WorkingCalendar) -> None:
    result = explain_due(
        cal, received_at=vn(2026, 8, 21, 9, 0), channel=Channel.POSTAL, duration=WorkingDays(1)
    )
    assert result.due_at == vn(2026, 8, 22, 9, 0)
    assert any("Có tính ngày làm bù: Thứ Bảy 22/08/2026" in line for line in result.explanation)


def test_explain_due_for_calendar_days_cites_the_civil_code(cal: WorkingCalendar) -> None:
    result = explain_due(
        cal, received_at=vn(2026, 3, 5, 10, 0), channel=Channel.COUNTER, duration=CalendarDays(2)
    )
    assert result.due_at == vn(2026, 3, 9, 17, 0)
    assert "Bộ luật Dân sự 2015, Điều 147" in result.explanation[1]
    assert "ngày làm việc tiếp theo, Thứ Hai 09/03/2026" in result.explanation[1]


def test_explain_due_in_the_lunch_gap_starts_at_the_afternoon_session(cal: WorkingCalendar) -> None:
    result = explain_due(
        cal, received_at=vn(2026, 3, 2, 12, 5), channel=Channel.COUNTER, duration=WorkingHours(1)
    )
    assert result.clock_start == vn(2026, 3, 2, 13, 30)
    assert "ngoài giờ làm việc" in result.explanation[0]


# -- online acceptance: Art 17(2) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arrived_at", "expected"),
    [
        (vn(2026, 3, 2, 9, 0), vn(2026, 3, 3, 9, 0)),
        (vn(2026, 3, 7, 10, 0), vn(2026, 3, 9, 17, 0)),  # Saturday → Monday 07:00 + 8 h
        (vn(2026, 3, 6, 16, 0), vn(2026, 3, 9, 16, 0)),  # 1 h on Friday, 7 h on Monday
    ],
)
def test_online_dossier_must_be_accepted_within_8_working_hours_art_17_2(
    cal: WorkingCalendar, arrived_at: datetime, expected: datetime
) -> None:
    assert online_acceptance_deadline(cal, arrived_at) == expected


def test_online_acceptance_hours_are_configurable(cal: WorkingCalendar) -> None:
    assert online_acceptance_deadline(cal, vn(2026, 3, 2, 9, 0), working_hours=4) == vn(2026, 3, 2, 15, 0)


# -- supplements: Art 19(5) ---------------------------------------------------------------------------


def test_supplement_request_is_due_within_3_working_days_art_19_5(cal: WorkingCalendar) -> None:
    assert supplement_request_deadline(cal, vn(2026, 3, 2, 9, 0)) == vn(2026, 3, 5, 9, 0)
    assert supplement_request_deadline(cal, vn(2026, 3, 2, 9, 0), working_days=5) == vn(2026, 3, 9, 9, 0)


def test_clock_restarts_from_zero_after_a_supplement_art_19_5(cal: WorkingCalendar) -> None:
    # given a dossier resubmitted complete at the desk on Wednesday at 15:10
    result = restart_after_supplement(
        cal, resubmitted_at=vn(2026, 3, 11, 15, 10), channel=Channel.COUNTER, duration=WorkingDays(3)
    )
    # then the full 3 working days count again from Thursday 07:00
    assert result.clock_start == vn(2026, 3, 12, 7, 0)
    assert result.due_at == vn(2026, 3, 16, 17, 0)
    assert result.explanation[0].endswith("(Nghị định 118/2025/NĐ-CP, Điều 19 khoản 5).")


@pytest.mark.parametrize(
    ("requested_at", "working_days", "expected"),
    [
        (vn(2026, 3, 2, 10, 0), False, vn(2026, 3, 17, 17, 0)),  # 15 calendar days
        (vn(2026, 3, 6, 10, 0), False, vn(2026, 3, 23, 17, 0)),  # day 15 is a Saturday → Monday
        (vn(2026, 3, 2, 10, 0), True, vn(2026, 3, 23, 10, 0)),  # 15 working days
    ],
)
def test_unfinished_supplement_closes_after_15_days_art_19_5(
    cal: WorkingCalendar, requested_at: datetime, working_days: bool, expected: datetime
) -> None:
    assert supplement_expiry(cal, requested_at, working_days=working_days) == expected


# -- extension: Art 19(6) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due_at", "at", "extensions_so_far", "allowed"),
    [
        (vn(2026, 3, 5, 17, 0), vn(2026, 3, 4, 9, 0), 0, True),
        (vn(2026, 3, 5, 17, 0), vn(2026, 3, 4, 23, 59), 0, True),  # any time on the day before
        (vn(2026, 3, 5, 17, 0), vn(2026, 3, 5, 0, 0), 0, False),  # on the due date: too late
        (vn(2026, 3, 5, 17, 0), vn(2026, 3, 5, 8, 0), 0, False),
        (vn(2026, 3, 5, 17, 0), vn(2026, 3, 6, 8, 0), 0, False),  # already overdue
        (vn(2026, 3, 5, 17, 0), vn(2026, 3, 2, 8, 0), 1, False),  # only once
        (vn(2026, 3, 9, 9, 0), vn(2026, 3, 6, 16, 0), 0, True),  # due Monday, asked Friday
        # the day before is read in local time: 17:30 UTC on the 4th is already the 5th in Hà Nội
        (vn(2026, 3, 5, 17, 0), datetime(2026, 3, 4, 17, 30, tzinfo=UTC), 0, False),
    ],
)
def test_extension_is_allowed_once_and_at_least_one_day_before_due_art_19_6(
    cal: WorkingCalendar, due_at: datetime, at: datetime, extensions_so_far: int, allowed: bool
) -> None:
    check = extension_request_allowed(cal, due_at=due_at, at=at, extensions_so_far=extensions_so_far)
    assert check.allowed is allowed
    assert bool(check) is allowed
    assert "Điều 19 khoản 6" in check.reason


# -- pauses (financial obligations, sector law) ------------------------------------------------------


@pytest.mark.parametrize(
    ("paused_at", "resumed_at", "expected"),
    [
        (vn(2026, 3, 2, 10, 0), vn(2026, 3, 2, 14, 0), vn(2026, 3, 5, 11, 0)),  # 1.5 h + 0.5 h
        (vn(2026, 3, 6, 17, 0), vn(2026, 3, 9, 7, 0), vn(2026, 3, 5, 9, 0)),  # weekend only: nothing
        (vn(2026, 3, 2, 9, 0), vn(2026, 3, 3, 9, 0), vn(2026, 3, 6, 9, 0)),  # one working day
    ],
)
def test_pause_pushes_the_due_date_by_the_working_time_lost(
    cal: WorkingCalendar, paused_at: datetime, resumed_at: datetime, expected: datetime
) -> None:
    due_at = vn(2026, 3, 5, 9, 0)
    assert resume_after_pause(cal, due_at=due_at, paused_at=paused_at, resumed_at=resumed_at) == expected


def test_pause_cannot_end_before_it_starts(cal: WorkingCalendar) -> None:
    with pytest.raises(ValueError, match="before it starts"):
        resume_after_pause(
            cal, due_at=vn(2026, 3, 5, 9, 0), paused_at=vn(2026, 3, 3, 9, 0), resumed_at=vn(2026, 3, 2, 9, 0)
        )


# -- steps and corrections ---------------------------------------------------------------------------


def test_step_due_adds_the_allotted_working_hours_art_12_3(cal: WorkingCalendar) -> None:
    assert step_due(cal, step_started_at=vn(2026, 3, 2, 16, 0), allotted_working_hours=2) == vn(
        2026, 3, 3, 8, 0
    )
    assert step_due(cal, step_started_at=vn(2026, 3, 2, 9, 0), allotted_working_hours=Decimal("2.5")) == vn(
        2026, 3, 2, 11, 30
    )


def test_correction_is_due_within_3_working_days_art_23_1(cal: WorkingCalendar) -> None:
    # reported Friday 21/8/2026: the make-up Saturday 22/8 counts as the first working day
    assert correction_deadline(cal, reported_at=vn(2026, 8, 21, 10, 0)) == vn(2026, 8, 25, 10, 0)


# -- timeliness: domain.md §4.3, QĐ 766 -------------------------------------------------------------


@pytest.mark.parametrize(
    ("completed_at", "expected"),
    [
        (vn(2026, 3, 4, 16, 0), Timeliness.EARLY),
        (vn(2026, 3, 5, 7, 0), Timeliness.ON_TIME),
        (vn(2026, 3, 5, 17, 30), Timeliness.ON_TIME),  # after the due instant but on the due date
        (vn(2026, 3, 6, 7, 0), Timeliness.LATE),
        (datetime(2026, 3, 5, 17, 30, tzinfo=UTC), Timeliness.LATE),  # = 00:30 on 6/3 in Hà Nội
        (datetime(2026, 3, 4, 20, 0, tzinfo=UTC), Timeliness.ON_TIME),  # = 03:00 on 5/3 in Hà Nội
    ],
)
def test_timeliness_compares_local_dates(completed_at: datetime, expected: Timeliness) -> None:
    assert timeliness(completed_at, vn(2026, 3, 5, 9, 0)) is expected


@pytest.mark.parametrize(
    ("due_at", "at", "expected"),
    [
        (vn(2026, 3, 5, 9, 0), vn(2026, 3, 5, 18, 0), PendingState.IN_TIME),
        (vn(2026, 3, 5, 9, 0), vn(2026, 3, 6, 7, 0), PendingState.OVERDUE),
        (None, vn(2030, 1, 1, 0, 0), PendingState.IN_TIME),
    ],
)
def test_pending_state_is_in_time_until_the_due_date_ends(
    due_at: datetime | None, at: datetime, expected: PendingState
) -> None:
    assert pending_state(due_at, at) is expected


def test_timeliness_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="Naive"):
        timeliness(datetime(2026, 3, 5, 9, 0), vn(2026, 3, 5, 9, 0))


# -- durations --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (WorkingDays(3), "3 ngày làm việc"),
        (WorkingDays("0.5"), "0,5 ngày làm việc"),
        (WorkingDays(0.1), "0,1 ngày làm việc"),
        (WorkingDays(Fraction(1, 3)), "1/3 ngày làm việc"),
        (WorkingHours(Decimal("2.25")), "2,25 giờ làm việc"),
        (CalendarDays(15), "15 ngày (theo lịch)"),
        (SameDay(), "trong ngày"),
    ],
)
def test_durations_describe_themselves_in_vietnamese(duration: Duration, text: str) -> None:
    assert duration.describe() == text


def test_duration_amounts_are_exact_and_compare_by_value() -> None:
    assert (
        WorkingDays(0.1) == WorkingDays(Fraction(1, 10)) == WorkingDays("0.1") == WorkingDays(Decimal("0.1"))
    )
    assert WorkingDays(Decimal("0.5")).value == Fraction(1, 2)
    assert hash(WorkingHours(8)) == hash(WorkingHours(Decimal(8)))


@pytest.mark.parametrize(
    ("factory", "error"),
    [
        (lambda: WorkingDays(-1), ValueError),
        (lambda: WorkingHours("-0.5"), ValueError),
        (lambda: WorkingDays(True), TypeError),
        (lambda: CalendarDays(1.5), TypeError),  # type: ignore[arg-type]
        (lambda: CalendarDays(-1), ValueError),
    ],
)
def test_invalid_durations_are_refused(factory: object, error: type[Exception]) -> None:
    assert callable(factory)
    with pytest.raises(error):
        factory()


def test_unknown_duration_type_is_refused(cal: WorkingCalendar) -> None:
    with pytest.raises(TypeError, match="Unknown duration"):
        compute_due(cal, start=vn(2026, 3, 2, 9, 0), duration=timedelta(days=1))  # type: ignore[arg-type]


def test_due_after_the_calendar_range_raises(cal: WorkingCalendar) -> None:
    with pytest.raises(CalendarRangeError):
        compute_due(cal, start=vn(2028, 12, 20, 9, 0), duration=WorkingDays(30))
    with pytest.raises(CalendarRangeError):
        compute_due(cal, start=vn(2028, 12, 20, 9, 0), duration=CalendarDays(30))


def test_supplement_expiry_counts_from_the_request_not_the_receipt(cal: WorkingCalendar) -> None:
    assert supplement_expiry(cal, vn(2026, 3, 2, 10, 0), days=1) == vn(2026, 3, 3, 17, 0)
    assert supplement_expiry(cal, vn(2026, 3, 2, 10, 0), days=1).date() == date(2026, 3, 3)
