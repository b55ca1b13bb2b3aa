"""Reads of the KPI counters for a slice and a period, whole or grouped by a dimension.

Flows are sums of `DailyCounter` rows over the period's days; pending dossiers now are
`PendingCounter` rows (overdue = due day before today) plus the paused dossiers (status 5, 6,
whose clock does not run and so are not in `PendingCounter`). For a period that has ended, the
pending dossiers at its end come from `history`. Carried over (open at the start of the period)
is the books' balance: pending at the end − (received − resolved − withdrawn/stopped) in the
period; for an ended period it is also summed directly from the counters before the start, and
the two must agree (tests prove it).

Every function runs a fixed number of queries, whatever the amount of data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from motcua.catalog.models import Procedure, Sector
from motcua.dossiers.models import DailyCounter, Dossier, PendingCounter
from motcua.organisations.models import AdministrativeUnit, Agency

from . import history
from .kpis import FLOW_FIELDS, Figures, Flows, Pending
from .periods import Period
from .slices import DIMENSIONS, Slice

_SUMS = {f: Sum(f) for f in FLOW_FIELDS}
_NET = F("received_counter") + F("received_online") + F("received_postal") - F("resolved_early")
_NET = _NET - F("resolved_on_time") - F("resolved_late") - F("withdrawn") - F("stopped")


def _for(slice_: Slice, dimension: str | None) -> Slice:
    """Grouping by commune counts only commune-level agencies (provincial ones have no commune)."""
    return replace(slice_, commune_only=True) if dimension == "commune" else slice_


def flows(*, slice_: Slice, start: date, end: date) -> Flows:
    """Return the slice's flows over the local days [start, end]."""
    row = DailyCounter.objects.filter(**slice_.counter_filter(), day__gte=start, day__lte=end).aggregate(
        **_SUMS
    )
    return Flows.from_row(row)


def flows_by(*, slice_: Slice, start: date, end: date, dimension: str) -> dict[object, Flows]:
    """Return the slice's flows over [start, end] grouped by a dimension."""
    path = DIMENSIONS[dimension][0]
    rows = (
        DailyCounter.objects.filter(**_for(slice_, dimension).counter_filter(), day__gte=start, day__lte=end)
        .values(path)
        .annotate(**_SUMS)
        .order_by()
    )
    return {r[path]: Flows.from_row(r) for r in rows}


def flows_by_month(
    *, slice_: Slice, period: Period, today: date | None = None
) -> list[tuple[tuple[int, int], Flows]]:
    """Return the slice's flows per calendar month of the period (the trend), up to today's month."""
    rows = (
        DailyCounter.objects.filter(**slice_.counter_filter(), day__gte=period.start, day__lte=period.end)
        .annotate(y=ExtractYear("day"), m=ExtractMonth("day"))
        .values("y", "m")
        .annotate(**_SUMS)
        .order_by()
    )
    found = {(int(r["y"]), int(r["m"])): Flows.from_row(r) for r in rows}
    last = (today.year, today.month) if today else (period.end.year, period.end.month)
    return [(ym, found.get(ym, Flows())) for ym in period.months() if ym <= last]


def open_before(*, slice_: Slice, day: date) -> int:
    """Return the slice's dossiers open at the start of `day`, summed from the counters before it."""
    row = DailyCounter.objects.filter(**slice_.counter_filter(), day__lt=day).aggregate(n=Sum(_NET))
    return int(row["n"] or 0)


def open_before_by(*, slice_: Slice, day: date, dimension: str) -> dict[object, int]:
    path = DIMENSIONS[dimension][0]
    rows = (
        DailyCounter.objects.filter(**_for(slice_, dimension).counter_filter(), day__lt=day)
        .values(path)
        .annotate(n=Sum(_NET))
        .order_by()
    )
    return {r[path]: int(r["n"] or 0) for r in rows}


def _paused_filter() -> Q:
    return Q(status__in=history.PAUSED)


def pending_now(*, slice_: Slice, today: date) -> Pending:
    """Return the slice's dossiers open now: running in time / overdue (counters) and paused."""
    row = PendingCounter.objects.filter(**slice_.counter_filter()).aggregate(
        in_time=Sum("pending", filter=Q(due_day__gte=today)),
        overdue=Sum("pending", filter=Q(due_day__lt=today)),
    )
    paused = Dossier.objects.filter(_paused_filter(), **slice_.dossier_filter()).count()
    return Pending(int(row["in_time"] or 0), int(row["overdue"] or 0), paused)


