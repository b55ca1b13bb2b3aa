"""Every change of a dossier: atomic, keyword-only, with an explicit actor, one event each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

import structlog

from motcua.catalog.models import ProcedureVersion, ProcessStep, RequiredPaper
from motcua.core.errors import Conflict, InvalidInput, NotAllowed
from motcua.core.text import nfc
from motcua.core.timeutil import local
from motcua.documents.services import store_file
from motcua.documents.uploads import CheckedUpload, check_upload_count

from . import clock
from .audit import GENESIS, canonical_content, chain_hash
from .codes import next_dossier_code
from .models import Dossier, DossierComponent, DossierEvent, EventType
from .permissions import can_act_on_step, can_refuse
from .tasks import notify_applicant_task
from .transitions import Channel, DossierStatus, ensure_allowed

logger = structlog.get_logger(__name__)


@dataclass(frozen=True)
class ApplicantDetails:
    full_name: str
    personal_id: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class PaperUpload:
    paper: RequiredPaper | None
    upload: CheckedUpload


def record_event(
    *,
    dossier: Dossier,
    type: EventType,
    actor: Any,
    at: datetime,
    from_status: int | None,
    step_name: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
    is_public: bool = True,
) -> DossierEvent:
    """Append one hash-chained event to the dossier's history (the dossier row is locked)."""
    last = DossierEvent.objects.filter(dossier=dossier).order_by("-seq").values("seq", "hash").first()
    seq = (last["seq"] + 1) if last else 1
    prev_hash = last["hash"] if last else GENESIS
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    data = data or {}
    note = nfc(note)
    content = canonical_content(
        dossier_code=dossier.code,
        seq=seq,
        type=str(type),
        at_iso=local(at).isoformat(),
        actor_id=actor_id,
        from_status=from_status,
        to_status=dossier.status,
        step_name=step_name,
        note=note,
        data=data,
    )
    event = DossierEvent.objects.create(
        dossier=dossier,
        seq=seq,
        type=type,
        at=at,
        actor_id=actor_id,
        actor_name=str(actor) if actor_id else "",
        from_status=from_status,
        to_status=dossier.status,
        step_name=step_name,
        note=note,
        is_public=is_public,
        data=data,
        prev_hash=prev_hash,
        hash=chain_hash(prev_hash, content),
    )
    if is_public and dossier.applicant_email:
        # A task row in this same transaction: the notice goes out only if the change commits.
        notify_applicant_task.enqueue(event_id=event.pk)
    return event


def _first_step(version: ProcedureVersion) -> ProcessStep:
    step = version.process.steps.order_by("order").first()
    if step is None:
        raise NotAllowed(_("Thủ tục chưa có quy trình nội bộ được phê duyệt."))
    return step


def _next_step(step: ProcessStep) -> ProcessStep | None:
    return (
        ProcessStep.objects.filter(process_id=step.process_id, order__gt=step.order).order_by("order").first()
    )


def _lock(dossier: Dossier, expected_version: int | None) -> Dossier:
    locked = Dossier.objects.select_for_update(of=("self",)).select_related("current_step").get(pk=dossier.pk)
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(
            _("Hồ sơ %(code)s vừa được người khác cập nhật. Vui lòng tải lại trang và thử lại.")
            % {"code": locked.code}
        )
    return locked


def _enter_step(dossier: Dossier, step: ProcessStep | None, at: datetime) -> None:
    dossier.current_step = step
    dossier.step_started_at = at if step else None
    dossier.step_due_at = clock.step_due(started_at=at, allotted_hours=step.allotted_hours) if step else None


@transaction.atomic
def submit_dossier(
    *,
    version: ProcedureVersion,
    applicant: Any,
    details: ApplicantDetails,
    request_summary: str,
    papers: list[PaperUpload],
    at: datetime,
    copies: int = 1,
) -> Dossier:
    """Register an online dossier in the system (status 1) and give it its code.

    The code is issued when the system receives the dossier (Decree 118/2025/NĐ-CP Art 28), so the
    applicant can track it at once; the desk must accept or refuse it within 8 working hours
    (Art 17(2)) and the processing clock starts only at acceptance (Art 17(3)).
    """
    if not nfc(details.full_name):
        raise InvalidInput(_("Vui lòng nhập họ và tên người nộp hồ sơ."), field="full_name")
    check_upload_count(len(papers))
    provided = {p.paper.pk for p in papers if p.paper is not None}
    missing = [p.name for p in version.papers.all() if p.is_required and p.pk not in provided]
    if missing:
        raise InvalidInput(
            _("Thiếu giấy tờ bắt buộc: %(names)s.") % {"names": "; ".join(missing)}, field="papers"
        )
    agency = version.competent_agency
    centre = agency.service_centre
    if centre is None:
        raise NotAllowed(_("Cơ quan giải quyết chưa được gắn với Bộ phận Một cửa nào."))
    dossier = Dossier(
        code=next_dossier_code(prefix=agency.electronic_id, day=local(at).date()),
        procedure_version=version,
        competent_agency=agency,
        receiving_centre=centre,
        channel=Channel.ONLINE,
        status=DossierStatus.SUBMITTED,
        current_step=_first_step(version),
        step_started_at=at,
        applicant=applicant,
        applicant_name=nfc(details.full_name),
        applicant_personal_id=details.personal_id,
        applicant_phone=nfc(details.phone),
        applicant_email=nfc(details.email),
        applicant_address=nfc(details.address),
        request_summary=nfc(request_summary),
        copies=copies,
        submitted_at=at,
        acceptance_due_at=clock.online_acceptance_due(arrived_at=at),
        province_code=agency.province_code,
    )
    dossier.full_clean()
    dossier.save()
    for item in papers:
        stored = store_file(upload=item.upload, actor=applicant, at=at)
        DossierComponent.objects.create(
            dossier=dossier,
            required_paper=item.paper,
            name=item.paper.name if item.paper else item.upload.name,
            form=item.paper.form if item.paper else RequiredPaper.Form.COPY,
            count=item.paper.count if item.paper else 1,
            file=stored,
        )
    record_event(dossier=dossier, type=EventType.SUBMITTED, actor=applicant, at=at, from_status=None)
    logger.info("dossier_submitted", code=dossier.code, channel="online")
    return dossier


