"""Reads of the committee's work, always scoped to the user (a forgotten check is a 404)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from motcua.organisations.models import Agency

from . import schedule
from .models import (
    IndexKind,
    IndexResult,
    IndexTarget,
    Inspection,
    Meeting,
    PilotUnit,
    PostHolding,
    ReceptionCase,
    ReceptionDay,
    ReformPlan,
    ReformTask,
    ReformTaskEvent,
    SteeringCommittee,
    TaskStatus,
)
from .permissions import agency_ids_of, reads_everything
from .progress import ProgressSummary, Tally, summarise
from .querysets import ReformTaskQuerySet


class NotVisible(Exception):
    """The object does not exist or the user may not see it (views answer 404)."""


def province_code() -> str:
    return str(settings.MOTCUA_PROVINCE_CODE)


def get_committee() -> SteeringCommittee | None:
    """Return the province's active steering committee, if one was set up."""
    return (
        SteeringCommittee.objects.filter(province_code=province_code(), is_active=True).order_by("pk").first()
    )


def list_plans(*, user: Any) -> QuerySet[ReformPlan]:
    """Plans the user may read: all for readers of everything, else those with their agencies' tasks."""
    plans = ReformPlan.objects.filter(committee__province_code=province_code()).select_related("committee")
    if reads_everything(user):
        return plans
    ids = agency_ids_of(user)
    if not ids:
        return plans.none()
    return plans.filter(pk__in=ReformTask.objects.for_agencies(ids).values("plan_id"))


def get_plan(*, user: Any, plan_id: int) -> ReformPlan:
    try:
        return list_plans(user=user).get(pk=plan_id)
    except ReformPlan.DoesNotExist as exc:
        raise NotVisible from exc


def list_tasks(*, user: Any, plan: ReformPlan | None = None) -> ReformTaskQuerySet:
    tasks = ReformTask.objects.visible_to(user).select_related("group", "owner", "plan")
    if plan is not None:
        tasks = tasks.filter(plan=plan)
    return tasks.prefetch_related(
        Prefetch("co_agencies", queryset=Agency.objects.only("pk", "name", "short_name"))
    )


def get_task(*, user: Any, task_id: int) -> ReformTask:
    try:
        return (
            ReformTask.objects.visible_to(user)
            .select_related(
                "plan",
                "plan__committee",
                "group",
                "owner",
                "kpi_agency",
                "conclusion__meeting",
                "finding__inspection",
            )
            .get(pk=task_id)
        )
    except ReformTask.DoesNotExist as exc:
        raise NotVisible from exc


def list_task_events(*, task: ReformTask) -> list[ReformTaskEvent]:
    return list(task.events.select_related("actor").order_by("seq"))


def _tally_rows(tasks: ReformTaskQuerySet, *, as_of: date, key: str) -> list[dict[str, Any]]:
    done = Q(status=TaskStatus.COMPLETED, completed_on__lte=as_of)
    return list(
        tasks.counted()
        .values(key)
        .annotate(
            planned=Count("pk", distinct=True),
            completed=Count("pk", filter=done, distinct=True),
            completed_late=Count("pk", filter=done & Q(completed_on__gt=F("deadline")), distinct=True),
            overdue=Count("pk", filter=~done & Q(deadline__lt=as_of), distinct=True),
        )
        .order_by()
    )


def _scope(
    *,
    year: int | None = None,
    start: date | None = None,
    end: date | None = None,
    agency: Agency | None = None,
) -> ReformTaskQuerySet:
    tasks = ReformTask.objects.of_issued_plans().filter(plan__committee__province_code=province_code())
    if year is not None:
        tasks = tasks.filter(deadline__year=year)
    if start is not None:
        tasks = tasks.filter(deadline__gte=start)
    if end is not None:
        tasks = tasks.filter(deadline__lte=end)
    if agency is not None:
        tasks = tasks.filter(owner=agency)
    return tasks


