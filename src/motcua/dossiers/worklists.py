"""An officer's queues: to receive, to process, due soon, overdue, paused, waiting for others.

Every queue is a filter on `Dossier.objects.visible_to(officer)`, so it never shows a dossier the
officer may not see. Search inside a queue matches the code, the applicant's name or number, or
the procedure (accent-insensitive), and the submission date range.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import ProcessStep
from motcua.core.text import fold
from motcua.organisations import selectors as org
from motcua.organisations.models import Role

from .models import Consultation, Dossier, Transfer
from .transitions import DossierStatus

_RELATED = ("procedure_version__procedure", "competent_agency", "current_step", "assignee")
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
            working_here = Q(handling_agency_id=p.agency_id) | Q(
                handling_agency__isnull=True, competent_agency_id=p.agency_id
            )
            condition |= working_here & Q(current_step__role=p.role) & ~Q(current_step__kind__in=DESK_KINDS)
    return condition


def list_queue(
    *,
    user: Any,
    queue: str,
    at: datetime,
    filters: QueueFilter = QueueFilter(),
    limit: int = 100,
) -> QuerySet[Dossier]:
    """Return the dossiers of one queue, most urgent first."""
    base = Dossier.objects.visible_to(user)
    qs: QuerySet[Dossier]
    running = [DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS]
    if queue == "to_receive":
        qs = base.filter(my_steps(user), status=DossierStatus.SUBMITTED)
    elif queue == "to_process":
        qs = base.open().filter(my_steps(user))
    elif queue == "due_soon":
        qs = base.filter(
            my_steps(user), status__in=running, due_at__gte=at, due_at__lt=at + timedelta(days=1)
        )
    elif queue == "overdue":
        qs = base.filter(status__in=running, due_at__lt=at)
    elif queue == "paused":
        qs = base.filter(status__in=[DossierStatus.AWAITING_SUPPLEMENT, DossierStatus.AWAITING_PAYMENT])
    elif queue == "waiting":
        agencies = org.agency_ids_for(user=user)
        open_consult = Consultation.objects.filter(dossier_id=OuterRef("pk"), answered_at__isnull=True)
        open_transfer = Transfer.objects.filter(
            dossier_id=OuterRef("pk"), returned_at__isnull=True, from_agency_id__in=agencies
        )
        qs = base.open().filter(
            Exists(open_consult.filter(dossier__competent_agency_id__in=agencies)) | Exists(open_transfer)
        )
    elif queue == "unit":
        agencies = org.agency_ids_for(user=user)
        centres = org.centre_ids_for(user=user)
        qs = base.open().filter(
            Q(handling_agency_id__in=agencies)
            | Q(handling_agency__isnull=True, competent_agency_id__in=agencies)
            | Q(receiving_centre_id__in=centres)
        )
    else:
        raise ValueError(queue)
    qs = _apply(qs, filters)
    order = (
        ("due_at", "submitted_at") if queue in ("overdue", "due_soon") else ("step_due_at", "submitted_at")
    )
    return qs.select_related(*_RELATED).order_by(*order)[:limit]


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
    """Return the size of every queue (one COUNT each)."""
    return {name: list_queue(user=user, queue=name, at=at, limit=100_000).count() for name in QUEUES}