@transaction.atomic
def receive_dossier(
    *, dossier: Dossier, actor: Any, at: datetime, expected_version: int | None = None
) -> Dossier:
    """Accept an online dossier at the desk: status 2, the statutory clock starts.

    Decree 118/2025/NĐ-CP Art 17(3): the time limit runs from the official receipt of a complete,
    valid dossier; Art 18(2) and 17(2) decide when the clock starts for each channel.
    """
    dossier = _lock(dossier, expected_version)
    if dossier.status != DossierStatus.SUBMITTED or not can_act_on_step(actor, dossier):
        raise NotAllowed(_("Bạn không thể tiếp nhận hồ sơ này."))
    ensure_allowed(dossier.status, DossierStatus.RECEIVED)
    due = clock.due_for(version=dossier.procedure_version, received_at=at, channel=dossier.channel)
    receive_step = dossier.current_step
    if receive_step is None:
        raise NotAllowed(_("Hồ sơ chưa ở bước tiếp nhận."))
    from_status = dossier.status
    dossier.status = DossierStatus.RECEIVED
    dossier.received_at = at
    dossier.clock_started_at = due.clock_start
    dossier.due_at = due.due_at
    _enter_step(dossier, _next_step(receive_step), due.clock_start)
    dossier.version += 1
    dossier.save()
    record_event(
        dossier=dossier,
        type=EventType.RECEIVED,
        actor=actor,
        at=at,
        from_status=from_status,
        step_name=receive_step.name,
        data={
            "clock_start": due.clock_start.isoformat(),
            "due_at": due.due_at.isoformat(),
            "explanation": list(due.explanation),
        },
    )
    return dossier


@transaction.atomic
def refuse_dossier(
    *, dossier: Dossier, actor: Any, at: datetime, reason: str, expected_version: int | None = None
) -> Dossier:
    """Refuse an online dossier at intake with written reasons (Decree 118 Art 17(1)(c))."""
    reason = nfc(reason)
    if not reason:
        raise InvalidInput(_("Vui lòng ghi rõ lý do từ chối."), field="reason")
    dossier = _lock(dossier, expected_version)
    if not can_refuse(actor, dossier):
        raise NotAllowed(_("Bạn không thể từ chối hồ sơ này."))
    ensure_allowed(dossier.status, DossierStatus.REFUSED)
    from_status = dossier.status
    dossier.status = DossierStatus.REFUSED
    dossier.closed_at = at
    _enter_step(dossier, None, at)
    dossier.version += 1
    dossier.save()
    record_event(
        dossier=dossier, type=EventType.REFUSED, actor=actor, at=at, from_status=from_status, note=reason
    )
    return dossier


@transaction.atomic
def complete_step(
    *, dossier: Dossier, actor: Any, at: datetime, note: str = "", expected_version: int | None = None
) -> Dossier:
    """Complete the dossier's current step and hand it to the next one of the internal process.

    Completing the step that issues the result makes the dossier resolved (status 9); completing
    the return step records the return of the result (status 10, Decree 118 Art 22).
    """
    dossier = _lock(dossier, expected_version)
    step = dossier.current_step
    if dossier.status == DossierStatus.SUBMITTED or step is None or not can_act_on_step(actor, dossier):
        raise NotAllowed(_("Bạn không có quyền thực hiện bước này của hồ sơ."))
    from_status = dossier.status
    following = _next_step(step)
    if step.kind == ProcessStep.Kind.RETURN or following is None:
        target, event_type = DossierStatus.RETURNED, EventType.RETURNED
    elif step.kind == ProcessStep.Kind.ISSUE:
        target, event_type = DossierStatus.RESOLVED, EventType.RESOLVED
    else:
        target, event_type = DossierStatus.IN_PROGRESS, EventType.STEP_COMPLETED
    if target != from_status:
        ensure_allowed(from_status, target)
    dossier.status = target
    if target == DossierStatus.RESOLVED:
        dossier.resolved_at = at
    if target == DossierStatus.RETURNED:
        dossier.returned_at = dossier.closed_at = at
        following = None
    _enter_step(dossier, following, at)
    dossier.version += 1
    dossier.save()
    record_event(
        dossier=dossier,
        type=event_type,
        actor=actor,
        at=at,
        from_status=from_status,
        step_name=step.name,
        note=note,
        is_public=event_type != EventType.STEP_COMPLETED or step.kind == ProcessStep.Kind.APPRAISE,
    )
    return dossier
