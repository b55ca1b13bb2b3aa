"""The worst overdue dossiers, and the step and officer where each one lost its time.

Each completed step leaves an event carrying when the step started and its due instant
(`complete_step`: ``step_started_at``, ``step_due_at_before``; the due instant comes from the
step's allotted working hours on the working calendar, `catalog.ProcessStep.allotted_hours`); the
event's actor is the officer who completed it. A step's overrun is completion − its due instant;
the step still open overruns by now − its due instant, held by the assignee. Work handed to
another agency (liên thông, Decree 118 Art 20(2)) overruns by its return − the transfer's due
date. The step "where the time was lost" is the one with the largest overrun; when no step
overran, none is named (the time was lost elsewhere, e.g. a late supplement or a short limit).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import F, QuerySet
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from motcua.core.timeutil import local
from motcua.dossiers.models import Dossier, DossierEvent, EventType, Transfer

from . import drilldown, history
from .periods import Period
from .slices import Slice

STEP_EVENTS = (EventType.STEP_COMPLETED, EventType.RESOLVED, EventType.RETURNED)


@dataclass(frozen=True)
class StepTime:
    """Time spent at one step against its allotment."""

    step: str
    officer: str
    started_at: datetime | None
    due_at: datetime
    ended_at: datetime
    still_open: bool

    @property
    def overrun(self) -> timedelta:
        return self.ended_at - self.due_at

    @property
    def overrun_hours(self) -> float:
        return round(self.overrun.total_seconds() / 3600, 1)

    @property
    def overrun_text(self) -> str:
        """Return the overrun as people say it: hours under two days, days beyond."""
        hours = self.overrun.total_seconds() / 3600
        if hours < 48:
            return _("%(h)s giờ") % {"h": f"{hours:.1f}".replace(".", ",")}
        return _("%(d)d ngày") % {"d": round(hours / 24)}


@dataclass(frozen=True)
class OverdueDossier:
    dossier: Dossier
    days_late: int
    lost_at: StepTime | None


def _aware(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    return parse_datetime(value)


def step_times(
    *, dossier: Dossier, events: Iterable[DossierEvent], transfers: Iterable[Transfer], now: datetime
) -> list[StepTime]:
    """Return every step of the dossier with an allotment up to `now`, completed or open, in order."""
    out: list[StepTime] = []
    for e in events:
        if e.type not in STEP_EVENTS or e.at > now:
            continue
        due = _aware(e.data.get("step_due_at_before"))
        if due is None:
            continue
        out.append(
            StepTime(
                step=e.step_name,
                officer=e.actor_name,
                started_at=_aware(e.data.get("step_started_at")),
                due_at=due,
                ended_at=e.at,
                still_open=False,
            )
        )
    for t in transfers:
        if t.sent_at > now:
            continue
        returned = t.returned_at if t.returned_at is not None and t.returned_at <= now else None
        out.append(
            StepTime(
                step=_("Liên thông: %(agency)s") % {"agency": t.to_agency.name},
                officer=t.to_agency.name,
                started_at=t.sent_at,
                due_at=t.due_at,
                ended_at=returned or now,
                still_open=returned is None,
            )
        )
    started = dossier.step_started_at
    if (
        dossier.current_step_id is not None
        and dossier.step_due_at is not None
        and dossier.resolved_at is None
        and (started is None or started <= now)
    ):
        out.append(
            StepTime(
                step=dossier.current_step.name if dossier.current_step else "",
                officer=str(dossier.assignee) if dossier.assignee_id else _("(chưa phân công)"),
                started_at=dossier.step_started_at,
                due_at=dossier.step_due_at,
                ended_at=now,
                still_open=True,
            )
        )
    return out


def worst_step(times: Iterable[StepTime]) -> StepTime | None:
    """Return the step with the largest positive overrun, or None when no step overran."""
    late = [t for t in times if t.overrun > timedelta(0)]
    return max(late, key=lambda t: t.overrun) if late else None


def _days_late(due: datetime | None, until: datetime) -> int:
    if due is None:
        return 0
    return (local(until).date() - local(due).date()).days


def _attach(dossiers: list[Dossier], *, until: dict[int, datetime]) -> list[OverdueDossier]:
    """Name the step where each dossier lost its time, up to `until` (now, or its resolution)."""
    events: dict[int, list[DossierEvent]] = defaultdict(list)
    for e in DossierEvent.objects.filter(dossier__in=dossiers, type__in=STEP_EVENTS).order_by(
        "dossier", "seq"
    ):
        events[e.dossier_id].append(e)
    transfers: dict[int, list[Transfer]] = defaultdict(list)
    for t in Transfer.objects.filter(dossier__in=dossiers).select_related("to_agency"):
        transfers[t.dossier_id].append(t)
    return [
        OverdueDossier(
            dossier=d,
            days_late=_days_late(d.due_at, until[d.pk]),
            lost_at=worst_step(
                step_times(dossier=d, events=events[d.pk], transfers=transfers[d.pk], now=until[d.pk])
            ),
        )
        for d in dossiers
    ]


LIST_FIELDS = (
    "code",
    "status",
    "due_at",
    "resolved_at",
    "step_started_at",
    "step_due_at",
    "current_step_id",
    "assignee_id",
    "procedure_version__procedure__code",
    "procedure_version__procedure__name",
    "competent_agency__name",
    "current_step__name",
    "assignee__full_name",
    "assignee__username",
)


def _listed(qs: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """Fetch only what the overdue lists show (a narrow row keeps the query cheap to plan and read)."""
    return qs.select_related(
        "procedure_version__procedure", "competent_agency", "current_step", "assignee"
    ).only(*LIST_FIELDS)


def worst_pending(
    *, slice_: Slice, period: Period, today: date, now: datetime, limit: int = 10
) -> list[OverdueDossier]:
    """Return the pending overdue dossiers (now, or at the end of an ended period), oldest due first."""
    qs: QuerySet[Dossier] = _listed(
        drilldown.dossiers_for(measure="pending_overdue", slice_=slice_, period=period, today=today)
    )
    if period.is_running(today):
        chosen = list(qs.order_by("due_at", "pk")[:limit])
        until = now
    else:
        chosen = list(qs.order_by("due_then", "pk")[:limit])
        until = history.midnight(period.end + timedelta(days=1))
    return _attach(chosen, until={d.pk: until for d in chosen})


def worst_resolved(*, slice_: Slice, period: Period, today: date, limit: int = 10) -> list[OverdueDossier]:
    """Return the dossiers resolved late in the period, latest against their due date first."""
    qs = (
        _listed(drilldown.dossiers_for(measure="resolved_late", slice_=slice_, period=period, today=today))
        .annotate(lateness=F("resolved_at") - F("due_at"))
        .order_by("-lateness", "pk")
    )
    chosen = list(qs[:limit])
    until = {d.pk: d.resolved_at for d in chosen if d.resolved_at is not None}
    return _attach([d for d in chosen if d.pk in until], until=until)
