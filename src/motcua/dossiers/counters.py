"""KPI counters that move with the change (design rule 6).

Each function is called by a service inside its transaction, so a counter never disagrees with the
events it summarises; `motcua reconcile_counters` proves it by recounting from the events.
Increments are single `INSERT … ON CONFLICT DO UPDATE` statements, safe under concurrency on
PostgreSQL and SQLite.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import connection

from motcua.core.timeutil import local
from motcua.workdays.deadlines import Timeliness, timeliness

from .models import DailyCounter, Dossier, PendingCounter
from .transitions import Channel

_RECEIVED_COLUMN = {
    Channel.COUNTER: "received_counter",
    Channel.ONLINE: "received_online",
    Channel.POSTAL: "received_postal",
}
_RESOLVED_COLUMN = {
    Timeliness.EARLY: "resolved_early",
    Timeliness.ON_TIME: "resolved_on_time",
    Timeliness.LATE: "resolved_late",
}
DAILY_COLUMNS = (
    "received_counter",
    "received_online",
    "received_postal",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "refused",
    "withdrawn",
    "stopped",
)


def _bump_daily(dossier: Dossier, day: date, column: str) -> None:
    assert column in DAILY_COLUMNS  # noqa: S101 - a programming error, never user input
    table = connection.ops.quote_name(DailyCounter._meta.db_table)
    col = connection.ops.quote_name(column)
    others = ", ".join(c for c in DAILY_COLUMNS if c != column)
    zeros = ", ".join("0" for c in DAILY_COLUMNS if c != column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, procedure_id, day, {col}, {others}) "  # noqa: S608
            f"VALUES (%s, %s, %s, 1, {zeros}) "
            f"ON CONFLICT (agency_id, procedure_id, day) DO UPDATE SET {col} = {table}.{col} + 1",
            [dossier.competent_agency_id, dossier.procedure_version.procedure_id, day],
        )


def _bump_pending(dossier: Dossier, due_at: datetime, delta: int) -> None:
    table = connection.ops.quote_name(PendingCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, procedure_id, due_day, pending) VALUES (%s, %s, %s, %s) "  # noqa: S608
            f"ON CONFLICT (agency_id, procedure_id, due_day) DO UPDATE SET pending = {table}.pending + %s",
            [
                dossier.competent_agency_id,
                dossier.procedure_version.procedure_id,
                local(due_at).date(),
                delta,
                delta,
            ],
        )


def count_received(dossier: Dossier, *, at: datetime) -> None:
    """Count an accepted dossier on its day and channel, and start counting it as pending."""
    _bump_daily(dossier, local(at).date(), _RECEIVED_COLUMN[Channel(dossier.channel)])
    if dossier.due_at is not None:
        _bump_pending(dossier, dossier.due_at, +1)


def count_refused(dossier: Dossier, *, at: datetime) -> None:
    """Count a dossier refused at intake (not workload, reported apart)."""
    _bump_daily(dossier, local(at).date(), "refused")


def count_resolved(dossier: Dossier, *, at: datetime) -> Timeliness:
    """Count a resolved dossier as early, on time or late and stop counting it as pending."""
    if dossier.due_at is None:
        result = Timeliness.ON_TIME
    else:
        result = timeliness(at, dossier.due_at)
        _bump_pending(dossier, dossier.due_at, -1)
    _bump_daily(dossier, local(at).date(), _RESOLVED_COLUMN[result])
    return result


def count_closed(dossier: Dossier, *, at: datetime, column: str, was_pending: bool) -> None:
    """Count a withdrawn or stopped dossier and remove it from pending if its clock was running."""
    _bump_daily(dossier, local(at).date(), column)
    if was_pending and dossier.due_at is not None:
        _bump_pending(dossier, dossier.due_at, -1)


def move_pending(dossier: Dossier, *, before: datetime | None, after: datetime | None) -> None:
    """Move a running dossier from one due day to another (extension, recomputation, pause, restart)."""
    if before is not None:
        _bump_pending(dossier, before, -1)
    if after is not None:
        _bump_pending(dossier, after, +1)
