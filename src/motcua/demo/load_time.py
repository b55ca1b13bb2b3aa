"""Working time and deadlines for the load-data generator (`load.py`), fast and exact.

Instants are whole local minutes since the first day's midnight; the working-minute ordinal moves
officers' actions forward in office time. Legal deadlines come from `workdays.deadlines` on the
province calendar: whole-minute working-time limits are added on the timeline and checked against
`deadlines.compute_due` as the load goes (any difference stops it), explanations are assembled
from the helpers `deadlines.explain_due` uses, memoised on what each depends on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple

from motcua.core.timeutil import VN_TZ
from motcua.workdays import deadlines as dl
from motcua.workdays.calendar import WorkingCalendar
from motcua.workdays.selectors import counter_cutoff


def _jdump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class TimelineError(ValueError):
    """The load period cannot be represented (e.g. the zone's offset changes inside it)."""


class Timeline:
    """Instants as whole local minutes since the first day's midnight, and working-minute ordinals.

    The working-minute ordinal W counts office minutes of working days from the first day; it is
    how the generator moves officers' actions forward in working time. Legal deadlines are never
    computed here: they come from `workdays.deadlines` (see `Deadlines`).
    """

    def __init__(self, calendar: WorkingCalendar, first_day: date, last_day: date) -> None:
        self.first_day = first_day
        self.epoch = datetime.combine(first_day, time(0), tzinfo=VN_TZ)
        self.sessions = [
            (s.hour * 60 + s.minute, e.hour * 60 + e.minute) for s, e in calendar.office_hours.sessions
        ]
        self.daily = sum(e - s for s, e in self.sessions)
        n_days = (last_day - first_day).days + 1
        self.working = [calendar.is_working_day(first_day + timedelta(days=d)) for d in range(n_days)]
        self.wstart: list[int] = []
        self.work_days: list[int] = []
        total = 0
        for d in range(n_days):
            self.wstart.append(total)
            if self.working[d]:
                self.work_days.append(d)
                total += self.daily
        self.wstart.append(total)
        days = [first_day + timedelta(days=d) for d in range(n_days)]
        offset = self.epoch.isoformat()[-6:]
        end_offset = datetime.combine(last_day, time(12), tzinfo=VN_TZ).isoformat()[-6:]
        if offset != end_offset:
            raise TimelineError("the time zone offset changes inside the load period")
        self.days_iso = [d.isoformat() for d in days]
        self.yymmdd = [f"{d:%y%m%d}" for d in days]
        self.mins_iso = [f"T{m // 60:02d}:{m % 60:02d}:00{offset}" for m in range(1440)]
        self.mins_utc = [f"T{m // 60:02d}:{m % 60:02d}:00+00:00" for m in range(1440)]
        sign = -1 if offset[0] == "-" else 1
        self.offset_minutes = sign * (int(offset[1:3]) * 60 + int(offset[4:6]))

    def iso(self, minute: int) -> str:
        return self.days_iso[minute // 1440] + self.mins_iso[minute % 1440]

    def iso_utc(self, minute: int) -> str:
        """The instant as Django reads it back from PostgreSQL (UTC), which services then serialise."""
        utc = minute - self.offset_minutes
        return self.days_iso[utc // 1440] + self.mins_utc[utc % 1440]

    def dt(self, minute: int) -> datetime:
        return self.epoch + timedelta(minutes=minute)

    def minute(self, value: datetime) -> int:
        return (value.astimezone(VN_TZ) - self.epoch) // timedelta(minutes=1)

    def day(self, index: int) -> date:
        return self.first_day + timedelta(days=index)

    def w_of(self, minute: int) -> int:
        """Return the working ordinal of the first working instant at or after `minute`."""
        d, m = divmod(minute, 1440)
        base = self.wstart[d]
        if not self.working[d]:
            return base
        done = 0
        for s, e in self.sessions:
            if m < s:
                return base + done
            if m < e:
                return base + done + m - s
            done += e - s
        return base + done

    def l_of(self, ordinal: int) -> int:
        """Return the local minute of a working ordinal (a session end maps to the next start)."""
        k, off = divmod(ordinal, self.daily)
        d = self.work_days[k]
        for s, e in self.sessions:
            if off < e - s:
                return d * 1440 + s + off
            off -= e - s
        raise AssertionError("unreachable")

    def add_working(self, start: int, minutes: int) -> int:
        """Return the earliest minute by which `minutes` (> 0) of working time have run from `start`.

        The same result as `WorkingCalendar.add_working_microseconds` for whole minutes: it may be
        a session end (11:30), never the next session start. `Deadlines` checks it against the
        real rules as it goes.
        """
        return self.l_of(self.w_of(start) + minutes - 1) + 1


class Instant(NamedTuple):
    """A computed instant: whole local minute (floored), and its ISO text in local time and in UTC."""

    minute: int
    iso: str
    utc: str


@dataclass(frozen=True)
class Receipt:
    """A clock start and due instant with the explanation the desk reads out (cached per instant)."""

    start: int
    start_iso: str
    due: Instant
    explanation_json: str


@dataclass(frozen=True, eq=False)
class Limit:
    """A time limit of the deadline engine, with a small key and its length in whole minutes."""

    key: int
    duration: Any
    minutes: int | None  # whole working minutes, or None (calendar days, same day, odd fractions)


class DeadlineMismatch(AssertionError):
    """The fast working-time arithmetic disagrees with `workdays.deadlines` (a bug to fix)."""


class Deadlines:
    """The real deadline rules (`workdays.deadlines` on the province calendar), made cheap.

    * Working-time limits in whole minutes (working days and hours, step allowances) are added on
      the `Timeline`; the first 200 results of each kind and then one in 97 are recomputed with
      `deadlines.compute_due` and must be identical, or the load stops (`DeadlineMismatch`).
      Anything else (calendar days, same day, fractions of a minute) calls the rules directly.
    * `receipt` returns what `deadlines.explain_due` (or `restart_after_supplement`) returns; it
      assembles the explanation from the helpers `explain_due` uses, each memoised on what it
      depends on (`tests/test_load.py` compares both on samples).
    """

    def __init__(self, calendar: WorkingCalendar, timeline: Timeline) -> None:
        self.cal = calendar
        self.tl = timeline
        self.cutoff = counter_cutoff()
        self._receipts: dict[tuple[int, str, int, bool], Receipt] = {}
        self._clock: dict[tuple[int, str], tuple[datetime, str]] = {}
        self._due: dict[tuple[int, int], Instant] = {}
        self._duration_lines: dict[Any, str] = {}
        self._skipped: dict[tuple[int, int], str] = {}
        self._final: dict[str, str] = {}
        self._limits: dict[str, Limit] = {}
        self.acceptance = self.limit(dl.WorkingHours(8))  # Decree 118 Art 17(2)
        self.supplement_window = self.limit(dl.WorkingDays(3))  # Art 19(5)
        self.extensions = [self.limit(dl.WorkingDays(k)) for k in range(10)]
        self.checks = 0
        self._calls = 0
        sample = dl.restart_after_supplement(
            calendar,
            resubmitted_at=timeline.dt(timeline.l_of(0)),
            channel=dl.Channel.COUNTER,
            duration=dl.SameDay(),
            counter_cutoff=self.cutoff,
        )
        self.restart_json = _jdump(sample.explanation[0])

    def instant(self, minute: int) -> Instant:
        return Instant(minute, self.tl.iso(minute), self.tl.iso_utc(minute))

    def _exact(self, value: datetime) -> Instant:
        local = value.astimezone(VN_TZ)
        return Instant(self.tl.minute(local), local.isoformat(), local.astimezone(UTC).isoformat())

    def limit(self, duration: Any) -> Limit:
        """Register a duration of the deadline engine and return it as a `Limit`."""
        name = repr(duration)
        found = self._limits.get(name)
        if found is None:
            minutes: int | None = None
            if isinstance(duration, dl.WorkingDays | dl.WorkingHours):
                if isinstance(duration, dl.WorkingDays):
                    daily_us = self.cal.daily_working_microseconds
                    amount = -(-duration.numerator * daily_us // duration.denominator)
                else:
                    amount = duration.microseconds
                if amount > 0 and amount % 60_000_000 == 0:
                    minutes = amount // 60_000_000
            found = self._limits[name] = Limit(len(self._limits), duration, minutes)
        return found

    def due(self, start: int, limit: Limit) -> Instant:
        """`deadlines.compute_due(calendar, start=start, duration=limit.duration)`."""
        minutes = limit.minutes
        if minutes is None:
            key = (start, limit.key)
            found = self._due.get(key)
            if found is None:
                value = dl.compute_due(self.cal, start=self.tl.dt(start), duration=limit.duration)
                found = self._due[key] = self._exact(value)
            return found
        key = (start, limit.key)
        found = self._due.get(key)
        if found is not None:
            return found
        result = self.tl.add_working(start, minutes)
        self._calls += 1
        if self._calls <= 200 or self._calls % 97 == 0:
            self.checks += 1
            real = self._exact(dl.compute_due(self.cal, start=self.tl.dt(start), duration=limit.duration))
            if real.iso != self.tl.iso(result):
                raise DeadlineMismatch(
                    f"{limit.duration} from {self.tl.iso(start)}: {real.iso} ≠ {self.tl.iso(result)}"
                )
        found = self._due[key] = self.instant(result)
        return found

    def _fragment(self, line: str) -> str:
        return json.dumps(line, ensure_ascii=False)

    def receipt(self, received: int, channel: dl.Channel, limit: Limit, restart: bool = False) -> Receipt:
        """Clock start, due instant and explanation of a receipt (or of a completed supplement)."""
        key = (received, channel.value, limit.key, restart)
        found = self._receipts.get(key)
        if found is not None:
            return found
        cal = self.cal
        received_dt = self.tl.dt(received)
        clock = self._clock.get((received, channel.value))
        if clock is None:
            start = dl.clock_start(cal, received_dt, channel, counter_cutoff=self.cutoff)
            line = dl._clock_start_line(cal, received_dt, channel, start, self.cutoff)
            clock = self._clock[(received, channel.value)] = (start, self._fragment(line))
        start, clock_json = clock
        start_minute = self.tl.minute(start)
        due = self.due(start_minute, limit)
        duration = limit.duration
        parts = [clock_json]
        due_dt: datetime | None = None
        dkey: Any = limit.key
        if isinstance(duration, dl.CalendarDays):
            dkey = (limit.key, start_minute // 1440, due.minute // 1440)
        duration_json = self._duration_lines.get(dkey)
        if duration_json is None:
            due_dt = datetime.fromisoformat(due.iso)
            duration_json = self._duration_lines[dkey] = self._fragment(
                dl._duration_line(cal, duration, start, due_dt)
            )
        parts.append(duration_json)
        if isinstance(duration, dl.WorkingDays | dl.WorkingHours):
            skey = (received // 1440, due.minute // 1440)
            skipped = self._skipped.get(skey)
            if skipped is None:
                due_dt = due_dt or datetime.fromisoformat(due.iso)
                lines = dl._skipped_days_lines(cal, received_dt.date(), due_dt)
                skipped = self._skipped[skey] = ",".join(self._fragment(x) for x in lines)
            if skipped:
                parts.append(skipped)
        final = self._final.get(due.iso)
        if final is None:
            due_dt = due_dt or datetime.fromisoformat(due.iso)
            final = self._final[due.iso] = self._fragment(f"Hẹn trả kết quả: {dl._format_instant(due_dt)}.")
        parts.append(final)
        if restart:
            parts.insert(0, self.restart_json)
        found = Receipt(
            start=start_minute,
            start_iso=start.isoformat(),
            due=due,
            explanation_json="[" + ",".join(parts) + "]",
        )
        self._receipts[key] = found
        return found

    def acceptance_due(self, arrived: int) -> str:
        """`deadlines.online_acceptance_deadline`: 8 working hours (Decree 118 Art 17(2))."""
        return self.due(arrived, self.acceptance).iso

    def supplement_limit(self, clock_start: int) -> int:
        """`deadlines.supplement_request_deadline`: 3 working days (Art 19(5))."""
        return self.due(clock_start, self.supplement_window).minute

    def supplement_expiry(self, requested: int) -> Instant:
        return self._exact(dl.supplement_expiry(self.cal, self.tl.dt(requested), days=15))

    def extended(self, due: Instant, working_days: int) -> Instant:
        return self.due(due.minute, self.extensions[working_days])

    def extension_allowed(self, due: Instant, at: int) -> bool:
        return dl.extension_request_allowed(
            self.cal, due_at=datetime.fromisoformat(due.iso), at=self.tl.dt(at), extensions_so_far=0
        ).allowed
