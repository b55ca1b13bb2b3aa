"""KPI counters that move with the change (design rule 6).

Each function is called by a service inside its transaction, so a counter never disagrees with the
events it summarises; `motcua reconcile_counters` proves it by recounting from the events.
Increments are single `INSERT … ON CONFLICT DO UPDATE` statements, safe under concurrency on
PostgreSQL and SQLite.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import connection

from motcua.core.rows import Batch
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


Statement = tuple[str, list[Any], str]  # SQL, parameters, the table it changes


def _daily(dossier: Dossier, day: date, column: str) -> Statement:
    assert column in DAILY_COLUMNS  # noqa: S101 - a programming error, never user input
    table = connection.ops.quote_name(DailyCounter._meta.db_table)
    col = connection.ops.quote_name(column)
    others = ", ".join(c for c in DAILY_COLUMNS if c != column)
    zeros = ", ".join("0" for c in DAILY_COLUMNS if c != column)
    return (
        f"INSERT INTO {table} (agency_id, procedure_id, day, {col}, {others}) "  # noqa: S608
        f"VALUES (%s, %s, %s, 1, {zeros}) "
        f"ON CONFLICT (agency_id, procedure_id, day) DO UPDATE SET {col} = {table}.{col} + 1",
        [dossier.competent_agency_id, dossier.procedure_version.procedure_id, day],
        DailyCounter._meta.db_table,
    )


def _pending(dossier: Dossier, due_at: datetime, delta: int) -> Statement:
    table = connection.ops.quote_name(PendingCounter._meta.db_table)
    return (
        f"INSERT INTO {table} (agency_id, procedure_id, due_day, pending) VALUES (%s, %s, %s, %s) "  # noqa: S608
        f"ON CONFLICT (agency_id, procedure_id, due_day) DO UPDATE SET pending = {table}.pending + %s",
        [
            dossier.competent_agency_id,
            dossier.procedure_version.procedure_id,
            local(due_at).date(),
            delta,
            delta,
        ],
        PendingCounter._meta.db_table,
    )


def _run(*statements: Statement, batch: Batch | None = None) -> None:
    if batch is not None:
        for sql, params, table in statements:
            batch.add_statement(sql, params, table=table)
        return
    with connection.cursor() as cursor:
        for sql, params, _table in statements:
            cursor.execute(sql, params)


def _bump_daily(dossier: Dossier, day: date, column: str) -> None:
    _run(_daily(dossier, day, column))


def _bump_pending(dossier: Dossier, due_at: datetime, delta: int) -> None:
    _run(_pending(dossier, due_at, delta))


def count_received(dossier: Dossier, *, at: datetime, batch: Batch | None = None) -> None:
    """Count an accepted dossier on its day and channel, and start counting it as pending.

    With a `batch`, the increments are written with the batch's rows (intake: one statement).
    """
    statements = [_daily(dossier, local(at).date(), _RECEIVED_COLUMN[Channel(dossier.channel)])]
    if dossier.due_at is not None:
        statements.append(_pending(dossier, dossier.due_at, +1))
    _run(*statements, batch=batch)


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