def get_progress(
    *,
    as_of: date,
    year: int | None = None,
    start: date | None = None,
    end: date | None = None,
    agency: Agency | None = None,
    plan: ReformPlan | None = None,
) -> ProgressSummary:
    """Return completion against plan per task group and overall (issued plans only).

    The slice is every task due in the year or in [start, end], optionally of one owner unit or one
    plan; groups of the same name in several plans are added together. Reads aggregates only, so
    every staff member who may see the progress page gets the same figures.
    """
    tasks = _scope(year=year, start=start, end=end, agency=agency)
    if plan is not None:
        tasks = ReformTask.objects.filter(plan=plan)
        if agency is not None:
            tasks = tasks.filter(owner=agency)
    rows = _tally_rows(tasks, as_of=as_of, key="group__name")
    order = dict(tasks.values_list("group__name", "group__order").order_by("group__order"))
    groups = [
        Tally(
            label=row["group__name"],
            planned=row["planned"],
            completed=row["completed"],
            completed_late=row["completed_late"],
            overdue=row["overdue"],
        )
        for row in sorted(rows, key=lambda r: (order.get(r["group__name"], 99), r["group__name"]))
    ]
    return summarise(groups, total_label=_("Tổng cộng"))


def tally_by_agency(*, as_of: date, year: int) -> list[tuple[Agency, Tally]]:
    """Return the completion tally of each owner unit for the year, lowest rate first."""
    rows = _tally_rows(_scope(year=year), as_of=as_of, key="owner_id")
    agencies = Agency.objects.in_bulk([r["owner_id"] for r in rows])
    result = [
        (
            agencies[r["owner_id"]],
            Tally(
                label=agencies[r["owner_id"]].name,
                planned=r["planned"],
                completed=r["completed"],
                completed_late=r["completed_late"],
                overdue=r["overdue"],
            ),
        )
        for r in rows
    ]
    return sorted(result, key=lambda item: (item[1].rate if item[1].rate is not None else 0, item[0].name))


def tally_for_agency(*, agency: Agency, start: date, end: date) -> Tally:
    """Return one unit's tally of tasks due in [start, end], as of `end`."""
    rows = _tally_rows(_scope(start=start, end=end, agency=agency), as_of=end, key="owner_id")
    if not rows:
        return Tally(label=agency.name)
    r = rows[0]
    return Tally(
        label=agency.name,
        planned=r["planned"],
        completed=r["completed"],
        completed_late=r["completed_late"],
        overdue=r["overdue"],
    )


def list_overdue(*, user: Any, on: date, year: int | None = None) -> ReformTaskQuerySet:
    tasks = list_tasks(user=user).of_issued_plans().overdue(on=on)
    if year is not None:
        tasks = tasks.filter(deadline__year=year)
    return tasks.order_by("deadline", "pk")


def list_due_soon(*, user: Any, on: date, until: date) -> ReformTaskQuerySet:
    return list_tasks(user=user).of_issued_plans().open().due_between(on, until).order_by("deadline", "pk")


def list_open_tasks_for_reminders() -> ReformTaskQuerySet:
    """Open tasks of issued plans, for the reminder run (no user: a system job)."""
    return ReformTask.objects.of_issued_plans().open().select_related("owner", "plan")


# -- meetings, inspections, pilots, indices, posts, reception -------------------------------------------


def _require_reader(user: Any) -> None:
    if not reads_everything(user):
        raise NotVisible


def list_meetings(*, user: Any, year: int) -> QuerySet[Meeting]:
    _require_reader(user)
    return Meeting.objects.filter(committee__province_code=province_code(), scheduled_at__year=year).annotate(
        conclusion_count=Count("conclusions")
    )


def get_meeting(*, user: Any, meeting_id: int) -> Meeting:
    _require_reader(user)
    try:
        return Meeting.objects.select_related("committee").get(pk=meeting_id)
    except Meeting.DoesNotExist as exc:
        raise NotVisible from exc


def list_inspections(*, user: Any, year: int) -> QuerySet[Inspection]:
    _require_reader(user)
    return (
        Inspection.objects.filter(committee__province_code=province_code(), planned_on__year=year)
        .select_related("agency")
        .prefetch_related("findings__task")
    )


def get_inspection(*, user: Any, inspection_id: int) -> Inspection:
    _require_reader(user)
    try:
        return Inspection.objects.select_related("agency", "committee").get(pk=inspection_id)
    except Inspection.DoesNotExist as exc:
        raise NotVisible from exc


@dataclass(frozen=True)
class PilotRow:
    pilot: PilotUnit
    tally: Tally
    readings: list[Any]


