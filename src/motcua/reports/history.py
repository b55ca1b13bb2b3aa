"""Dossiers open at the end of a past day, from the dossiers and their history.

`PendingCounter` holds the present only. For a period that has ended, the pending dossiers at its
end (Biểu 06 columns 9–11) and their split are recomputed from the record: a dossier is open at
the end of day E if it was received before midnight and was neither resolved nor closed by then;
its status at that instant is the `to_status` of its last event before it (paused = 5, 6), and its
due date the `after` of its last `DueDateChange` before it (every change of a due date writes one,
design rule 4). Overdue = due date before E (domain.md §4.3, `workdays.deadlines.pending_state`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum

from motcua.core.timeutil import VN_TZ
from motcua.dossiers.models import Dossier, DossierEvent, DueDateChange
from motcua.dossiers.transitions import DossierStatus

from .kpis import Pending
from .models import PendingSnapshot, SnapshotDay
from .slices import DIMENSIONS, Slice

PAUSED = (DossierStatus.AWAITING_SUPPLEMENT, DossierStatus.AWAITING_PAYMENT)
RUNNING = (DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS)


def midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=VN_TZ)


def open_at(dossiers: QuerySet[Dossier], *, day: date) -> QuerySet[Dossier]:
    """Return those of `dossiers` open at the end of `day`, annotated with their status and due then."""
    cut = midnight(day + timedelta(days=1))
    status_then = Subquery(
        DossierEvent.objects.filter(dossier=OuterRef("pk"), at__lt=cut)
        .order_by("-seq")
        .values("to_status")[:1]
    )
    due_then = Subquery(
        DueDateChange.objects.filter(dossier=OuterRef("pk"), at__lt=cut)
        .order_by("-at", "-pk")
        .values("after")[:1]
    )
    return (
        dossiers.filter(received_at__lt=cut)
        .exclude(resolved_at__lt=cut)
        .exclude(closed_at__lt=cut)
        .annotate(status_then=status_then, due_then=due_then)
    )


def state_filter(state: str, *, day: date) -> Q:
    """Return the condition on `open_at` rows for a state: in_time, overdue, paused, not_overdue."""
    start = midnight(day)
    if state == "paused":
        return Q(status_then__in=PAUSED)
    if state == "overdue":
        return Q(status_then__in=RUNNING, due_then__lt=start)
    in_time = Q(status_then__in=RUNNING) & (Q(due_then__gte=start) | Q(due_then__isnull=True))
    if state == "in_time":
        return in_time
    if state == "not_overdue":
        return in_time | Q(status_then__in=PAUSED)
    return Q()


@contextmanager
def _analytic() -> Iterator[None]:
    """Run a one-off analytic query without PostgreSQL's JIT, whose compilation costs more than it saves.

    The planner's cost estimate of a scan over the dossiers passes `jit_above_cost` and PostgreSQL
    then spends seconds compiling; `SET LOCAL` confines the change to this transaction.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield


def classify(status: int | None, due: datetime | None, *, day: date) -> str:
    """Return the state of a dossier open at the end of `day`: in_time, overdue or paused."""
    if status in PAUSED:
        return "paused"
    if due is not None and due < midnight(day):
        return "overdue"
    return "in_time"


def _tally(rows: Iterator[tuple[object, int | None, datetime | None]], day: date) -> dict[object, Pending]:
    counts: dict[object, Counter[str]] = defaultdict(Counter)
    for key, status, due in rows:
        if status in RUNNING or status in PAUSED:
            counts[key][classify(status, due, day=day)] += 1
    return {k: Pending(c["in_time"], c["overdue"], c["paused"]) for k, c in counts.items()}


def pending_at(*, slice_: Slice, day: date) -> Pending:
    """Return the slice's dossiers pending at the end of a past day, split in time / overdue / paused."""
    return pending_at_by(slice_=slice_, day=day, dimension=None).get(None, Pending())


def pending_at_by(*, slice_: Slice, day: date, dimension: str | None) -> dict[object, Pending]:
    """Return `pending_at` grouped by a dimension (agency, commune, sector, procedure, level).

    Read from the day's `PendingSnapshot` when it was taken, else recomputed from the record.
    """
    if SnapshotDay.objects.filter(day=day).exists():
        return _from_snapshot(slice_, day, dimension)
    return recount_at_by(slice_=slice_, day=day, dimension=dimension)


def _from_snapshot(slice_: Slice, day: date, dimension: str | None) -> dict[object, Pending]:
    qs = PendingSnapshot.objects.filter(day=day, **slice_.counter_filter())
    sums = {"i": Sum("in_time"), "o": Sum("overdue"), "p": Sum("paused")}
    if dimension is None:
        row = qs.aggregate(**sums)
        return {None: Pending(int(row["i"] or 0), int(row["o"] or 0), int(row["p"] or 0))}
    path = DIMENSIONS[dimension][0]
    return {
        r[path]: Pending(int(r["i"] or 0), int(r["o"] or 0), int(r["p"] or 0))
        for r in qs.values(path).annotate(**sums).order_by()
    }


def recount_at_by(*, slice_: Slice, day: date, dimension: str | None) -> dict[object, Pending]:
    """Recompute the pending dossiers at the end of a day from the record, grouped by a dimension.

    The open dossiers are read once, each with its status and due date then, and classified here.
    """
    qs = open_at(Dossier.objects.filter(**slice_.dossier_filter()), day=day)
    path = DIMENSIONS[dimension][1] if dimension else "province_code"
    values = qs.values_list(path, "status_then", "due_then")
    with _analytic():
        rows = ((k if dimension else None, s, d) for k, s, d in values.iterator(chunk_size=5000))
        return _tally(rows, day)


def recount_by_agency_procedure(*, day: date) -> dict[tuple[int, int], Pending]:
    """Recompute the whole province's pending dossiers at the end of a day, per agency × procedure."""
    qs = open_at(Dossier.objects.all(), day=day).values_list(  # type: ignore[misc]
        "competent_agency_id", "procedure_version__procedure_id", "status_then", "due_then"
    )
    with _analytic():
        rows = (((a, p), s, d) for a, p, s, d in qs.iterator(chunk_size=5000))
        tallied = _tally(rows, day)
    return {k: v for k, v in tallied.items() if isinstance(k, tuple)}
