"""Reads of the working calendar: the province's (or an agency's) calendar, its days, due dates.

`get_calendar` is on the hot path of every due date, so calendars are cached in the process and
rebuilt only when the calendar rows change. How a change is noticed (docs/adr/0002):

* The *calendar version* is the reference revision (`core.revision`): a token that a database
  trigger on `CalendarOverride` and `OfficeHours` (and on the catalog and organisations tables)
  replaces in the writing transaction. So an admin change made in any web or worker process is
  picked up by every other process at its next call, the moment it commits, without a restart, a
  shared cache server or a signal; and inside a transaction the calendar matches the rows the
  transaction sees. Without the revision row (a test database emptied between tests) the version
  is derived from the rows themselves: the row count and the latest ``updated_at`` of both
  tables, in one small aggregate query.
* Built calendars are kept per version and per *office hours* (not per agency): agencies without
  their own hours share the province calendar object, so hundreds of agencies cost one index.
  Building one calendar takes a few milliseconds (the ``holidays`` package is imported once).

The cost on the hot path is therefore one trivial query per call (none inside
`revision.pinned()`, which an intake uses); a caller computing many due
dates (a recomputation, a benchmark) fetches the calendar once and reuses it.

When the override table is empty (a database that was never seeded, or a test database flushed
by a transactional test), the calendar falls back to the announced swaps shipped in
`official_days`; without any office-hours row it uses `calendar.DEFAULT_OFFICE_HOURS`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from motcua.core import revision
from motcua.core.errors import InvalidInput
from motcua.organisations.models import Agency

from . import deadlines as dl
from .calendar import DEFAULT_OFFICE_HOURS, VN_TZ, CalendarRangeError, WorkingCalendar
from .calendar import OfficeHours as Sessions
from .models import CALENDAR_YEARS, CalendarOverride, OfficeHours

__all__ = [
    "CALENDAR_YEARS",
    "clear_calendar_cache",
    "counter_cutoff",
    "get_calendar",
    "get_calendar_version",
    "get_due_date",
    "get_office_hours",
    "list_calendar_days",
]

# Upper bounds on a requested duration: far beyond the calendar's 16 years, small enough that a
# huge number ("1e999999") is refused before any arithmetic.
_MAX_WORKING_DAYS: Final = Decimal(10_000)
_MAX_WORKING_HOURS: Final = Decimal(100_000)
_MAX_CALENDAR_DAYS: Final = Decimal(10_000)
_MAX_AMOUNT_CHARS: Final = 32
_SMALLEST_AMOUNT: Final = Decimal("0.000001")

CalendarVersion = tuple[Any, ...]


@dataclass
class _Snapshot:
    """The calendar rows of one version, with the calendars built from them so far."""

    version: CalendarVersion
    days_off: dict[date, str]
    make_up_days: dict[date, str]
    with_official_overrides: bool
    hours_by_agency: dict[int | None, Sessions]
    calendars: dict[Sessions, WorkingCalendar] = field(default_factory=dict)


_lock = threading.Lock()
_snapshot: _Snapshot | None = None


def get_calendar_version() -> CalendarVersion:
    """Return a value that changes whenever a calendar override or an office-hours row changes.

    The reference revision (`core.revision`, moved by a trigger on both tables) when there is
    one: one single-row query, none inside `revision.pinned()`. Otherwise (a database emptied
    between tests) the row count and latest ``updated_at`` of both tables, in one query.
    """
    token = revision.current()
    if token is not None:
        return ("revision", token)
    quote = connection.ops.quote_name
    overrides = quote(CalendarOverride._meta.db_table)
    hours = quote(OfficeHours._meta.db_table)
    # Table names come from model metadata, not from input.
    sql = (
        f"SELECT (SELECT COUNT(*) FROM {overrides}), (SELECT MAX(updated_at) FROM {overrides}), "  # noqa: S608
        f"(SELECT COUNT(*) FROM {hours}), (SELECT MAX(updated_at) FROM {hours})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return tuple(row) if row else ()


def _load_snapshot(version: CalendarVersion) -> _Snapshot:
    days_off: dict[date, str] = {}
    make_up: dict[date, str] = {}
    for day, kind, name in CalendarOverride.objects.values_list("date", "kind", "name"):
        target = make_up if kind == CalendarOverride.Kind.MAKE_UP else days_off
        target[day] = name
    hours: dict[int | None, Sessions] = {}
    for row in OfficeHours.objects.all():
        hours[row.agency_id] = Sessions(
            ((row.morning_start, row.morning_end), (row.afternoon_start, row.afternoon_end))
        )
    return _Snapshot(
        version=version,
        days_off=days_off,
        make_up_days=make_up,
        with_official_overrides=not (days_off or make_up),
        hours_by_agency=hours,
    )


def _current_snapshot() -> _Snapshot:
    global _snapshot
    version = get_calendar_version()
    snapshot = _snapshot
    if snapshot is None or snapshot.version != version:
        snapshot = _load_snapshot(version)
        with _lock:
            _snapshot = snapshot
    return snapshot


def clear_calendar_cache() -> None:
    """Forget every calendar built in this process (the next call rebuilds from the database)."""
    global _snapshot
    with _lock:
        _snapshot = None


def _agency_id(agency: Agency | int | None) -> int | None:
    if agency is None or isinstance(agency, int):
        return agency
    return agency.pk


def _sessions_for(snapshot: _Snapshot, agency_id: int | None) -> Sessions:
    if agency_id is not None and agency_id in snapshot.hours_by_agency:
        return snapshot.hours_by_agency[agency_id]
    return snapshot.hours_by_agency.get(None, DEFAULT_OFFICE_HOURS)


def get_office_hours(*, agency: Agency | int | None = None) -> Sessions:
    """Return the office sessions that apply to ``agency`` (its own row, else the province default)."""
    return _sessions_for(_current_snapshot(), _agency_id(agency))


def get_calendar(*, agency: Agency | int | None = None) -> WorkingCalendar:
    """Return the working calendar of the province, or of ``agency`` when it keeps its own hours.

    Days: Vietnam's public holidays (Labour Code 2019 Art 112, from the ``holidays`` package,
    whose substituted days off imply make-up days) plus the admin-edited `CalendarOverride` rows,
    which win. Office hours: the agency's `OfficeHours` row, else the province default row, else
    07:00–11:30 and 13:30–17:00. Covers `CALENDAR_YEARS`. Cached; see the module docstring.
    """
    snapshot = _current_snapshot()
    sessions = _sessions_for(snapshot, _agency_id(agency))
    calendar = snapshot.calendars.get(sessions)
    if calendar is None:
        calendar = WorkingCalendar.build(
            CALENDAR_YEARS,
            with_official_overrides=snapshot.with_official_overrides,
            extra_days_off=snapshot.days_off,
            make_up_days=snapshot.make_up_days,
            office_hours=sessions,
        )
        with _lock:
            calendar = snapshot.calendars.setdefault(sessions, calendar)
    return calendar


def list_calendar_days(year: int) -> list[dict[str, Any]]:
    """Return the named days off and make-up working days of ``year``, in date order.

    Each item is ``{"date": date, "kind": "day_off" | "make_up", "name": str}``; plain weekends are
    not listed. Raise `calendar.CalendarRangeError` for a year outside `CALENDAR_YEARS`.
    """
    calendar = get_calendar()
    days = [*calendar.days_off(year), *calendar.make_up_days(year)]
    return [
        {"date": info.day, "kind": str(info.kind), "name": info.name}
        for info in sorted(days, key=lambda info: info.day)
    ]


# -- due dates for the CLI and the API ------------------------------------------------------------


def counter_cutoff() -> time:
    """Return the desk cut-off (settings.MOTCUA_COUNTER_CUTOFF, "HH:MM", default 15:00).

    Decree 118/2025/NĐ-CP Art 18(2): a paper dossier received at the desk at or after it counts
    from the next working day; configurable because domain.md marks the hour UNCERTAIN.
    """
    value = getattr(settings, "MOTCUA_COUNTER_CUTOFF", "15:00")
    if isinstance(value, time):
        return value
    hours, _sep, minutes = str(value).partition(":")
    return time(int(hours), int(minutes or 0))


def _parse_iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    # In a URL query "+07:00" arrives as " 07:00" when the client did not encode the "+".
    head, sep, tail = text.rpartition(" ")
    if sep and "T" in head:
        try:
            return datetime.fromisoformat(f"{head}+{tail}")
        except ValueError:
            return None
    return None


def _parse_start(value: str | datetime) -> datetime:
    if isinstance(value, datetime):
        parsed: datetime | None = value
    else:
        parsed = _parse_iso(value.strip())
    if parsed is None:
        raise InvalidInput(
            _(
                "Thời điểm bắt đầu không hợp lệ: “%(value)s”. Dùng định dạng ISO 8601, "
                "ví dụ 2026-03-02T09:00 hoặc 2026-03-02T09:00+07:00."
            )
            % {"value": str(value).strip()[:40]},
            field="start",
        )
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        return parsed.replace(tzinfo=VN_TZ)  # a naive instant is Vietnam local time
    try:
        return parsed.astimezone(VN_TZ)
    except (OverflowError, ValueError):  # e.g. year 1 with a positive offset
        return parsed  # outside the calendar anyway: refused with the range message


def _parse_amount(value: str | Decimal | int, *, field: str, label: str, maximum: Decimal) -> Decimal:
    text = value.strip().replace(",", ".") if isinstance(value, str) else value  # "0,5" is Vietnamese for 0.5
    try:
        amount = (
            Decimal(text) if not isinstance(text, str) or len(text) <= _MAX_AMOUNT_CHARS else Decimal("NaN")
        )
    except (InvalidOperation, TypeError, ValueError):
        amount = Decimal("NaN")
    if not amount.is_finite():
        raise InvalidInput(
            _("%(label)s phải là một số, nhận được “%(value)s”.")
            % {"label": label, "value": str(value)[:40]},
            field=field,
        )
    if amount < 0:
        raise InvalidInput(_("%(label)s không được âm.") % {"label": label}, field=field)
    if amount > maximum:
        raise InvalidInput(
            _("%(label)s quá lớn (tối đa %(max)s).") % {"label": label, "max": maximum}, field=field
        )
    if amount != amount.quantize(_SMALLEST_AMOUNT):
        # Also keeps "1e-999999" from turning into a million-digit fraction.
        raise InvalidInput(_("%(label)s có tối đa 6 chữ số thập phân.") % {"label": label}, field=field)
    return amount


def _given(value: str | Decimal | int | None) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _duration(
    *,
    working_days: str | Decimal | int | None,
    working_hours: str | Decimal | int | None,
    calendar_days: str | int | None,
    same_day: bool,
) -> dl.Duration:
    chosen = [_given(working_days), _given(working_hours), _given(calendar_days), bool(same_day)]
    if chosen.count(True) != 1:
        raise InvalidInput(
            _(
                "Cần chỉ định đúng một loại thời hạn: số ngày làm việc, số giờ làm việc, "
                "số ngày theo lịch hoặc trong ngày."
            ),
            field="duration",
        )
    if working_days is not None and _given(working_days):
        label = _("Số ngày làm việc")
        amount = _parse_amount(working_days, field="working_days", label=label, maximum=_MAX_WORKING_DAYS)
        return dl.WorkingDays(amount)
    if working_hours is not None and _given(working_hours):
        label = _("Số giờ làm việc")
        amount = _parse_amount(working_hours, field="working_hours", label=label, maximum=_MAX_WORKING_HOURS)
        return dl.WorkingHours(amount)
    if calendar_days is not None and _given(calendar_days):
        label = _("Số ngày theo lịch")
        days = _parse_amount(calendar_days, field="calendar_days", label=label, maximum=_MAX_CALENDAR_DAYS)
        if days != days.to_integral_value():
            raise InvalidInput(_("%(label)s phải là số nguyên.") % {"label": label}, field="calendar_days")
        return dl.CalendarDays(int(days))
    return dl.SameDay()


def _channel(value: str | dl.Channel) -> dl.Channel:
    try:
        return dl.Channel(str(value).strip().lower())
    except ValueError:
        raise InvalidInput(
            _("Kênh tiếp nhận không hợp lệ: “%(value)s” (chỉ nhận counter, online hoặc postal).")
            % {"value": str(value)[:40]},
            field="channel",
        ) from None


def _agency(value: str | Agency | None) -> Agency | None:
    if value is None or isinstance(value, Agency):
        return value
    electronic_id = value.strip()
    if not electronic_id:
        return None
    agency = Agency.objects.filter(electronic_id=electronic_id).first()
    if agency is None:
        raise InvalidInput(
            _("Không tìm thấy cơ quan có mã định danh “%(value)s”.") % {"value": electronic_id[:40]},
            field="agency",
        )
    return agency


def get_due_date(
    *,
    start: str | datetime,
    channel: str | dl.Channel = dl.Channel.COUNTER,
    working_days: str | Decimal | int | None = None,
    working_hours: str | Decimal | int | None = None,
    calendar_days: str | int | None = None,
    same_day: bool = False,
    agency: str | Agency | None = None,
) -> dl.DueDate:
    """Return the due date of a dossier received at ``start``, with its explanation.

    The shared core of ``motcua due_date`` and ``GET /api/v1/workdays/due-date``: it takes their
    raw values (text or typed), so both interfaces refuse the same inputs with the same Vietnamese
    messages (`InvalidInput`, ``field`` naming the input). Exactly one duration is required. A
    naive ``start`` is Vietnam local time; an aware one is converted. ``agency`` is an agency or its
    electronic identifier (QĐ 20/2020/QĐ-TTg); its office hours apply when it has its own. The
    clock starts by `deadlines.clock_start` (Decree 118/2025/NĐ-CP Art 17(3), 18(2)) with the
    configured `counter_cutoff`, so the channel matters.
    """
    received_at = _parse_start(start)
    duration = _duration(
        working_days=working_days, working_hours=working_hours, calendar_days=calendar_days, same_day=same_day
    )
    chosen_channel = _channel(channel)
    calendar = get_calendar(agency=_agency(agency))
    try:
        return dl.explain_due(
            calendar,
            received_at=received_at,
            channel=chosen_channel,
            duration=duration,
            counter_cutoff=counter_cutoff(),
        )
    except (CalendarRangeError, OverflowError):
        raise InvalidInput(
            _("Thời điểm bắt đầu hoặc hạn giải quyết nằm ngoài phạm vi lịch làm việc (%(first)d–%(last)d).")
            % {"first": calendar.first_year, "last": calendar.last_year},
            field="start",
        ) from None
