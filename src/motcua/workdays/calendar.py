"""
The Vietnamese working calendar: which days are working days and when offices are open.

A *working day* (ngày làm việc) is Monday to Friday, minus the public holidays of the Labour Code
2019 Art 112 (Tết Dương lịch, Tết Nguyên đán, Giỗ Tổ Hùng Vương, 30/4, 1/5, Quốc khánh and the
days off that replace holidays falling on a weekend), minus any extra days off the government
announces for civil servants, plus the *make-up working days* (ngày làm bù) it announces in
exchange; a make-up Saturday is a working day. Inside a working day, time counts only during
office hours: by default two sessions, 07:00–11:30 and 13:30–17:00, which is 8 working hours.

`WorkingCalendar` is built once for a range of years (``WorkingCalendar.build`` pulls the public
holidays from the ``holidays`` package and the announced swaps from `official_days`) and is
immutable afterwards. It precomputes, for every day of the range, whether it is a working day and
how many working days precede it, so converting between an instant and "working time elapsed since
the start of the range" is O(1); adding N working hours is therefore constant-time arithmetic, not
a day-by-day loop.

Conventions every method follows:

* Datetimes must be aware; a naive datetime raises ``ValueError``. Any time zone is accepted on
  input; every datetime returned is in the calendar's zone (``Asia/Ho_Chi_Minh``), whatever the
  input zone and whatever the machine's ``TZ``.
* Resolution is the microsecond; nothing is rounded.
* Office sessions are half-open for *starting* work ([07:00, 11:30): a dossier received at 11:30
  starts counting at 13:30) and closed for *ending* work: a period that runs out exactly at 11:30
  ends at 11:30, not at 13:30.
* Asking about a day outside the built years raises `CalendarRangeError`.

Nothing here reads the clock: time is always passed in (design.md, rule 4).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo

from motcua.workdays.official_days import OFFICIAL_OVERRIDES

__all__ = [
    "DEFAULT_OFFICE_HOURS",
    "VN_TZ",
    "CalendarRangeError",
    "DayInfo",
    "DayKind",
    "OfficeHours",
    "WorkingCalendar",
    "vietnamese_holiday_name",
]

VN_TZ: Final = ZoneInfo("Asia/Ho_Chi_Minh")

_US_PER_SECOND: Final = 1_000_000
_US_PER_MINUTE: Final = 60 * _US_PER_SECOND
_US_PER_DAY: Final = 86_400 * _US_PER_SECOND
_ONE_US: Final = timedelta(microseconds=1)

_WEEKDAY_NAMES: Final = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


class CalendarRangeError(ValueError):
    """A date or computed instant falls outside the years the calendar was built for."""


class DayKind(StrEnum):
    """Why a day is (or is not) a working day."""

    WORKING = "working"
    WEEKEND = "weekend"
    DAY_OFF = "day_off"
    MAKE_UP = "make_up"


@dataclass(frozen=True, slots=True)
class DayInfo:
    """Describe one calendar day: whether it is worked and why."""

    day: date
    kind: DayKind
    name: str

    @property
    def is_working(self) -> bool:
        """Return whether the day is a working day."""
        return self.kind in (DayKind.WORKING, DayKind.MAKE_UP)


def _time_to_us(value: time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * _US_PER_SECOND + value.microsecond


@dataclass(frozen=True, slots=True)
class OfficeHours:
    """Hold the office sessions of a working day, in order, as (start, end) local times.

    The default is 07:00–11:30 and 13:30–17:00, 8 working hours (domain.md §4.2, OBSERVED).
    """

    sessions: tuple[tuple[time, time], ...]

    def __post_init__(self) -> None:
        if not self.sessions:
            raise ValueError("Office hours need at least one session.")
        previous_end: time | None = None
        for start, end in self.sessions:
            if start.tzinfo is not None or end.tzinfo is not None:
                raise ValueError("Office hours are local wall-clock times; pass naive time objects.")
            if not start < end:
                raise ValueError(f"Session {start}–{end} must end after it starts.")
            if previous_end is not None and start < previous_end:
                raise ValueError(f"Session starting at {start} overlaps the previous one or is out of order.")
            previous_end = end

    @property
    def opening(self) -> time:
        """Return the start of the first session."""
        return self.sessions[0][0]

    @property
    def closing(self) -> time:
        """Return the end of the last session."""
        return self.sessions[-1][1]

    @property
    def daily_minutes(self) -> int:
        """Return the working minutes in one working day (rounded down)."""
        return self.daily_microseconds // _US_PER_MINUTE

    @property
    def daily_microseconds(self) -> int:
        """Return the working time in one working day, in microseconds."""
        return sum(_time_to_us(end) - _time_to_us(start) for start, end in self.sessions)

    def describe(self) -> str:
        """Return the sessions as Vietnamese text, e.g. "07:00–11:30, 13:30–17:00"."""
        return ", ".join(f"{start:%H:%M}–{end:%H:%M}" for start, end in self.sessions)


DEFAULT_OFFICE_HOURS: Final = OfficeHours(((time(7, 0), time(11, 30)), (time(13, 30), time(17, 0))))


# English names used by the ``holidays`` package (language="en_US") → Vietnamese names.
_HOLIDAY_NAMES_VI: Final[Mapping[str, str]] = {
    "New Year's Day": "Tết Dương lịch",
    "29 of Lunar New Year": "Tết Nguyên đán (29 Tết)",
    "Lunar New Year's Eve": "Tết Nguyên đán (Giao thừa)",
    "Lunar New Year": "Tết Nguyên đán (Mùng 1)",
    "Second Day of Lunar New Year": "Tết Nguyên đán (Mùng 2)",
    "Third Day of Lunar New Year": "Tết Nguyên đán (Mùng 3)",
    "Fourth Day of Lunar New Year": "Tết Nguyên đán (Mùng 4)",
    "Fifth Day of Lunar New Year": "Tết Nguyên đán (Mùng 5)",
    "Sixth Day of Lunar New Year": "Tết Nguyên đán (Mùng 6)",
    "Hung Kings' Commemoration Day": "Giỗ Tổ Hùng Vương",
    "Liberation Day/Reunification Day": "Ngày Giải phóng miền Nam, thống nhất đất nước",
    "International Labor Day": "Ngày Quốc tế Lao động",
    "National Day": "Quốc khánh",
    "Vietnam Cultural Day": "Ngày Văn hóa Việt Nam",
}
_SUBSTITUTED_RE: Final = re.compile(r"^Day off \(substituted from (\d{1,2})/(\d{1,2})/(\d{4})\)$")
_OBSERVED_SUFFIX: Final = " (observed)"
_ESTIMATED_SUFFIX: Final = " (estimated)"


def _substituted_from(name: str) -> date | None:
    """Return the make-up date named in a "Day off (substituted from MM/DD/YYYY)" label."""
    match = _SUBSTITUTED_RE.match(name)
    if match is None:
        return None
    month, day, year = (int(part) for part in match.groups())
    return date(year, month, day)


def vietnamese_holiday_name(name: str) -> str:
    """Translate a ``holidays`` package (en_US) holiday name to Vietnamese; keep unknown names as-is."""
    parts = [part.strip() for part in name.split(";")]
    if len(parts) > 1:
        return "; ".join(vietnamese_holiday_name(part) for part in parts)
    if name.endswith(_ESTIMATED_SUFFIX):
        return f"{vietnamese_holiday_name(name.removesuffix(_ESTIMATED_SUFFIX))} (dự kiến)"
    if name.endswith(_OBSERVED_SUFFIX):
        return f"Nghỉ bù {vietnamese_holiday_name(name.removesuffix(_OBSERVED_SUFFIX))}"
    make_up = _substituted_from(name)
    if make_up is not None:
        return f"Nghỉ bù (hoán đổi, làm bù ngày {make_up:%d/%m/%Y})"
    return _HOLIDAY_NAMES_VI.get(name, name)


def _years_span(years: Iterable[int]) -> tuple[int, int]:
    ordered = sorted(set(years))
    if not ordered:
        raise ValueError("A working calendar needs at least one year.")
    if ordered != list(range(ordered[0], ordered[-1] + 1)):
        raise ValueError(f"Years must be contiguous, got {ordered}.")
    return ordered[0], ordered[-1]


class WorkingCalendar:
    """Answer working-day and working-time questions for a fixed range of years.

    Build it with `WorkingCalendar.build` (public holidays from the ``holidays`` package plus
    announced swaps) or construct it directly from explicit day-off and make-up mappings (what the
    Django layer does with its admin-edited override table). Instances are immutable and
    thread-safe.
    """

    __slots__ = (
        "_daily",
        "_day_names",
        "_epoch",
        "_first_start",
        "_first_year",
        "_kinds",
        "_last_end",
        "_last_year",
        "_n_days",
        "_office_hours",
        "_rank",
        "_sessions",
        "_tz",
        "_working",
        "_working_days",
    )

    _tz: tzinfo
    _first_year: int
    _last_year: int
    _office_hours: OfficeHours
    _epoch: datetime
    _n_days: int
    _working: list[bool]
    _rank: list[int]
    _working_days: list[int]
    _sessions: tuple[tuple[int, int, int], ...]
    _daily: int
    _first_start: int
    _last_end: int
    _kinds: dict[date, DayKind]
    _day_names: dict[date, str]

    def __init__(
        self,
        *,
        years: Iterable[int],
        days_off: Mapping[date, str],
        make_up_days: Mapping[date, str],
        office_hours: OfficeHours = DEFAULT_OFFICE_HOURS,
        tz: tzinfo = VN_TZ,
    ) -> None:
        """Index the given years: weekends and ``days_off`` are off, ``make_up_days`` are worked.

        A make-up day wins over a weekend or a public holiday (it is the government's explicit
        decision that the day is worked); a date may not be both in ``days_off`` and in
        ``make_up_days``. Dates outside ``years`` are ignored.
        """
        first_year, last_year = _years_span(years)
        clash = sorted(set(days_off) & set(make_up_days))
        if clash:
            raise ValueError(f"Dates are both a day off and a make-up day: {clash}.")
        set_ = object.__setattr__
        set_(self, "_tz", tz)
        set_(self, "_first_year", first_year)
        set_(self, "_last_year", last_year)
        set_(self, "_office_hours", office_hours)

        first_day = date(first_year, 1, 1)
        n_days = (date(last_year, 12, 31) - first_day).days + 1
        working: list[bool] = []
        rank: list[int] = []
        working_days: list[int] = []
        kinds: dict[date, DayKind] = {}
        names: dict[date, str] = {}
        for index in range(n_days):
            day = first_day + timedelta(days=index)
            rank.append(len(working_days))
            if day in make_up_days:
                kinds[day] = DayKind.MAKE_UP
                names[day] = make_up_days[day]
                is_working = True
            elif day in days_off:
                kinds[day] = DayKind.DAY_OFF
                names[day] = days_off[day]
                is_working = False
            elif day.weekday() >= 5:
                kinds[day] = DayKind.WEEKEND
                names[day] = f"Nghỉ hằng tuần ({_WEEKDAY_NAMES[day.weekday()]})"
                is_working = False
            else:
                is_working = True
            working.append(is_working)
            if is_working:
                working_days.append(index)
        rank.append(len(working_days))

        sessions = tuple(
            (_time_to_us(start), _time_to_us(end), _time_to_us(end) - _time_to_us(start))
            for start, end in office_hours.sessions
        )
        set_(self, "_epoch", datetime(first_year, 1, 1, tzinfo=tz))
        set_(self, "_n_days", n_days)
        set_(self, "_working", working)
        set_(self, "_rank", rank)
        set_(self, "_working_days", working_days)
        set_(self, "_sessions", sessions)
        set_(self, "_daily", office_hours.daily_microseconds)
        set_(self, "_first_start", sessions[0][0])
        set_(self, "_last_end", sessions[-1][1])
        set_(self, "_kinds", kinds)
        set_(self, "_day_names", names)

    @classmethod
    def build(
        cls,
        years: Iterable[int],
        *,
        extra_days_off: Mapping[date, str] | Iterable[tuple[date, str]] = (),
        make_up_days: Mapping[date, str] | Iterable[tuple[date, str]] = (),
        office_hours: OfficeHours = DEFAULT_OFFICE_HOURS,
        with_official_overrides: bool = True,
        tz: tzinfo = VN_TZ,
    ) -> WorkingCalendar:
        """Build a calendar from Vietnam's public holidays plus announced and extra overrides.

        Public holidays come from ``holidays.country_holidays("VN")`` (Labour Code 2019 Art 112,
        with the substitute days off the package knows); each "Day off (substituted from D)" it
        lists also makes D a make-up working day. ``with_official_overrides`` adds the swaps in
        `official_days.OFFICIAL_OVERRIDES`; pass ``False`` when the caller supplies the complete
        override list itself (e.g. from the admin-edited table). Explicit ``extra_days_off`` and
        ``make_up_days`` win over everything else.
        """
        # Imported here: only building needs the package, and importing it is not free.
        import holidays

        first_year, last_year = _years_span(years)
        public = holidays.country_holidays("VN", years=range(first_year, last_year + 1), language="en_US")
        days_off: dict[date, str] = {}
        make_up: dict[date, str] = {}
        for day, name in sorted(public.items()):
            days_off[day] = vietnamese_holiday_name(name)
            swapped = _substituted_from(name)
            if swapped is not None:
                make_up[swapped] = f"Làm bù cho ngày nghỉ {day:%d/%m/%Y}"
        if with_official_overrides:
            for day, kind, name in OFFICIAL_OVERRIDES:
                if kind == "make_up":
                    days_off.pop(day, None)
                    make_up[day] = name
                else:
                    make_up.pop(day, None)
                    days_off[day] = name
        explicit_make_up = dict(make_up_days)
        explicit_off = dict(extra_days_off)
        clash = sorted(set(explicit_make_up) & set(explicit_off))
        if clash:
            raise ValueError(f"Dates given both as an extra day off and as a make-up day: {clash}.")
        for day, name in explicit_make_up.items():
            days_off.pop(day, None)
            make_up[day] = name
        for day, name in explicit_off.items():
            make_up.pop(day, None)
            days_off[day] = name
        return cls(
            years=range(first_year, last_year + 1),
            days_off=days_off,
            make_up_days=make_up,
            office_hours=office_hours,
            tz=tz,
        )

    # -- immutability and introspection ------------------------------------------------------

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable.")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable.")

    def __repr__(self) -> str:
        return (
            f"<WorkingCalendar {self._first_year}–{self._last_year} "
            f"{self._office_hours.describe()} {self._tz}>"
        )

    @property
    def tz(self) -> tzinfo:
        """Return the calendar's time zone (all results are in it)."""
        return self._tz

    @property
    def first_year(self) -> int:
        """Return the first year covered."""
        return self._first_year

    @property
    def last_year(self) -> int:
        """Return the last year covered."""
        return self._last_year

    @property
    def office_hours(self) -> OfficeHours:
        """Return the office sessions of a working day."""
        return self._office_hours

    @property
    def daily_working_microseconds(self) -> int:
        """Return the working time of one working day, in microseconds (28,800,000,000 for 8 h)."""
        return self._daily

    # -- internal conversions ------------------------------------------------------------------

    def _to_local_us(self, value: datetime) -> int:
        """Return ``value`` as microseconds of local wall-clock time since the calendar's epoch."""
        zone = value.tzinfo
        if zone is not self._tz:
            if zone is None or zone.utcoffset(value) is None:
                raise ValueError(f"Naive datetime {value!r}: pass an aware datetime.")
            value = value.astimezone(self._tz)
        # Same tzinfo object on both sides: Python subtracts wall-clock times.
        return (value - self._epoch) // _ONE_US

    def _from_local_us(self, local_us: int) -> datetime:
        # Multiplying a cached one-microsecond timedelta is cheaper than building one from kwargs.
        return self._epoch + _ONE_US * local_us

    def _day_index(self, day: date) -> int:
        index = day.toordinal() - self._epoch.toordinal()
        if not 0 <= index < self._n_days:
            raise CalendarRangeError(self._range_message(day))
        return index

    def _checked_index(self, local_us: int) -> tuple[int, int]:
        index, tod = divmod(local_us, _US_PER_DAY)
        if not 0 <= index < self._n_days:
            raise CalendarRangeError(self._range_message(self._epoch.date() + timedelta(days=index)))
        return index, tod

    def _range_message(self, day: date) -> str:
        return (
            f"{day.isoformat()} is outside the working calendar, which covers "
            f"{self._first_year}–{self._last_year}."
        )

    def _position(self, local_us: int) -> int:
        """Return the working time elapsed from the epoch to ``local_us``."""
        index, tod = self._checked_index(local_us)
        position = self._rank[index] * self._daily
        if self._working[index]:
            for start, end, length in self._sessions:
                if tod <= start:
                    break
                if tod < end:
                    position += tod - start
                    break
                position += length
        return position

    def _instant_at(self, position: int) -> int:
        """Return the earliest local instant at which ``position`` working time has elapsed."""
        day_number, remainder = divmod(position - 1, self._daily)
        remainder += 1
        try:
            index = self._working_days[day_number]
        except IndexError:
            raise CalendarRangeError(
                f"The result falls after the end of the working calendar ({self._last_year})."
            ) from None
        for start, _end, length in self._sessions:
            if remainder <= length:
                return index * _US_PER_DAY + start + remainder
            remainder -= length
        raise AssertionError("unreachable: remainder exceeds a working day")  # pragma: no cover

    def _next_working_index(self, index: int) -> int:
        """Return the index of the first working day strictly after day ``index``."""
        try:
            return self._working_days[self._rank[index + 1]]
        except IndexError:
            raise CalendarRangeError(
                f"No working day after {self._epoch.date() + timedelta(days=index)} inside the "
                f"working calendar ({self._first_year}–{self._last_year})."
            ) from None

    def _next_instant(self, local_us: int, *, closed: bool) -> int:
        """Return the first working instant at or after ``local_us``.

        ``closed`` treats session ends as working instants (a due instant may sit at 11:30); open
        sessions do not (work received at 11:30 starts at 13:30).
        """
        index, tod = self._checked_index(local_us)
        if self._working[index]:
            for start, end, _length in self._sessions:
                if tod < start:
                    return index * _US_PER_DAY + start
                if tod < end or (closed and tod == end):
                    return local_us
        return self._next_working_index(index) * _US_PER_DAY + self._first_start

    def _add(self, local_us: int, amount: int) -> int:
        if amount < 0:
            raise ValueError("Working time to add must not be negative.")
        if amount == 0:
            return self._next_instant(local_us, closed=True)
        return self._instant_at(self._position(local_us) + amount)

    # -- days ------------------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """Return whether ``day`` is a working day (weekday not off, or a make-up day)."""
        return self._working[self._day_index(day)]

    def day_info(self, day: date) -> DayInfo:
        """Return the kind of ``day`` and, for a non-ordinary day, why (in Vietnamese)."""
        self._day_index(day)
        kind = self._kinds.get(day, DayKind.WORKING)
        return DayInfo(day=day, kind=kind, name=self._day_names.get(day, ""))

    def day_name(self, day: date) -> str | None:
        """Return why ``day`` is off or a make-up day (Vietnamese), or None for an ordinary working day."""
        self._day_index(day)
        return self._day_names.get(day)

    def next_working_day(self, day: date) -> date:
        """Return the first working day strictly after ``day``."""
        index = self._next_working_index(self._day_index(day))
        return self._epoch.date() + timedelta(days=index)

    def working_day_on_or_after(self, day: date) -> date:
        """Return ``day`` if it is a working day, else the next working day."""
        index = self._day_index(day)
        if self._working[index]:
            return day
        return self._epoch.date() + timedelta(days=self._next_working_index(index))

    def first_session_start(self, day: date) -> datetime:
        """Return the opening instant of working day ``day``; raise ValueError on a day off."""
        index = self._day_index(day)
        if not self._working[index]:
            raise ValueError(f"{day.isoformat()} is not a working day.")
        return self._from_local_us(index * _US_PER_DAY + self._first_start)

    def close_of_day(self, day: date) -> datetime:
        """Return the closing instant (end of the last session) of working day ``day``.

        Raise ValueError when ``day`` is not a working day.
        """
        index = self._day_index(day)
        if not self._working[index]:
            raise ValueError(f"{day.isoformat()} is not a working day.")
        return self._from_local_us(index * _US_PER_DAY + self._last_end)

    def iter_days(self, first: date, last: date) -> Iterator[DayInfo]:
        """Yield `DayInfo` for every day from ``first`` to ``last`` inclusive."""
        self._day_index(first)
        self._day_index(last)
        day = first
        while day <= last:
            yield self.day_info(day)
            day += timedelta(days=1)

    def days_off(self, year: int) -> tuple[DayInfo, ...]:
        """Return the named days off of ``year`` (holidays, substitutes, extra days; not plain weekends)."""
        return self._named_days(year, DayKind.DAY_OFF)

    def make_up_days(self, year: int) -> tuple[DayInfo, ...]:
        """Return the make-up working days (ngày làm bù) of ``year`` with their names."""
        return self._named_days(year, DayKind.MAKE_UP)

    def _named_days(self, year: int, kind: DayKind) -> tuple[DayInfo, ...]:
        if not self._first_year <= year <= self._last_year:
            raise CalendarRangeError(self._range_message(date(year, 1, 1)))
        return tuple(
            DayInfo(day=day, kind=kind, name=self._day_names[day])
            for day in sorted(self._kinds)
            if day.year == year and self._kinds[day] is kind
        )

    # -- instants ----------------------------------------------------------------------------------

    def to_local(self, value: datetime) -> datetime:
        """Return ``value`` converted to the calendar's time zone (ValueError if naive)."""
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"Naive datetime {value!r}: pass an aware datetime.")
        return value.astimezone(self._tz)

    def is_working_instant(self, value: datetime) -> bool:
        """Return whether ``value`` lies inside a session of a working day, session ends included."""
        local_us = self._to_local_us(value)
        return self._next_instant(local_us, closed=True) == local_us

    def next_working_instant(self, value: datetime) -> datetime:
        """Return the first instant at or after ``value`` at which working time runs.

        Inside a session: ``value`` itself. Before opening or in the lunch gap: the next session
        start. After closing or on a day off: the opening of the next working day. A session end
        (11:30, 17:00) is not a running instant, so it moves to the next session start.
        """
        return self._from_local_us(self._next_instant(self._to_local_us(value), closed=False))

    def add_working_time(self, value: datetime, amount: timedelta) -> datetime:
        """Return the earliest instant by which ``amount`` of working time has run from ``value``.

        The result lies inside a session or exactly at its end; a zero amount returns the first
        working instant at or after ``value`` (session ends included).
        """
        return self._from_local_us(self._add(self._to_local_us(value), amount // _ONE_US))

    def add_working_microseconds(self, value: datetime, amount: int) -> datetime:
        """Return `add_working_time` for an amount given in microseconds (the fast path).

        Same arithmetic as `_position` and `_instant_at`, inlined: this is the call every due
        date goes through, and function calls dominate its cost.
        """
        if amount <= 0:
            return self._from_local_us(self._add(self._to_local_us(value), amount))
        epoch = self._epoch
        if value.tzinfo is not self._tz:
            value = self.to_local(value)
        index, tod = divmod((value - epoch) // _ONE_US, _US_PER_DAY)
        if not 0 <= index < self._n_days:
            raise CalendarRangeError(self._range_message(epoch.date() + timedelta(days=index)))
        daily = self._daily
        sessions = self._sessions
        position = self._rank[index] * daily + amount - 1
        if self._working[index]:
            for start, end, length in sessions:
                if tod <= start:
                    break
                if tod < end:
                    position += tod - start
                    break
                position += length
        day_number, remainder = divmod(position, daily)
        remainder += 1
        working_days = self._working_days
        if day_number >= len(working_days):
            raise CalendarRangeError(
                f"The result falls after the end of the working calendar ({self._last_year})."
            )
        for start, _end, length in sessions:
            if remainder <= length:
                return epoch + _ONE_US * (working_days[day_number] * _US_PER_DAY + start + remainder)
            remainder -= length
        raise AssertionError("unreachable: remainder exceeds a working day")  # pragma: no cover

    def close_of_day_after(self, value: datetime, days: int) -> datetime:
        """Return the close of the first working day on or after ``days`` days past ``value``'s day.

        The day counted from is that of the first working instant at or after ``value`` (so a
        Saturday counts from Monday). ``days=0`` gives the close of that working day. This is the
        primitive behind calendar-day and same-day limits (see `deadlines.CalendarDays`).
        """
        if days < 0:
            raise ValueError("Days must not be negative.")
        epoch = self._epoch
        if value.tzinfo is not self._tz:
            value = self.to_local(value)
        index, tod = divmod((value - epoch) // _ONE_US, _US_PER_DAY)
        if not 0 <= index < self._n_days:
            raise CalendarRangeError(self._range_message(epoch.date() + timedelta(days=index)))
        working = self._working
        # Before the last session ends, the next working instant is on the same working day.
        if not working[index] or tod >= self._last_end:
            index = self._next_working_index(index)
        index += days
        if index >= self._n_days:
            raise CalendarRangeError(self._range_message(epoch.date() + timedelta(days=index)))
        if not working[index]:
            index = self._next_working_index(index)
        return epoch + _ONE_US * (index * _US_PER_DAY + self._last_end)

    def add_working_minutes(self, value: datetime, minutes: int) -> datetime:
        """Return `add_working_time` for an amount given in whole minutes."""
        return self._from_local_us(self._add(self._to_local_us(value), minutes * _US_PER_MINUTE))

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Return the working time from ``start`` to ``end`` (negative when ``end`` is earlier)."""
        amount = self._position(self._to_local_us(end)) - self._position(self._to_local_us(start))
        return timedelta(microseconds=amount)

    def working_microseconds_between(self, start: datetime, end: datetime) -> int:
        """Return `working_time_between` in microseconds."""
        return self._position(self._to_local_us(end)) - self._position(self._to_local_us(start))

    def working_minutes_between(self, start: datetime, end: datetime) -> int:
        """Return `working_time_between` in whole minutes, truncated toward zero."""
        amount = self.working_microseconds_between(start, end)
        minutes = abs(amount) // _US_PER_MINUTE
        return minutes if amount >= 0 else -minutes