def list_pilot_units(*, user: Any, year: int, as_of: date) -> list[PilotRow]:
    """Return the year's pilot units with their reform tally and KPIs side by side."""
    from . import kpis

    _require_reader(user)
    pilots = PilotUnit.objects.filter(committee__province_code=province_code(), year=year).select_related(
        "agency", "member_in_charge__user"
    )
    start, end = date(year, 1, 1), date(year, 12, 31)
    rows = []
    for pilot in pilots:
        readings = [
            kpis.read(
                code=d.code, agency=pilot.agency, start=start, end=min(end, as_of), target=None, direction=""
            )
            for d in sorted(kpis._REGISTRY.values(), key=lambda d: d.code)
        ]
        rows.append(
            PilotRow(
                pilot=pilot,
                tally=tally_for_agency(agency=pilot.agency, start=start, end=end),
                readings=[r for r in readings if r is not None],
            )
        )
    return rows


@dataclass(frozen=True)
class IndexSeries:
    kind: str
    label: str
    results: list[IndexResult]
    targets: list[IndexTarget]


def list_index_series(*, user: Any) -> list[IndexSeries]:
    _require_reader(user)
    results = IndexResult.objects.filter(province_code=province_code()).prefetch_related("components")
    targets = IndexTarget.objects.filter(province_code=province_code())
    series = []
    for kind in IndexKind:
        series.append(
            IndexSeries(
                kind=kind.value,
                label=str(kind.label),
                results=[r for r in results if r.kind == kind.value],
                targets=[t for t in targets if t.kind == kind.value],
            )
        )
    return series


@dataclass(frozen=True)
class HoldingRow:
    holding: PostHolding
    state: schedule.RotationState
    rotate_on: date


def list_holdings(*, user: Any, today: date) -> list[HoldingRow]:
    """Return current holders of sensitive posts with their rotation state, overdue first."""
    warning = int(getattr(settings, "MOTCUA_REFORM_ROTATION_WARNING_MONTHS", 3))
    holdings = PostHolding.objects.filter(ended_on__isnull=True, post__is_active=True).select_related(
        "post", "post__agency", "post__personnel_agency"
    )
    if not reads_everything(user):
        ids = agency_ids_of(user)
        holdings = holdings.filter(Q(post__agency_id__in=ids) | Q(post__personnel_agency_id__in=ids))
    rows = []
    for h in holdings:
        state, rotate_on = schedule.rotation_state(
            started_on=h.started_on,
            rotation_months=h.post.rotation_months,
            warning_months=warning,
            today=today,
        )
        rows.append(HoldingRow(holding=h, state=state, rotate_on=rotate_on))
    rank = {schedule.RotationState.OVERDUE: 0, schedule.RotationState.DUE: 1, schedule.RotationState.OK: 2}
    return sorted(rows, key=lambda r: (rank[r.state], r.rotate_on))


def list_reception_days(*, user: Any, year: int) -> QuerySet[ReceptionDay]:
    _require_reader(user)
    return (
        ReceptionDay.objects.filter(committee__province_code=province_code(), date__year=year)
        .select_related("host")
        .annotate(
            case_count=Count("cases"),
            open_count=Count("cases", filter=~Q(cases__status=ReceptionCase.Status.CLOSED)),
        )
    )


def list_reception_cases(*, user: Any) -> QuerySet[ReceptionCase]:
    """Cases the user may follow: all for readers of everything, else those assigned to their agency."""
    cases = ReceptionCase.objects.select_related("day", "day__host", "assigned_agency")
    if reads_everything(user):
        return cases
    return cases.filter(assigned_agency_id__in=agency_ids_of(user))


def get_reception_case(*, user: Any, case_id: int) -> ReceptionCase:
    try:
        return list_reception_cases(user=user).get(pk=case_id)
    except ReceptionCase.DoesNotExist as exc:
        raise NotVisible from exc


# -- recipients of reminders ---------------------------------------------------------------------------

CONTACT_ROLES = ("leader", "unit_head")


def agency_contacts(*, agency_id: int) -> list[str]:
    """Return the e-mail addresses of an agency's leaders and unit heads."""
    from motcua.organisations.models import Position

    emails = (
        Position.objects.filter(agency_id=agency_id, role__in=CONTACT_ROLES)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
        .distinct()
    )
    return sorted(set(emails))


def reminder_recipients(*, task: ReformTask, overdue: bool) -> list[str]:
    """Return who hears about a task's deadline: its owner's leaders; when overdue, also the secretaries."""
    from .models import CommitteeMember

    emails = set(agency_contacts(agency_id=task.owner_id))
    if overdue:
        emails |= set(
            CommitteeMember.objects.filter(
                committee_id=task.plan.committee_id, role=CommitteeMember.Role.SECRETARY, is_active=True
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    return sorted(emails)
