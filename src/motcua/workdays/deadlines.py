"""
Deadline rules for administrative procedures, as pure functions over a `WorkingCalendar`.

A dossier's statutory clock starts at its official, complete-and-valid receipt (Decree
118/2025/NĐ-CP Art 17(3)); a paper dossier received at the desk at or after 15:00 counts from the
next working day (Art 18(2)); an online dossier counts from its official acceptance, which must
happen within 8 working hours of its arrival (Art 17(2)). The time limit of a procedure is a
`Duration`: working days (the usual "ngày làm việc", possibly fractional), working hours, calendar
days (Civil Code 2015 Art 147–148) or "trong ngày" (same day). Later events move or restart the
clock: a supplement request after appraisal restarts it from zero (Art 19(5)), an extension is
allowed once and only if asked at least one day before the due date (Art 19(6)), and a pause (e.g.
while the applicant performs financial obligations) pushes the due date by the working time lost.

Every function takes the instants it needs as arguments; none reads the clock (design.md rule 4).
All datetimes must be aware; results are in the calendar's zone (Asia/Ho_Chi_Minh).

Choices made where the texts leave room (each is documented on the function concerned):

* One working day is the calendar's daily office time (8 h with the default hours), so
  ``WorkingDays(0.5)`` is 4 working hours and ``WorkingDays(3)`` from 09:00 ends at 09:00.
* A due instant that lands exactly at a session end stays there (11:30, not 13:30).
* Calendar-day periods end at the close of office hours of their last day, not at 24:00.
* Timeliness compares local dates, as the national dashboards do (domain.md §4.3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Final

from motcua.workdays.calendar import VN_TZ, DayKind, WorkingCalendar

__all__ = [
    "DEFAULT_COUNTER_CUTOFF",
    "Amount",
    "CalendarDays",
    "Channel",
    "DueDate",
    "Duration",
    "ExtensionCheck",
    "PendingState",
    "SameDay",
    "Timeliness",
    "WorkingDays",
    "WorkingHours",
    "clock_start",
    "compute_due",
    "correction_deadline",
    "explain_due",
    "extension_request_allowed",
    "online_acceptance_deadline",
    "pending_state",
    "restart_after_supplement",
    "resume_after_pause",
    "step_due",
    "supplement_expiry",
    "supplement_request_deadline",
    "timeliness",
]

DECREE_118: Final = "Nghị định 118/2025/NĐ-CP"
CIVIL_CODE: Final = "Bộ luật Dân sự 2015"
DEFAULT_COUNTER_CUTOFF: Final = time(15, 0)

_US_PER_HOUR: Final = 3_600_000_000
_WEEKDAYS_VI: Final = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")

Amount = int | float | Decimal | Fraction | str
"""A non-negative quantity: exact types are kept exact; a float is read through its decimal repr."""


def _as_fraction(value: Amount) -> Fraction:
    if isinstance(value, bool):
        raise TypeError("A duration amount must be a number, not a bool.")
    # repr() of a float is the shortest decimal that round-trips: 0.1 → 1/10, not a binary fraction.
    result = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    if result < 0:
        raise ValueError(f"A duration amount must not be negative, got {value!r}.")
    return result


def _format_amount(value: Fraction) -> str:
    """Return ``value`` in Vietnamese notation: 3, "0,5", "2,25", or "1/3" when not decimal."""
    if value.denominator == 1:
        return str(value.numerator)
    scaled = value * 10**6
    if scaled.denominator == 1:
        text = f"{Decimal(value.numerator) / Decimal(value.denominator):f}".rstrip("0").rstrip(".")
        return text.replace(".", ",")
    return f"{value.numerator}/{value.denominator}"


def _ceil_div(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)


# -- durations ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WorkingDays:
    """Hold a time limit in working days (ngày làm việc); fractions such as 0.5 are allowed.

    One working day is the calendar's daily office time: 8 working hours with the default sessions
    (domain.md §4.2, OBSERVED 1 day = 8 h). For an agency whose office hours are not 8 h a day,
    one working day is that agency's daily office time, so "1 working day" from 09:00 always ends
    at 09:00 on the next working day. Amounts are exact (``value`` is normalised to a
    ``Fraction``); the result is rounded up to the microsecond when a fraction does not divide the
    day evenly.
    """

    value: Amount
    # The amount as an exact fraction, kept as two ints for the hot path of `compute_due`.
    numerator: int = field(init=False, repr=False, compare=False)
    denominator: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        amount = _as_fraction(self.value)
        object.__setattr__(self, "value", amount)
        object.__setattr__(self, "numerator", amount.numerator)
        object.__setattr__(self, "denominator", amount.denominator)

    def working_microseconds(self, calendar: WorkingCalendar) -> int:
        """Return the working time this many working days last on ``calendar``."""
        return _ceil_div(self.numerator * calendar.daily_working_microseconds, self.denominator)

    def describe(self) -> str:
        """Return the limit in Vietnamese, e.g. "3 ngày làm việc"."""
        return f"{_format_amount(_as_fraction(self.value))} ngày làm việc"


@dataclass(frozen=True, slots=True)
class WorkingHours:
    """Hold a time limit in working hours (giờ làm việc), counted only inside office sessions.

    ``value`` is normalised to a ``Fraction``; 1.5 means 90 working minutes.
    """

    value: Amount
    # The amount in microseconds of working time, rounded up, for the hot path of `compute_due`.
    microseconds: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        amount = _as_fraction(self.value)
        object.__setattr__(self, "value", amount)
        object.__setattr__(
            self, "microseconds", _ceil_div(amount.numerator * _US_PER_HOUR, amount.denominator)
        )

    def working_microseconds(self, calendar: WorkingCalendar) -> int:
        """Return the working time in microseconds (independent of the calendar)."""
        return self.microseconds

    def describe(self) -> str:
        """Return the limit in Vietnamese, e.g. "8 giờ làm việc"."""
        return f"{_format_amount(_as_fraction(self.value))} giờ làm việc"


@dataclass(frozen=True, slots=True)
class CalendarDays:
    """Hold a time limit in calendar days ("ngày"), counted by Civil Code 2015 Art 147–148.

    The day the clock starts is not counted (Art 147(2)); the period ends at the end of its last
    day (Art 148(1)), or at the end of the next working day when the last day is a weekend or a
    holiday (Art 148(5)). Art 148 puts the end of a day at 24:00; since results are handed over
    during office hours, the period here ends at the *close of office hours* of that day. Reports
    compare dates (domain.md §4.3), so the two readings never disagree on timeliness.
    """

    days: int

    def __post_init__(self) -> None:
        if isinstance(self.days, bool) or not isinstance(self.days, int):
            raise TypeError("Calendar days must be a whole number.")
        if self.days < 0:
            raise ValueError("Calendar days must not be negative.")

    def describe(self) -> str:
        """Return the limit in Vietnamese, e.g. "15 ngày (theo lịch)"."""
        return f"{self.days} ngày (theo lịch)"


@dataclass(frozen=True, slots=True)
class SameDay:
    """Hold the "trong ngày" limit: by the close of office hours of the day the clock starts.

    Combined with the 15:00 counter cut-off this gives the practice of same-day procedures
    (hộ tịch, chứng thực): "trong ngày, sau 15 giờ → ngày làm việc tiếp theo" (domain.md §0 #5).
    """

    def describe(self) -> str:
        """Return the limit in Vietnamese."""
        return "trong ngày"


Duration = WorkingDays | WorkingHours | CalendarDays | SameDay


class Channel(StrEnum):
    """How a dossier was submitted (Decree 118/2025/NĐ-CP Art 15)."""

    COUNTER = "counter"
    ONLINE = "online"
    POSTAL = "postal"


class Timeliness(StrEnum):
    """How a completed dossier compares with its due date (trước hạn / đúng hạn / quá hạn)."""

    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"


class PendingState(StrEnum):
    """Whether a dossier still in progress is within its time limit (trong hạn / quá hạn)."""

    IN_TIME = "in_time"
    OVERDUE = "overdue"


@dataclass(frozen=True, slots=True)
class DueDate:
    """Hold a computed due date with the reasoning a desk officer can read to the applicant.

    All three instants are in the calendar's zone; ``explanation`` is a tuple of Vietnamese lines
    (immutable, like the rest of the record), ending with the appointment ("Hẹn trả kết quả").
    """

    received_at: datetime
    channel: Channel
    clock_start: datetime
    duration: Duration
    due_at: datetime
    explanation: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ExtensionCheck:
    """Hold whether an extension request is allowed, and why (Vietnamese, article cited)."""

    allowed: bool
    reason: str

    def __bool__(self) -> bool:
        return self.allowed


# -- clock start -------------------------------------------------------------------------------


def clock_start(
    calendar: WorkingCalendar,
    received_at: datetime,
    channel: Channel,
    *,
    counter_cutoff: time = DEFAULT_COUNTER_CUTOFF,
) -> datetime:
    """Return the instant the time limit starts counting for a dossier received at ``received_at``.

    Decree 118/2025/NĐ-CP Art 17(3), 18(2). At the desk (``Channel.COUNTER``): received on a
    working day before ``counter_cutoff`` (15:00) → the receipt instant, moved to the next session
    start when it falls before opening or in the lunch gap; received at or after the cut-off, or on
    a day off → the opening of the next working day. Online and by post → the next working instant,
    no cut-off; for an online dossier pass the official acceptance instant (Art 17(2)), not its
    arrival. The cut-off is a parameter because domain.md marks the detail UNCERTAIN.
    """
    if Channel(channel) is Channel.COUNTER:
        local = calendar.to_local(received_at)
        day = local.date()
        if calendar.is_working_day(day) and local.time() < counter_cutoff:
            return calendar.next_working_instant(local)
        return calendar.first_session_start(calendar.next_working_day(day))
    return calendar.next_working_instant(received_at)


# -- due dates ---------------------------------------------------------------------------------


def compute_due(calendar: WorkingCalendar, *, start: datetime, duration: Duration) -> datetime:
    """Return the due instant of ``duration`` counted from the clock start ``start``.

    ``start`` is first moved to the next working instant (so it is normally `clock_start`'s
    result). Working days and hours run only inside office sessions of working days; the due
    instant is the earliest one by which the whole duration has run, so it can sit exactly at a
    session end (11:30 or 17:00). Calendar days follow Civil Code 2015 Art 147–148 (see
    `CalendarDays`); "trong ngày" ends at the close of the start day.
    """
    if isinstance(duration, WorkingDays):
        amount = -(-duration.numerator * calendar.daily_working_microseconds // duration.denominator)
        return calendar.add_working_microseconds(start, amount)
    if isinstance(duration, WorkingHours):
        return calendar.add_working_microseconds(start, duration.microseconds)
    if isinstance(duration, CalendarDays):
        return calendar.close_of_day_after(start, duration.days)
    if isinstance(duration, SameDay):
        return calendar.close_of_day_after(start, 0)
    raise TypeError(f"Unknown duration {duration!r}.")


def _format_instant(value: datetime) -> str:
    return f"{value:%H:%M} {_WEEKDAYS_VI[value.weekday()]} {value:%d/%m/%Y}"


def _format_day(value: date) -> str:
    return f"{_WEEKDAYS_VI[value.weekday()]} {value:%d/%m/%Y}"


def _clock_start_line(
    calendar: WorkingCalendar,
    received_at: datetime,
    channel: Channel,
    start: datetime,
    counter_cutoff: time,
) -> str:
    local = calendar.to_local(received_at)
    received = _format_instant(local)
    if channel is Channel.COUNTER:
        cutoff = f"{counter_cutoff:%H:%M}"
        article = f"{DECREE_118}, Điều 18 khoản 2"
        if not calendar.is_working_day(local.date()):
            reason = calendar.day_name(local.date()) or "ngày nghỉ"
            return (
                f"Nhận lúc {received}, là ngày nghỉ ({reason}) → thời hạn tính từ "
                f"{start:%H:%M} ngày làm việc tiếp theo, {_format_day(start.date())} ({article})."
            )
        if local.time() >= counter_cutoff:
            when = "sau" if local.time() > counter_cutoff else "đúng"
            return (
                f"Nhận lúc {local:%H:%M} {when} {cutoff} ({_format_day(local.date())}) → thời hạn "
                f"tính từ {start:%H:%M} ngày làm việc tiếp theo, {_format_day(start.date())} ({article})."
            )
        if start == local:
            return (
                f"Tiếp nhận trực tiếp lúc {received}, trước {cutoff} → thời hạn tính từ thời điểm "
                f"tiếp nhận ({DECREE_118}, Điều 17 khoản 3; Điều 18 khoản 2)."
            )
        return (
            f"Tiếp nhận trực tiếp lúc {received}, ngoài giờ làm việc "
            f"({calendar.office_hours.describe()}) → thời hạn tính từ {_format_instant(start)}, "
            f"đầu phiên làm việc tiếp theo ({DECREE_118}, Điều 17 khoản 3)."
        )
    if channel is Channel.ONLINE:
        subject = "Hồ sơ trực tuyến được tiếp nhận chính thức lúc"
        article = f"{DECREE_118}, Điều 17 khoản 2 và 3"
    else:
        subject = "Hồ sơ qua dịch vụ bưu chính được tiếp nhận lúc"
        article = f"{DECREE_118}, Điều 15 khoản 2; Điều 17 khoản 3"
    if start == local:
        return f"{subject} {received} → thời hạn tính từ thời điểm này ({article})."
    return (
        f"{subject} {received}, ngoài giờ làm việc → thời hạn tính từ giờ làm việc tiếp theo, "
        f"{_format_instant(start)} ({article})."
    )


def _duration_line(calendar: WorkingCalendar, duration: Duration, start: datetime, due: datetime) -> str:
    hours = calendar.office_hours.describe()
    if isinstance(duration, WorkingDays):
        total = Fraction(duration.working_microseconds(calendar), _US_PER_HOUR)
        per_day = Fraction(calendar.daily_working_microseconds, _US_PER_HOUR)
        return (
            f"Thời hạn {duration.describe()} = {_format_amount(total)} giờ làm việc "
            f"(1 ngày làm việc = {_format_amount(per_day)} giờ), chỉ tính trong giờ làm việc "
            f"({hours}) của các ngày làm việc."
        )
    if isinstance(duration, WorkingHours):
        return f"Thời hạn {duration.describe()}, chỉ tính trong giờ làm việc ({hours}) của các ngày làm việc."
    if isinstance(duration, CalendarDays):
        last_day = start.date() + timedelta(days=duration.days)
        line = (
            f"Thời hạn {duration.describe()}: không tính ngày bắt đầu, ngày cuối cùng là "
            f"{_format_day(last_day)}, kết thúc vào cuối giờ làm việc của ngày đó"
        )
        if due.date() != last_day:
            line += (
                f"; ngày cuối cùng là ngày nghỉ nên thời hạn kết thúc vào cuối ngày làm việc tiếp theo, "
                f"{_format_day(due.date())}"
            )
        return f"{line} ({CIVIL_CODE}, Điều 147 khoản 2; Điều 148 khoản 1 và 5)."
    return (
        "Thời hạn trong ngày: trả kết quả trước khi hết giờ làm việc của ngày bắt đầu tính thời hạn "
        "(sau 15 giờ chuyển sang ngày làm việc tiếp theo)."
    )


def _skipped_days_lines(calendar: WorkingCalendar, first: date, due: datetime) -> list[str]:
    """Return lines naming the days off skipped and make-up days counted from ``first`` to ``due``."""
    days_off: list[str] = []
    make_up: list[str] = []
    weekends = 0
    for info in calendar.iter_days(first, due.date()):
        if info.kind is DayKind.DAY_OFF:
            days_off.append(f"{info.day:%d/%m/%Y} ({info.name})")
        elif info.kind is DayKind.WEEKEND:
            weekends += 1
        elif info.kind is DayKind.MAKE_UP:
            make_up.append(f"{_format_day(info.day)} ({info.name})")
    lines: list[str] = []
    if days_off:
        lines.append(f"Không tính các ngày nghỉ lễ, Tết, nghỉ bù: {', '.join(days_off)}.")
    if weekends:
        lines.append(f"Không tính {weekends} ngày nghỉ hằng tuần (thứ Bảy, Chủ nhật).")
    if make_up:
        lines.append(f"Có tính ngày làm bù: {', '.join(make_up)}.")
    return lines


def explain_due(
    calendar: WorkingCalendar,
    *,
    received_at: datetime,
    channel: Channel,
    duration: Duration,
    counter_cutoff: time = DEFAULT_COUNTER_CUTOFF,
) -> DueDate:
    """Return the due date of a dossier received at ``received_at`` with the reasoning behind it.

    Decree 118/2025/NĐ-CP Art 17(3), 18(2) for the clock start (see `clock_start`), then
    `compute_due`. ``explanation`` holds Vietnamese lines citing each rule applied, for the
    receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết quả) and for audit.
    """
    channel = Channel(channel)
    start = clock_start(calendar, received_at, channel, counter_cutoff=counter_cutoff)
    due = compute_due(calendar, start=start, duration=duration)
    lines = [
        _clock_start_line(calendar, received_at, channel, start, counter_cutoff),
        _duration_line(calendar, duration, start, due),
    ]
    if isinstance(duration, WorkingDays | WorkingHours):
        # Calendar-day limits count days off, so only working-time limits list what was skipped.
        lines += _skipped_days_lines(calendar, calendar.to_local(received_at).date(), due)
    lines.append(f"Hẹn trả kết quả: {_format_instant(due)}.")
    return DueDate(
        received_at=calendar.to_local(received_at),
        channel=channel,
        clock_start=start,
        duration=duration,
        due_at=due,
        explanation=tuple(lines),
    )


def online_acceptance_deadline(
    calendar: WorkingCalendar, arrived_at: datetime, *, working_hours: Amount = 8
) -> datetime:
    """Return when an online dossier must be officially accepted or returned for correction.

    Decree 118/2025/NĐ-CP Art 17(2): within 8 working hours of the dossier reaching the system,
    unless the sector law sets another limit (hence ``working_hours``).
    """
    return compute_due(calendar, start=arrived_at, duration=WorkingHours(working_hours))


# -- supplements, extensions, pauses -------------------------------------------------------------


def supplement_request_deadline(
    calendar: WorkingCalendar, received_at: datetime, working_days: Amount = 3
) -> datetime:
    """Return by when appraisal must send a supplement request back through the desk.

    Decree 118/2025/NĐ-CP Art 19(5): within 3 working days of receipt, unless the sector law
    says otherwise. Counted like any working-day limit from the next working instant after
    ``received_at`` (pass the clock start).
    """
    return compute_due(calendar, start=received_at, duration=WorkingDays(working_days))


def restart_after_supplement(
    calendar: WorkingCalendar,
    *,
    resubmitted_at: datetime,
    channel: Channel,
    duration: Duration,
    counter_cutoff: time = DEFAULT_COUNTER_CUTOFF,
) -> DueDate:
    """Return the new due date once the completed dossier is back: the clock restarts from zero.

    Decree 118/2025/NĐ-CP Art 19(5): the time limit counts again from the start after the
    complete dossier is received; time already spent is not carried over (unlike the old
    "pause" practice observed in deployed systems, domain.md §4.2). The resubmission is treated
    as a new receipt, so the counter cut-off applies.
    """
    result = explain_due(
        calendar,
        received_at=resubmitted_at,
        channel=channel,
        duration=duration,
        counter_cutoff=counter_cutoff,
    )
    restart = (
        f"Hồ sơ đã bổ sung, hoàn thiện đầy đủ → thời hạn giải quyết được tính lại từ đầu "
        f"({DECREE_118}, Điều 19 khoản 5)."
    )
    return DueDate(
        received_at=result.received_at,
        channel=result.channel,
        clock_start=result.clock_start,
        duration=result.duration,
        due_at=result.due_at,
        explanation=(restart, *result.explanation),
    )


def supplement_expiry(
    calendar: WorkingCalendar,
    requested_at: datetime,
    days: int = 15,
    *,
    working_days: bool = False,
) -> datetime:
    """Return when a dossier awaiting a supplement is closed if the applicant has not completed it.

    Decree 118/2025/NĐ-CP Art 19(5): after 15 days without completion (or the sector law's limit)
    the desk closes the dossier. The decree says "ngày" without "làm việc", so the default counts
    calendar days (Civil Code 2015 Art 147–148: the request day is not counted, the period ends at
    the close of office hours of day 15, or of the next working day); ``working_days=True`` counts
    working days instead, for sector laws that say so. Counted from the supplement request.
    """
    duration: Duration = WorkingDays(days) if working_days else CalendarDays(days)
    return compute_due(calendar, start=requested_at, duration=duration)


def extension_request_allowed(
    calendar: WorkingCalendar,
    *,
    due_at: datetime,
    at: datetime,
    extensions_so_far: int,
    days_before: int = 1,
) -> ExtensionCheck:
    """Return whether the agency may still ask to extend the time limit (with an apology) at ``at``.

    Decree 118/2025/NĐ-CP Art 19(6): the request (Phiếu đề nghị gia hạn) must reach the desk at
    least 1 day before the due date, and the due date may be rescheduled at most once. "1 day
    before" is read the way a desk officer reads the receipt: the request must be made on a
    calendar day strictly before the due date's day, i.e. no later than 24:00 on the day before
    it (local time); a request on the due date itself is too late, whatever the hour.
    ``days_before`` makes the margin configurable.
    """
    if extensions_so_far >= 1:
        return ExtensionCheck(
            allowed=False,
            reason=(
                f"Đã gia hạn {extensions_so_far} lần; chỉ được điều chỉnh thời gian trả kết quả "
                f"01 lần ({DECREE_118}, Điều 19 khoản 6)."
            ),
        )
    due_day = calendar.to_local(due_at).date()
    latest_day = due_day - timedelta(days=days_before)
    request_day = calendar.to_local(at).date()
    if request_day > latest_day:
        return ExtensionCheck(
            allowed=False,
            reason=(
                f"Đề nghị gia hạn phải gửi chậm nhất {days_before} ngày trước ngày hết hạn "
                f"({_format_day(due_day)}), tức là muộn nhất trong ngày {_format_day(latest_day)} "
                f"({DECREE_118}, Điều 19 khoản 6)."
            ),
        )
    return ExtensionCheck(
        allowed=True,
        reason=(
            f"Được đề nghị gia hạn: chưa gia hạn lần nào và còn ít nhất {days_before} ngày trước "
            f"ngày hết hạn {_format_day(due_day)} ({DECREE_118}, Điều 19 khoản 6)."
        ),
    )


def resume_after_pause(
    calendar: WorkingCalendar, *, due_at: datetime, paused_at: datetime, resumed_at: datetime
) -> datetime:
    """Return the due date pushed back by the working time the dossier spent paused.

    For waits that sector laws exclude from the time limit, such as the applicant performing
    financial obligations (domain.md §4.1–4.2: dossier states 5, 6, 8 are "paused"); cite the
    sector article at the call site. Only working time inside the pause counts: a pause over a
    weekend moves nothing for the weekend days. Not for supplements after appraisal, which
    restart the clock (`restart_after_supplement`, Decree 118/2025/NĐ-CP Art 19(5)).
    """
    paused = calendar.working_microseconds_between(paused_at, resumed_at)
    if paused < 0 or calendar.to_local(resumed_at) < calendar.to_local(paused_at):
        raise ValueError("A pause cannot end before it starts.")
    if paused == 0:
        return calendar.to_local(due_at)
    return calendar.add_working_microseconds(due_at, paused)


def step_due(
    calendar: WorkingCalendar, *, step_started_at: datetime, allotted_working_hours: Amount
) -> datetime:
    """Return the due instant of one step of the internal process (per-handler deadline).

    Decree 118/2025/NĐ-CP Art 12(3), 36(5), 38(1)(d): every procedure has an approved internal
    and electronic process that allots working time to each step; published processes give it
    in hours or fractional days (convert days with ``days × 8``).
    """
    return compute_due(calendar, start=step_started_at, duration=WorkingHours(allotted_working_hours))


def correction_deadline(
    calendar: WorkingCalendar, *, reported_at: datetime, working_days: Amount = 3
) -> datetime:
    """Return by when an erroneous result must be corrected and returned.

    Decree 118/2025/NĐ-CP Art 23(1): within 3 working days, at the expense of whoever caused the
    error; counted from when the error is reported to (or found by) the agency.
    """
    return compute_due(calendar, start=reported_at, duration=WorkingDays(working_days))


# -- timeliness --------------------------------------------------------------------------------


def _local_day(value: datetime, tz: tzinfo) -> date:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"Naive datetime {value!r}: pass an aware datetime.")
    return value.astimezone(tz).date()


def timeliness(completed_at: datetime, due_at: datetime, *, tz: tzinfo = VN_TZ) -> Timeliness:
    """Return whether a dossier was completed early, on time or late, comparing local dates.

    domain.md §4.3 (OBSERVED in production reporting for QĐ 766/QĐ-TTg): completed before the due
    date = trước hạn, on the due date = đúng hạn, after it = quá hạn (Decree 118/2025/NĐ-CP
    Art 19(6), 22(5) use "quá hạn" and "trước thời hạn"). Completion at 17:30 on the due date is
    therefore on time.
    """
    completed_day = _local_day(completed_at, tz)
    due_day = _local_day(due_at, tz)
    if completed_day < due_day:
        return Timeliness.EARLY
    if completed_day == due_day:
        return Timeliness.ON_TIME
    return Timeliness.LATE


def pending_state(due_at: datetime | None, at: datetime, *, tz: tzinfo = VN_TZ) -> PendingState:
    """Return whether a dossier still in progress at ``at`` is within its time limit.

    domain.md §4.3 (OBSERVED): "trong hạn" when the due date is on or after the date of ``at``
    (typically a report's end date), or when there is no due date; otherwise "quá hạn".
    """
    at_day = _local_day(at, tz)
    if due_at is None or _local_day(due_at, tz) >= at_day:
        return PendingState.IN_TIME
    return PendingState.OVERDUE
