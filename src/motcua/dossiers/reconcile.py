"""Recount the KPI counters from the event log and compare them with the stored counters.

The stored counters move with each event (`counters.py`); this module recomputes the same numbers
independently — flows from the events, pending dossiers from the dossiers whose clock runs — so
`motcua reconcile_counters` can prove them equal.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from motcua.core.timeutil import local

from .counters import DAILY_COLUMNS
from .models import DailyCounter, DossierEvent, EventType, PendingCounter
from .transitions import Channel, DossierStatus

_RECEIVED = {
    Channel.COUNTER: "received_counter",
    Channel.ONLINE: "received_online",
    Channel.POSTAL: "received_postal",
}
_CLOSED = {
    EventType.SUPPLEMENT_EXPIRED: "stopped",
    EventType.STOPPED: "stopped",
    EventType.WITHDRAWN: "withdrawn",
}

DailyKey = tuple[int, int, date, str]
PendingKey = tuple[int, int, date]


@dataclass(frozen=True)
class Difference:
    what: str
    key: tuple[object, ...]
    stored: int
    recounted: int


def recount_daily() -> Counter[DailyKey]:
    """Return the daily flows recounted from the events."""
    counts: Counter[DailyKey] = Counter()
    events = (
        DossierEvent.objects.filter(
            type__in=[EventType.RECEIVED, EventType.REFUSED, EventType.RESOLVED, EventType.RETURNED, *_CLOSED]
        )
        .select_related("dossier__procedure_version")
        .only(
            "type",
            "at",
            "data",
            "dossier__competent_agency_id",
            "dossier__channel",
            "dossier__procedure_version__procedure_id",
        )
        .iterator(chunk_size=5000)
    )
    for e in events:
        d = e.dossier
        key = (d.competent_agency_id, d.procedure_version.procedure_id, local(e.at).date())
        if e.type == EventType.RECEIVED:
            counts[(*key, _RECEIVED[Channel(d.channel)])] += 1
        elif e.type == EventType.REFUSED:
            counts[(*key, "refused")] += 1
        elif e.type in (EventType.RESOLVED, EventType.RETURNED) and "timeliness" in e.data:
            counts[(*key, f"resolved_{e.data['timeliness']}")] += 1
        elif e.type in _CLOSED and e.data.get("counted", True):
            counts[(*key, _CLOSED[EventType(e.type)])] += 1
    return counts


def recount_pending() -> Counter[PendingKey]:
    """Return the dossiers whose clock runs, per agency, procedure and local due day."""
    from .models import Dossier

    counts: Counter[PendingKey] = Counter()
    running = (
        Dossier.objects.filter(
            status__in=[DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS], due_at__isnull=False
        )
        .values_list("competent_agency_id", "procedure_version__procedure_id", "due_at")
        .iterator(chunk_size=5000)
    )
    for agency_id, procedure_id, due_at in running:
        if due_at is None:  # excluded by the filter; narrows the type
            continue
        counts[(agency_id, procedure_id, local(due_at).date())] += 1
    return counts


def compare() -> list[Difference]:
    """Return every difference between stored and recounted counters (empty when they agree)."""
    stored_daily: Counter[DailyKey] = Counter()
    for row in DailyCounter.objects.values("agency_id", "procedure_id", "day", *DAILY_COLUMNS).iterator():
        for column in DAILY_COLUMNS:
            if row[column]:
                stored_daily[(row["agency_id"], row["procedure_id"], row["day"], column)] = row[column]
    stored_pending: Counter[PendingKey] = Counter(
        {
            (r["agency_id"], r["procedure_id"], r["due_day"]): r["pending"]
            for r in PendingCounter.objects.exclude(pending=0).values(
                "agency_id", "procedure_id", "due_day", "pending"
            )
        }
    )
    differences: list[Difference] = []
    recounted_daily = recount_daily()
    for key in sorted(set(stored_daily) | set(recounted_daily), key=str):
        if stored_daily[key] != recounted_daily[key]:
            differences.append(Difference("daily", key, stored_daily[key], recounted_daily[key]))
    recounted_pending = recount_pending()
    for pkey in sorted(set(stored_pending) | set(recounted_pending), key=str):
        if stored_pending[pkey] != recounted_pending[pkey]:
            differences.append(Difference("pending", pkey, stored_pending[pkey], recounted_pending[pkey]))
    return differences
