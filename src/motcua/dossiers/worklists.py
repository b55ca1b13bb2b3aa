"""An officer's queues: to receive, to process, due soon, overdue, paused, waiting for others.

Every queue is a filter on `Dossier.objects.visible_to(officer)`, so it never shows a dossier the
officer may not see. Search inside a queue matches the code, the applicant's name or number, or
the procedure (accent-insensitive), and the submission date range.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypedDict

from django.db.models import Count, IntegerField, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, In
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import ProcessStep
from motcua.core.compiled import Compiled
from motcua.core.text import fold
from motcua.organisations import selectors as org
from motcua.organisations.models import Role

from .models import Consultation, Dossier, Transfer
from .querysets import id_in
from .transitions import CLOSED, DossierStatus

DESK_KINDS = [ProcessStep.Kind.RECEIVE, ProcessStep.Kind.RETURN]

QUEUES: dict[str, Any] = {
    "to_receive": _("Chờ tiếp nhận"),
    "to_process": _("Đang chờ tôi xử lý"),
    "due_soon": _("Sắp đến hạn"),
    "overdue": _("Quá hạn"),
    "paused": _("Tạm dừng (bổ sung, nghĩa vụ tài chính)"),
    "waiting": _("Chờ cơ quan khác"),
    "unit": _("Toàn đơn vị"),
}


@dataclass(frozen=True)
class QueueFilter:
    q: str = ""
    date_from: date | None = None
    date_to: date | None = None


def working_agency() -> Coalesce:
    """The agency doing the work now: the transfer's recipient, else the competent agency.

    The same expression as the partial index of migration 0007, which serves the queues.
    """
    return Coalesce("handling_agency", "competent_agency")


def my_steps(user: Any) -> Q:
    """Return the condition "the current step waits for this officer" (desk steps at their centres)."""
    positions = org.list_positions(user=user)
    condition = Q(pk__in=[])
    centres = [p.service_centre_id for p in positions if p.role == Role.DESK_OFFICER and p.service_centre_id]
    if centres:
        condition |= Q(receiving_centre_id__in=centres, current_step__kind=ProcessStep.Kind.RECEIVE)
        condition |= Q(current_step__kind=ProcessStep.Kind.RETURN) & (
            Q(return_centre_id__in=centres) | Q(return_centre__isnull=True, receiving_centre_id__in=centres)
        )
    for p in positions:
        if p.agency_id and p.role != Role.DESK_OFFICER:
            working_here = Q(Exact(working_agency(), p.agency_id))
            condition |= working_here & Q(current_step__role=p.role) & ~Q(current_step__kind__in=DESK_KINDS)
    return condition


class WorklistRow(TypedDict):
    """One line of a queue: only what the worklist shows. A plain dict, so a template reads each
    key at the first try (a 100-line queue renders in about half the time of attribute lookups)."""

    code: str
    status: int
    status_label: str
    procedure_name: str
    applicant_name: str
    step_name: str | None
    assignee: str | None
    step_due_at: datetime | None
    due_at: datetime | None
    late: bool  # the legal time has run out while the clock runs


def list_queue(
    *,
    user: Any,
    queue: str,
    at: datetime,
    filters: QueueFilter = QueueFilter(),
    limit: int = 100,
) -> list[WorklistRow]:
    """Return the lines of one queue, most urgent first.

    The most urgent ids are chosen first (on PostgreSQL an index-only scan of the open dossiers),
    then only the shown columns of their rows are read; one statement either way. Without a
    search, the statement is compiled once per set of positions (`_compiled`).
    """

    def lines(at_: datetime, soon: datetime) -> QuerySet[Dossier, tuple[Any, ...]]:
        order = _ORDER.get(queue, ("step_due_at", "submitted_at", "pk"))
        queued = _queue(user=user, queue=queue, at=at_, soon=soon, filters=filters)
        urgent = queued.order_by(*order).values("pk")[:limit]
        return (
            Dossier.objects.filter(pk__in=urgent)
            .order_by(*order)
            .values_list(
                "code",
                "status",
                "procedure_version__procedure__name",
                "applicant_name",
                "current_step__name",
                "assignee__full_name",
                "assignee__username",
                "step_due_at",
                "acceptance_due_at",
                "due_at",
            )
        )

    soon = at + DUE_SOON
    if filters != QueueFilter():
        rows: list[tuple[Any, ...]] = [tuple(r) for r in lines(at, soon)]
    else:
        rows = _compiled(("lines", queue, limit), user, lines).rows(at, soon)
    running = (DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS)
    labels = {value: str(label) for value, label in DossierStatus.choices}  # translated once
    return [
        WorklistRow(
            code=code,
            status=status,
            status_label=labels[status],
            procedure_name=procedure,
            applicant_name=applicant,
            step_name=step,
            assignee=(full_name or username) if username else None,  # as User.__str__
            # an online dossier waiting at the desk: its step is due when acceptance is (Art 17(2))
            step_due_at=step_due_at or (acceptance_due if status == DossierStatus.SUBMITTED else None),
            due_at=due_at,
            late=status in running and due_at is not None and due_at < at,
        )
        for (
            code,
            status,
            procedure,
            applicant,
            step,
            full_name,
            username,
            step_due_at,
            acceptance_due,
            due_at,
        ) in rows
    ]


_ORDER = {
    "to_receive": ("acceptance_due_at", "submitted_at", "pk"),
    "overdue": ("due_at", "submitted_at", "pk"),
    "due_soon": ("due_at", "submitted_at", "pk"),
}


DUE_SOON = timedelta(days=1)  # "sắp đến hạn": due within the next day


def _queue(
    *, user: Any, queue: str, at: datetime, soon: datetime, filters: QueueFilter = QueueFilter()
) -> QuerySet[Dossier]:
    """Return the dossiers of one queue, unordered."""
    condition = _condition(user=user, queue=queue, at=at, soon=soon)
    return _apply(Dossier.objects.visible_to(user).filter(condition), filters)


# Stand for the instants of a request in the statements compiled once (core.compiled).
_AT = datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)
_SOON = datetime(1901, 2, 4, 4, 5, 6, tzinfo=UTC)
_statements: dict[tuple[Any, ...], Compiled] = {}


def _compiled(
    what: tuple[Any, ...],
    user: Any,
    build: Callable[[datetime, datetime], QuerySet[Dossier, tuple[Any, ...]]],
) -> Compiled:
    """The statement of a queue read, compiled once per officer's set of positions.

    What a statement selects depends only on the positions (agencies, centres, roles) and the
    instants it is run at, so officers who hold the same positions share it.
    """
    positions = tuple(
        sorted((p.role, p.agency_id or 0, p.service_centre_id or 0) for p in org.list_positions(user=user))
    )
    key = (*what, positions, getattr(user, "is_citizen", False), org.is_province_wide(user=user))
    found = _statements.get(key)
    if found is None:
        if len(_statements) > 10_000:
            _statements.clear()
        found = _statements[key] = Compiled(build, _AT, _SOON, plan_each_time=True)
    return found


def _condition(*, user: Any, queue: str, at: datetime, soon: datetime) -> Q:
    """Return what puts a visible dossier in a queue (every queue holds open dossiers only)."""
    running = Q(status__in=[DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS])
    is_open = ~Q(status__in=[s.value for s in CLOSED])
    if queue == "to_receive":
        return my_steps(user) & Q(status=DossierStatus.SUBMITTED)
    if queue == "to_process":
        return is_open & my_steps(user)
    if queue == "due_soon":
        return my_steps(user) & running & Q(due_at__gte=at, due_at__lt=soon)
    if queue == "overdue":
        return running & Q(due_at__lt=at)
    if queue == "paused":
        return Q(status__in=[DossierStatus.AWAITING_SUPPLEMENT, DossierStatus.AWAITING_PAYMENT])
    if queue == "waiting":
        agencies = org.agency_ids_for(user=user)
        open_consult = Consultation.objects.filter(
            answered_at__isnull=True, dossier__competent_agency_id__in=agencies
        ).values("dossier_id")
        open_transfer = Transfer.objects.filter(returned_at__isnull=True, from_agency_id__in=agencies).values(
            "dossier_id"
        )
        using = Dossier.objects.db
        return is_open & (id_in(open_consult, using=using) | id_in(open_transfer, using=using))
    if queue == "unit":
        agencies = org.agency_ids_for(user=user)
        centres = org.centre_ids_for(user=user)
        return is_open & (Q(In(working_agency(), list(agencies))) | Q(receiving_centre_id__in=centres))
    raise ValueError(queue)


def _apply(qs: QuerySet[Dossier], filters: QueueFilter) -> QuerySet[Dossier]:
    if filters.q:
        text = filters.q.strip()
        folded = fold(text)
        qs = qs.filter(
            Q(code__icontains=text)
            | Q(applicant_personal_id=text)
            | Q(applicant_name__icontains=text)
            | Q(procedure_version__procedure__name_folded__contains=folded)
        )
    if filters.date_from:
        qs = qs.filter(submitted_at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(submitted_at__date__lte=filters.date_to)
    return qs


def count_queues(*, user: Any, at: datetime) -> dict[str, int]:
    """Return the size of every queue, counted over the open dossiers in view (one statement,
    compiled once per set of positions; `_visible_parts`)."""
    open_statuses = [s.value for s in DossierStatus if s not in CLOSED]

    def counts(at_: datetime, soon: datetime) -> QuerySet[Dossier, tuple[Any, ...]]:
        tallies = {
            name: Count("pk", filter=_condition(user=user, queue=name, at=at_, soon=soon)) for name in QUEUES
        }
        parts = [
            part.filter(status__in=open_statuses)
            .order_by()
            .values(all=Value(0, output_field=IntegerField()))
            .annotate(**tallies)
            .values_list(*QUEUES)
            for part in _visible_parts(user)
        ]
        return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]

    rows = _compiled(("counts",), user, counts).rows(at, at + DUE_SOON)
    return {name: sum(int(row[i] or 0) for row in rows) for i, name in enumerate(QUEUES)}


def _visible_parts(user: Any) -> list[QuerySet[Dossier]]:
    """The dossiers a user sees, as disjoint parts that each read only the rows they need.

    For an officer of agencies A, the dossiers in view are those A works on now (the working
    agency in A: one range of the open-dossier index, `working_agency`) and the few others: those
    of A transferred to another agency (found through the handling-agency index: few dossiers
    have one), consulted with A, or of the officer's centres. Counting the whole view at once
    would read every open dossier of the province, since no index serves the OR of the view.
    """
    visible = Dossier.objects.visible_to(user)
    agencies = sorted(org.agency_ids_for(user=user))
    if not agencies or getattr(user, "is_citizen", False) or org.is_province_wide(user=user):
        return [visible]
    centres = sorted(org.centre_ids_for(user=user))
    working_here = Q(In(working_agency(), agencies))
    consulted = Consultation.objects.filter(agency_id__in=agencies).values("dossier_id")
    others = (
        Q(competent_agency_id__in=agencies, handling_agency__isnull=False)
        | Q(receiving_centre_id__in=centres)
        | Q(return_centre_id__in=centres)
        | id_in(consulted, using=Dossier.objects.db)
    )
    return [visible.filter(working_here), visible.filter(others).exclude(working_here)]