def pending_now_by(*, slice_: Slice, today: date, dimension: str) -> dict[object, Pending]:
    """Return `pending_now` grouped by a dimension."""
    path, dossier_path = DIMENSIONS[dimension]
    out: dict[object, Pending] = defaultdict(Pending)
    rows = (
        PendingCounter.objects.filter(**_for(slice_, dimension).counter_filter())
        .values(path)
        .annotate(
            in_time=Sum("pending", filter=Q(due_day__gte=today)),
            overdue=Sum("pending", filter=Q(due_day__lt=today)),
        )
        .order_by()
    )
    for r in rows:
        out[r[path]] += Pending(int(r["in_time"] or 0), int(r["overdue"] or 0))
    paused = (
        Dossier.objects.filter(_paused_filter(), **_for(slice_, dimension).dossier_filter())
        .values(dossier_path)
        .annotate(n=Count("pk"))
        .order_by()
    )
    for r in paused:
        out[r[dossier_path]] += Pending(paused=int(r["n"]))
    return dict(out)


def figures(*, slice_: Slice, period: Period, today: date) -> Figures:
    """Return the slice's flows in the period, carried over at its start and pending at its end.

    A running period reads pending from the live counters (as of today); an ended one from
    `history` at its last day, and carried over from the counters before its first day.
    """
    f = flows(slice_=slice_, start=period.start, end=period.end)
    if period.is_running(today):
        pending = pending_now(slice_=slice_, today=today)
        return Figures(flows=f, carried_over=pending.total - f.net_open, pending=pending)
    carried = open_before(slice_=slice_, day=period.start)
    return Figures(flows=f, carried_over=carried, pending=history.pending_at(slice_=slice_, day=period.end))


def figures_by(*, slice_: Slice, period: Period, today: date, dimension: str) -> dict[object, Figures]:
    """Return `figures` grouped by a dimension; keys with any figure at all."""
    f = flows_by(slice_=slice_, start=period.start, end=period.end, dimension=dimension)
    out: dict[object, Figures] = {}
    if period.is_running(today):
        pending = pending_now_by(slice_=slice_, today=today, dimension=dimension)
        for key in set(f) | set(pending):
            fl, p = f.get(key, Flows()), pending.get(key, Pending())
            out[key] = Figures(flows=fl, carried_over=p.total - fl.net_open, pending=p)
        return out
    carried = open_before_by(slice_=slice_, day=period.start, dimension=dimension)
    ended = history.pending_at_by(slice_=_for(slice_, dimension), day=period.end, dimension=dimension)
    for key in set(f) | set(carried) | set(ended):
        out[key] = Figures(
            flows=f.get(key, Flows()), carried_over=carried.get(key, 0), pending=ended.get(key, Pending())
        )
    return out


@dataclass(frozen=True)
class Row:
    """One row of a breakdown: its key (for drill-down links), label and figures."""

    key: object
    code: str
    label: str
    figures: Figures


def labels(dimension: str, keys: set[object]) -> dict[object, tuple[str, str]]:
    """Return (code, name) for the keys of a dimension, in one query."""
    if dimension == "agency":
        return {a.pk: (a.electronic_id, a.name) for a in Agency.objects.filter(pk__in=keys)}
    if dimension == "commune":
        return {u.pk: (u.code, u.name) for u in AdministrativeUnit.objects.filter(pk__in=keys)}
    if dimension == "sector":
        return {s.pk: (s.code, s.name) for s in Sector.objects.filter(pk__in=keys)}
    if dimension == "procedure":
        return {p.pk: (p.code, p.name) for p in Procedure.objects.filter(pk__in=keys)}
    return {k: (str(k), str(Agency.Level(str(k)).label)) for k in keys if k in Agency.Level.values}


def breakdown(*, slice_: Slice, period: Period, today: date, dimension: str) -> list[Row]:
    """Return the rows of a breakdown, biggest workload first."""
    data = figures_by(slice_=slice_, period=period, today=today, dimension=dimension)
    names = labels(dimension, set(data))
    rows = [
        Row(key=k, code=names.get(k, ("", ""))[0], label=names.get(k, ("", str(k)))[1], figures=v)
        for k, v in data.items()
    ]
    return sorted(rows, key=lambda r: (-r.figures.workload, -r.figures.pending.total, r.label))
