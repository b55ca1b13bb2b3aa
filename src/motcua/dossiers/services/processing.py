"""Processing: steps, supplements, extensions, financial obligations, recomputation (Art 19, 24)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

import structlog

from motcua.catalog.models import MoveKind, ProcessStep
from motcua.core.errors import InvalidInput, NotAllowed
from motcua.core.text import nfc
from motcua.core.timeutil import local
from motcua.dossiers import clock, counters
from motcua.dossiers.models import Consultation, Dossier, DueDateChange, EventType, Transfer
from motcua.dossiers.permissions import DESK_STEPS, can_act_on_step, move_targets, working_agency_id
from motcua.dossiers.transitions import CLOSED, DossierStatus, ensure_allowed

from ._common import (
    ARTICLE_EXTENSION,
    ARTICLE_FINANCIAL,
    ARTICLE_PROCESS,
    ARTICLE_SUPPLEMENT,
    _choose_target,
    _ensure_agencies_in_process,
    _ensure_move_allowed,
    _ensure_step_actor,
    _enter_step,
    _following_by_order,
    _lock,
    _log_due_change,
    _may_receive_supplement,
    _step_data,
    record_event,
)

logger = structlog.get_logger(__name__)


@transaction.atomic
def complete_step(
    *,
    dossier: Dossier,
    actor: Any,
    at: datetime,
    note: str = "",
    expected_version: int | None = None,
    event_data: dict[str, Any] | None = None,
    to_step: ProcessStep | int | None = None,
) -> Dossier:
    """Complete the dossier's current step and hand it to the next one of the internal process.

    The dossier follows the approved internal process (Decree 118/2025/NĐ-CP Art 12(3), Art 38(1)(d)):
    it moves along the step's `next` moves; where the process branches, the officer chooses `to_step`
    among them. A step without `next` moves (processes made before moves existed) hands over to the
    next step by order. Completing the step that issues the result makes the dossier resolved
    (status 9); completing the return step records the return of the result (status 10, Art 22).
    `event_data` adds facts to the step's event (e.g. the document code of the result signed here).
    """
    dossier = _lock(dossier, expected_version)
    step = dossier.current_step
    if dossier.status == DossierStatus.SUBMITTED or step is None or not can_act_on_step(actor, dossier):
        raise NotAllowed(_("Bạn không có quyền thực hiện bước này của hồ sơ."))
    if dossier.status in (DossierStatus.AWAITING_SUPPLEMENT, DossierStatus.AWAITING_PAYMENT):
        # the clock is stopped: the step resumes when the supplement or the payment arrives
        raise NotAllowed(_("Hồ sơ đang chờ bổ sung hoặc thực hiện nghĩa vụ tài chính; chưa thể chuyển bước."))
    from_status = dossier.status
    following = None
    choices: list[ProcessStep] = []
    if step.kind != ProcessStep.Kind.RETURN:
        choices = move_targets(step, MoveKind.NEXT)
        fallback = _following_by_order(step)
        following = _choose_target(step, choices or ([fallback] if fallback else []), to_step)
    if step.kind == ProcessStep.Kind.RETURN or following is None:
        target, event_type = DossierStatus.RETURNED, EventType.RETURNED
    elif step.kind == ProcessStep.Kind.ISSUE:
        target, event_type = DossierStatus.RESOLVED, EventType.RESOLVED
    else:
        target, event_type = DossierStatus.IN_PROGRESS, EventType.STEP_COMPLETED
    if target != from_status:
        ensure_allowed(from_status, target)
    data: dict[str, Any] = {
        "step_started_at": dossier.step_started_at.isoformat() if dossier.step_started_at else None,
        "step_due_at_before": dossier.step_due_at.isoformat() if dossier.step_due_at else None,
    }
    if target in (DossierStatus.RESOLVED, DossierStatus.RETURNED) and dossier.resolved_at is None:
        # The result is ready: count it once, early / on time / late against the due date.
        data["timeliness"] = str(counters.count_resolved(dossier, at=at))
        dossier.resolved_at = at
    dossier.status = target
    if target == DossierStatus.RETURNED:
        dossier.returned_at = dossier.closed_at = at
        data["delivery"] = dossier.delivery  # at the desk, by post or online (Decree 118 Art 22)
        following = None
    _enter_step(dossier, following, at)
    data.update(_step_data(dossier))
    if following is not None and len(choices) > 1:
        # the officer chose this branch of the approved process
        data["chosen_step"] = following.order
        data["choices"] = [s.order for s in choices]
        data["article"] = ARTICLE_PROCESS
    data.update(event_data or {})
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
        data=data,
        is_public=event_type != EventType.STEP_COMPLETED or step.kind == ProcessStep.Kind.APPRAISE,
    )
    return dossier


@transaction.atomic
def request_supplement(
    *, dossier: Dossier, actor: Any, at: datetime, missing: str, expected_version: int | None = None
) -> Dossier:
    """Ask the applicant, through the desk, to supplement a dossier found incomplete at appraisal.

    Decree 118/2025/NĐ-CP Art 19(5): the request goes back within 3 working days of receipt (unless
    the sector law says otherwise), in writing, listing everything missing at once (Art 11(2)(c));
    the clock stops, and the dossier is closed if not completed within 15 days. Only from a step
    whose approved internal process has a supplement move (Art 12(3), Art 38(1)(d)).
    """
    missing = nfc(missing)
    if not missing:
        raise InvalidInput(_("Vui lòng ghi rõ các giấy tờ, nội dung cần bổ sung."), field="missing")
    dossier = _lock(dossier, expected_version)
    _ensure_step_actor(actor, dossier, _("Bạn không thể yêu cầu bổ sung hồ sơ này ở bước hiện tại."))
    ensure_allowed(dossier.status, DossierStatus.AWAITING_SUPPLEMENT)
    _ensure_move_allowed(
        dossier.current_step,
        MoveKind.SUPPLEMENT,
        _(
            "Quy trình nội bộ đã phê duyệt không cho phép yêu cầu bổ sung hồ sơ ở bước này "
            "(Nghị định 118/2025/NĐ-CP Điều 19 khoản 5, Điều 38 khoản 1 điểm d)."
        ),
    )
    if dossier.clock_started_at is None:
        raise NotAllowed(_("Hồ sơ chưa được tiếp nhận."))
    limit = clock.supplement_request_deadline(received_at=dossier.clock_started_at)
    if at > limit:
        raise NotAllowed(
            _("Đã quá 3 ngày làm việc kể từ khi tiếp nhận (hạn %(limit)s); không thể yêu cầu bổ sung.")
            % {"limit": f"{local(limit):%H:%M %d/%m/%Y}"},
            code="supplement_too_late",
        )
    from_status = dossier.status
    dossier.status = DossierStatus.AWAITING_SUPPLEMENT
    dossier.supplement_requested_at = at
    dossier.supplement_expires_at = clock.supplement_expiry(requested_at=at)
    counters.move_pending(dossier, before=dossier.due_at, after=None)  # the clock stops
    dossier.version += 1
    dossier.save()
    record_event(
        dossier=dossier,
        type=EventType.SUPPLEMENT_REQUESTED,
        actor=actor,
        at=at,
        from_status=from_status,
        step_name=dossier.current_step.name if dossier.current_step else "",
        note=missing,
        data={"expires_at": dossier.supplement_expires_at.isoformat(), "article": ARTICLE_SUPPLEMENT},
    )
    return dossier


@transaction.atomic
def receive_supplement(
    *, dossier: Dossier, actor: Any, at: datetime, note: str = "", expected_version: int | None = None
) -> Dossier:
    """Record the completed dossier and restart the time limit from zero (Decree 118 Art 19(5)).

    The desk officer of the receiving centre records paper supplements; the applicant completes an
    online dossier. The completed dossier is treated as a new receipt for the clock start.
    """
    dossier = _lock(dossier, expected_version)
    if dossier.status != DossierStatus.AWAITING_SUPPLEMENT or not _may_receive_supplement(actor, dossier):
        raise NotAllowed(_("Hồ sơ này không chờ bổ sung, hoặc bạn không thể nhận hồ sơ bổ sung."))
    if dossier.supplement_expires_at and at > dossier.supplement_expires_at:
        raise NotAllowed(_("Đã hết hạn bổ sung hồ sơ."), code="supplement_expired")
    due = clock.restart_after_supplement(
        version=dossier.procedure_version, resubmitted_at=at, channel=dossier.channel
    )
    before = dossier.due_at
    from_status = dossier.status
    dossier.status = DossierStatus.IN_PROGRESS
    dossier.clock_started_at = due.clock_start
    dossier.due_at = due.due_at
    dossier.supplement_expires_at = None
    counters.move_pending(dossier, before=None, after=dossier.due_at)  # the clock runs again
    if dossier.current_step is not None:
        _enter_step(dossier, dossier.current_step, due.clock_start)
    dossier.version += 1
    dossier.save()
    event = record_event(
        dossier=dossier,
        type=EventType.SUPPLEMENT_RECEIVED,
        actor=actor,
        at=at,
        from_status=from_status,
        note=nfc(note),
        data={"due_at": due.due_at.isoformat(), "explanation": list(due.explanation)},
    )
    _log_due_change(
        dossier=dossier,
        event=event,
        cause=DueDateChange.Cause.SUPPLEMENT_RESTART,
        before=before,
        article=ARTICLE_SUPPLEMENT,
        actor=actor,
        at=at,
    )
    return dossier


@transaction.atomic
def close_expired_supplement(*, dossier: Dossier, at: datetime) -> Dossier:
    """Close a dossier whose supplement was not completed in time (Decree 118 Art 19(5)).

    Run by the periodic task; the system is the actor. National status 8 (Dừng xử lý).
    """
    dossier = _lock(dossier, None)
    if dossier.status != DossierStatus.AWAITING_SUPPLEMENT or not dossier.supplement_expires_at:
        return dossier
    if at <= dossier.supplement_expires_at:
        return dossier
    from_status = dossier.status
    dossier.status = DossierStatus.STOPPED
    dossier.closed_at = at
    counters.count_closed(dossier, at=at, column="stopped", was_pending=False)
    _enter_step(dossier, None, at)
    dossier.version += 1
    dossier.save()
    record_event(
        dossier=dossier,
        type=EventType.SUPPLEMENT_EXPIRED,
        actor=None,
        at=at,
        from_status=from_status,
        data={"article": ARTICLE_SUPPLEMENT},
    )
    return dossier


@transaction.atomic
def extend_due_date(
    *,
    dossier: Dossier,
    actor: Any,
    at: datetime,
    new_due_at: datetime,
    reason: str,
    expected_version: int | None = None,
) -> Dossier:
    """Extend the time limit once, with an apology to the applicant (Decree 118 Art 19(6)).

    The agency leader asks at least one day before the due date, states the reason and the new
    date; only one extension is allowed. The desk updates the due date and notifies the applicant.
    """
    from motcua.organisations.models import Role
    from motcua.organisations.selectors import agency_ids_for

    reason = nfc(reason)
    if not reason:
        raise InvalidInput(_("Vui lòng nêu lý do gia hạn."), field="reason")
    dossier = _lock(dossier, expected_version)
    if dossier.competent_agency_id not in agency_ids_for(user=actor, roles={Role.LEADER, Role.UNIT_HEAD}):
        raise NotAllowed(_("Chỉ lãnh đạo cơ quan giải quyết mới được đề nghị gia hạn."))
    if dossier.status not in (DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS) or dossier.due_at is None:
        raise NotAllowed(_("Hồ sơ ở trạng thái này không thể gia hạn."))
    check = clock.extension_check(due_at=dossier.due_at, at=at, extensions_so_far=dossier.extension_count)
    if not check.allowed:
        raise NotAllowed(check.reason, code="extension_not_allowed")
    if new_due_at <= dossier.due_at:
        raise InvalidInput(_("Ngày hẹn mới phải sau ngày hẹn hiện tại."), field="new_due_at")
    before = dossier.due_at
    dossier.due_at = new_due_at
    counters.move_pending(dossier, before=before, after=new_due_at)
    dossier.extension_count += 1
    dossier.version += 1
    dossier.save()
    event = record_event(
        dossier=dossier,
        type=EventType.EXTENDED,
        actor=actor,
        at=at,
        from_status=dossier.status,
        note=reason,
        data={"before": before.isoformat(), "after": new_due_at.isoformat(), "article": ARTICLE_EXTENSION},
    )
    _log_due_change(
        dossier=dossier,
        event=event,
        cause=DueDateChange.Cause.EXTENSION,
        before=before,
        article=ARTICLE_EXTENSION,
        actor=actor,
        at=at,
    )
    return dossier


@transaction.atomic
def request_financial_obligation(
    *,
    dossier: Dossier,
    actor: Any,
    at: datetime,
    amount_vnd: int,
    note: str = "",
    expected_version: int | None = None,
) -> Dossier:
    """Ask the applicant to pay fees or taxes; the clock pauses until payment (Decree 118 Art 24)."""
    if amount_vnd <= 0:
        raise InvalidInput(_("Số tiền phải lớn hơn 0."), field="amount_vnd")
    dossier = _lock(dossier, expected_version)
    _ensure_step_actor(actor, dossier, _("Bạn không thể yêu cầu nghĩa vụ tài chính ở bước hiện tại."))
    ensure_allowed(dossier.status, DossierStatus.AWAITING_PAYMENT)
    from_status = dossier.status
    dossier.status = DossierStatus.AWAITING_PAYMENT
    dossier.paused_at = at
    counters.move_pending(dossier, before=dossier.due_at, after=None)  # the clock pauses
    dossier.version += 1
    dossier.save()
    record_event(
        dossier=dossier,
        type=EventType.PAYMENT_REQUESTED,
        actor=actor,
        at=at,
        from_status=from_status,
        note=nfc(note),
        data={"amount_vnd": amount_vnd, "article": ARTICLE_FINANCIAL},
    )
    return dossier


@transaction.atomic
def record_payment(
    *, dossier: Dossier, actor: Any, at: datetime, reference: str, expected_version: int | None = None
) -> Dossier:
    """Record that the financial obligation was met; the due date moves by the working time paused."""
    dossier = _lock(dossier, expected_version)
    if dossier.status != DossierStatus.AWAITING_PAYMENT or dossier.paused_at is None:
        raise NotAllowed(_("Hồ sơ không chờ thực hiện nghĩa vụ tài chính."))
    if not (_may_receive_supplement(actor, dossier) or can_act_on_step(actor, dossier)):
        raise NotAllowed(_("Bạn không thể xác nhận nghĩa vụ tài chính của hồ sơ này."))
    before = dossier.due_at
    if before is not None:
        dossier.due_at = clock.resume_after_pause(due_at=before, paused_at=dossier.paused_at, resumed_at=at)
    counters.move_pending(dossier, before=None, after=dossier.due_at)
    from_status = dossier.status
    dossier.status = DossierStatus.IN_PROGRESS
    dossier.paused_at = None
    dossier.version += 1
    dossier.save()
    event = record_event(
        dossier=dossier,
        type=EventType.PAYMENT_RECORDED,
        actor=actor,
        at=at,
        from_status=from_status,
        note=nfc(reference),
        data={"article": ARTICLE_FINANCIAL},
    )
    _log_due_change(
        dossier=dossier,
        event=event,
        cause=DueDateChange.Cause.PAUSE,
        before=before,
        article=ARTICLE_FINANCIAL,
        actor=actor,
        at=at,
    )
    return dossier


@transaction.atomic
def recompute_due_date(*, dossier: Dossier, actor: Any, at: datetime) -> Dossier:
    """Recompute an open dossier's due instant on the current calendar, recording the change.

    A calendar edit never moves existing due dates by itself; an administrator runs this
    deliberately (`motcua recompute_due_dates`), and every moved date records its cause.
    """
    dossier = _lock(dossier, None)
    if dossier.clock_started_at is None or dossier.status not in (
        DossierStatus.RECEIVED,
        DossierStatus.IN_PROGRESS,
    ):
        return dossier
    if dossier.extension_count:
        return dossier  # an extended date was set by a decision, not by arithmetic
    new_due = clock.due_from_start(version=dossier.procedure_version, start=dossier.clock_started_at)
    if new_due == dossier.due_at:
        return dossier
    before = dossier.due_at
    dossier.due_at = new_due
    counters.move_pending(dossier, before=before, after=new_due)
    dossier.version += 1
    dossier.save()
    event = record_event(
        dossier=dossier,
        type=EventType.DUE_RECOMPUTED,
        actor=actor,
        at=at,
        from_status=dossier.status,
        is_public=True,
        data={"before": before.isoformat() if before else None, "after": new_due.isoformat()},
    )
    _log_due_change(
        dossier=dossier,
        event=event,
        cause=DueDateChange.Cause.CALENDAR,
        before=before,
        article="Lịch làm việc do UBND tỉnh công bố",
        actor=actor,
        at=at,
    )
    return dossier


def _require_roles_at(actor: Any, agency_id: int, roles: set[str], message: str) -> None:
    from motcua.organisations.selectors import agency_ids_for

    if agency_id not in agency_ids_for(user=actor, roles=roles):
        raise NotAllowed(message)


@transaction.atomic
def send_back(
    *,
    dossier: Dossier,
    actor: Any,
    at: datetime,
    note: str,
    expected_version: int | None = None,
    to_step: ProcessStep | int | None = None,
) -> Dossier:
    """Return the dossier to an earlier processing step with the reason (not to the desk).

    The step's `back` moves of the approved internal process say where (Decree 118/2025/NĐ-CP
    Art 12(3), Art 38(1)(d)); with several, the officer chooses `to_step`. A step without `back`
    moves returns the dossier to the previous processing step by order.
    """
    note = nfc(note)
    if not note:
        raise InvalidInput(_("Vui lòng ghi rõ lý do trả lại."), field="note")
    dossier = _lock(dossier, expected_version)
    _ensure_step_actor(actor, dossier, _("Bạn không thể trả lại hồ sơ ở bước hiện tại."))
    step = dossier.current_step
    allowed: list[ProcessStep] = []
    if step is not None and dossier.status == DossierStatus.IN_PROGRESS:
        allowed = move_targets(step, MoveKind.BACK)
        if not allowed:
            fallback = (
                ProcessStep.objects.filter(process_id=step.process_id, order__lt=step.order)
                .exclude(kind=ProcessStep.Kind.RECEIVE)
                .order_by("-order")
                .first()
            )
            allowed = [fallback] if fallback else []
    previous = _choose_target(step, allowed, to_step) if step is not None and allowed else None
    if previous is None:
        raise NotAllowed(_("Không có bước xử lý trước để trả lại."))
    data: dict[str, Any] = {
        "step_due_at_before": dossier.step_due_at.isoformat() if dossier.step_due_at else None
    }
    if len(allowed) > 1:
        data.update(chosen_step=previous.order, choices=[s.order for s in allowed], article=ARTICLE_PROCESS)
    _enter_step(dossier, previous, at)
    dossier.version += 1
    dossier.save()
    record_event(
        dossier=dossier,
        type=EventType.STEP_RETURNED,
        actor=actor,
        at=at,
        from_status=dossier.status,
        step_name=step.name if step else "",
        note=note,
        is_public=False,
        data={**data, **_step_data(dossier)},
    )
    return dossier


@transaction.atomic
def assign_dossier(*, dossier: Dossier, actor: Any, assignee: Any, at: datetime) -> Dossier:
    """Give the dossier's current step to one officer (a unit head assigns; an officer may claim)."""
    from motcua.organisations.models import Role
    from motcua.organisations.selectors import agency_ids_for

    dossier = _lock(dossier, None)
    step = dossier.current_step
    agency_id = working_agency_id(dossier)
    if step is None or step.kind in DESK_STEPS or DossierStatus(dossier.status) in CLOSED:
        raise NotAllowed(_("Hồ sơ không ở bước có thể phân công."))
    is_head = agency_id in agency_ids_for(user=actor, roles={Role.UNIT_HEAD, Role.LEADER})
    if not (is_head or (assignee == actor and agency_id in agency_ids_for(user=actor, roles={step.role}))):
        raise NotAllowed(_("Bạn không thể phân công hồ sơ này."))
    if agency_id not in agency_ids_for(user=assignee, roles={step.role}):
        raise InvalidInput(_("Cán bộ được giao không giữ vai trò của bước này."), field="assignee")
    dossier.assignee = assignee
    dossier.version += 1
    dossier.save(update_fields=["assignee", "version"])
    record_event(
        dossier=dossier,
        type=EventType.ASSIGNED,
        actor=actor,
        at=at,
        from_status=dossier.status,
        step_name=step.name,
        note=str(assignee),
        is_public=False,
        data={"assignee": assignee.pk},
    )
    return dossier


@transaction.atomic
def consult_agencies(
    *, dossier: Dossier, actor: Any, agencies: list[Any], question: str, working_days: int, at: datetime
) -> list[Consultation]:
    """Ask other agencies for their opinion in parallel, each with its own deadline (Art 19(4)).

    Only from a step whose approved internal process has a consult move (Art 12(3), Art 38(1)(d)).
    """
    question = nfc(question)
    if not question or not agencies:
        raise InvalidInput(_("Vui lòng chọn cơ quan và nêu nội dung cần lấy ý kiến."), field="question")
    if not 1 <= working_days <= 30:
        raise InvalidInput(_("Thời hạn trả lời từ 1 đến 30 ngày làm việc."), field="working_days")
    dossier = _lock(dossier, None)
    _ensure_step_actor(actor, dossier, _("Bạn không thể lấy ý kiến ở bước hiện tại."))
    _ensure_move_allowed(
        dossier.current_step,
        MoveKind.CONSULT,
        _(
            "Quy trình nội bộ đã phê duyệt không cho phép lấy ý kiến cơ quan khác ở bước này "
            "(Nghị định 118/2025/NĐ-CP Điều 19 khoản 4, Điều 38 khoản 1 điểm d)."
        ),
    )
    _ensure_agencies_in_process(dossier.current_step, MoveKind.CONSULT, agencies)
    due = clock.working_days_after(start=at, working_days=working_days)
    created = [
        Consultation.objects.create(
            dossier=dossier, agency=agency, question=question, asked_by=actor, asked_at=at, due_at=due
        )
        for agency in agencies
        if agency.pk != working_agency_id(dossier)
    ]
    if not created:
        raise InvalidInput(_("Không lấy ý kiến chính cơ quan đang xử lý."), field="agencies")
    record_event(
        dossier=dossier,
        type=EventType.CONSULTED,
        actor=actor,
        at=at,
        from_status=dossier.status,
        note=question,
        is_public=False,
        data={
            "agencies": [c.agency_id for c in created],
            "due_at": due.isoformat(),
            "article": "Nghị định 118/2025/NĐ-CP, Điều 19 khoản 4",
        },
    )
    return created


@transaction.atomic
def answer_consultation(*, consultation: Consultation, actor: Any, answer: str, at: datetime) -> Consultation:
    """Record the consulted agency's answer; the trail stays with the dossier (Art 19(4))."""
    from motcua.organisations.models import Role

    answer = nfc(answer)
    if not answer:
        raise InvalidInput(_("Vui lòng nhập ý kiến trả lời."), field="answer")
    dossier = _lock(consultation.dossier, None)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.answered_at is not None:
        raise NotAllowed(_("Cơ quan đã trả lời ý kiến này."))
    _require_roles_at(
        actor,
        consultation.agency_id,
        {Role.SPECIALIST, Role.UNIT_HEAD, Role.LEADER},
        _("Bạn không thuộc cơ quan được lấy ý kiến."),
    )
    consultation.answer, consultation.answered_by, consultation.answered_at = answer, actor, at
    consultation.save(update_fields=["answer", "answered_by", "answered_at"])
    record_event(
        dossier=dossier,
        type=EventType.CONSULTATION_ANSWERED,
        actor=actor,
        at=at,
        from_status=dossier.status,
        note=answer,
        is_public=False,
        data={"agency": consultation.agency_id, "late": at > consultation.due_at},
    )
    return consultation


@transaction.atomic
def transfer_dossier(
    *, dossier: Dossier, actor: Any, to_agency: Any, task: str, working_days: int, at: datetime
) -> Transfer:
    """Hand part of the work to another agency (liên thông, Decree 118 Art 20(2)); the dossier keeps its
    code and competent agency, so it is counted once.

    Only from a step whose approved internal process has a transfer move (Art 12(3), Art 38(1)(d)).
    """
    from motcua.organisations.models import Role

    task = nfc(task)
    if not task:
        raise InvalidInput(_("Vui lòng nêu nội dung công việc chuyển xử lý."), field="task")
    if not 1 <= working_days <= 60:
        raise InvalidInput(_("Thời hạn từ 1 đến 60 ngày làm việc."), field="working_days")
    dossier = _lock(dossier, None)
    current = working_agency_id(dossier)
    _require_roles_at(
        actor, current, {Role.LEADER, Role.UNIT_HEAD}, _("Chỉ lãnh đạo mới chuyển xử lý liên thông.")
    )
    if to_agency.pk == current or dossier.status not in (DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS):
        raise NotAllowed(_("Không thể chuyển hồ sơ này cho cơ quan đã chọn."))
    _ensure_move_allowed(
        dossier.current_step,
        MoveKind.TRANSFER,
        _(
            "Quy trình nội bộ đã phê duyệt không cho phép chuyển xử lý liên thông ở bước này "
            "(Nghị định 118/2025/NĐ-CP Điều 20 khoản 2, Điều 38 khoản 1 điểm d)."
        ),
    )
    _ensure_agencies_in_process(dossier.current_step, MoveKind.TRANSFER, [to_agency])
    transfer = Transfer.objects.create(
        dossier=dossier,
        from_agency_id=current,
        to_agency=to_agency,
        task=task,
        sent_by=actor,
        sent_at=at,
        due_at=clock.working_days_after(start=at, working_days=working_days),
    )
    dossier.handling_agency = to_agency
    dossier.assignee = None
    dossier.version += 1
    dossier.save(update_fields=["handling_agency", "assignee", "version"])
    record_event(
        dossier=dossier,
        type=EventType.TRANSFERRED,
        actor=actor,
        at=at,
        from_status=dossier.status,
        note=task,
        data={
            "to_agency": to_agency.pk,
            "due_at": transfer.due_at.isoformat(),
            "article": "Nghị định 118/2025/NĐ-CP, Điều 20 khoản 2",
        },
    )
    return transfer


@transaction.atomic
def return_transfer(*, transfer: Transfer, actor: Any, result_note: str, at: datetime) -> Transfer:
    """The receiving agency finishes its part and hands the dossier back to the sender."""
    from motcua.organisations.models import Role

    dossier = _lock(transfer.dossier, None)
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.returned_at is not None or dossier.handling_agency_id != transfer.to_agency_id:
        raise NotAllowed(_("Việc chuyển xử lý này đã hoàn thành."))
    _require_roles_at(
        actor,
        transfer.to_agency_id,
        {Role.LEADER, Role.UNIT_HEAD, Role.SPECIALIST},
        _("Bạn không thuộc cơ quan nhận chuyển xử lý."),
    )
    transfer.returned_at, transfer.result_note = at, nfc(result_note)
    transfer.save(update_fields=["returned_at", "result_note"])
    origin = transfer.from_agency_id
    dossier.handling_agency_id = None if origin == dossier.competent_agency_id else origin
    dossier.version += 1
    dossier.save(update_fields=["handling_agency", "version"])
    record_event(
        dossier=dossier,
        type=EventType.TRANSFER_RETURNED,
        actor=actor,
        at=at,
        from_status=dossier.status,
        note=transfer.result_note,
        data={"from_agency": transfer.to_agency_id, "late": at > transfer.due_at},
    )
    return transfer


def _is_applicant(actor: Any, dossier: Dossier) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and dossier.applicant_id == actor.pk)


@transaction.atomic
def withdraw_dossier(*, dossier: Dossier, actor: Any, at: datetime, reason: str = "") -> Dossier:
    """Withdraw the dossier at the applicant's request, recorded by the applicant or the desk (Art 21).

    National status 7; the clock stops and the dossier leaves the pending count.
    """
    dossier = _lock(dossier, None)
    if not (_is_applicant(actor, dossier) or _may_receive_supplement(actor, dossier)):
        raise NotAllowed(_("Chỉ người nộp hoặc Bộ phận Một cửa mới rút được hồ sơ."))
    ensure_allowed(dossier.status, DossierStatus.WITHDRAWN)
    return _close(
        dossier,
        actor=actor,
        at=at,
        status=DossierStatus.WITHDRAWN,
        event=EventType.WITHDRAWN,
        column="withdrawn",
        note=reason,
    )


@transaction.atomic
def stop_dossier(*, dossier: Dossier, actor: Any, at: datetime, reason: str) -> Dossier:
    """Stop processing at the applicant's request before the decision is issued (Decree 118 Art 21)."""
    reason = nfc(reason)
    if not reason:
        raise InvalidInput(_("Vui lòng ghi rõ lý do dừng giải quyết."), field="reason")
    dossier = _lock(dossier, None)
    if not (_is_applicant(actor, dossier) or _may_receive_supplement(actor, dossier)):
        raise NotAllowed(_("Chỉ người nộp hoặc Bộ phận Một cửa mới dừng được hồ sơ."))
    ensure_allowed(dossier.status, DossierStatus.STOPPED)
    return _close(
        dossier,
        actor=actor,
        at=at,
        status=DossierStatus.STOPPED,
        event=EventType.STOPPED,
        column="stopped",
        note=reason,
    )


def _close(
    dossier: Dossier, *, actor: Any, at: datetime, status: int, event: EventType, column: str, note: str
) -> Dossier:
    from_status = dossier.status
    was_pending = from_status in (DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS)
    if from_status != DossierStatus.SUBMITTED:
        counters.count_closed(dossier, at=at, column=column, was_pending=was_pending)
    dossier.status = status
    dossier.closed_at = at
    _enter_step(dossier, None, at)
    dossier.version += 1
    dossier.save()
    record_event(
        dossier=dossier,
        type=event,
        actor=actor,
        at=at,
        from_status=from_status,
        note=nfc(note),
        data={
            "counted": from_status != DossierStatus.SUBMITTED,
            "article": "Nghị định 118/2025/NĐ-CP, Điều 21",
        },
    )
    return dossier


@transaction.atomic
def request_correction(*, dossier: Dossier, actor: Any, at: datetime, error: str) -> Dossier:
    """Record an error found in a returned result; it must be corrected within 3 working days (Art 23(1))."""
    error = nfc(error)
    if not error:
        raise InvalidInput(_("Vui lòng mô tả sai sót của kết quả."), field="error")
    dossier = _lock(dossier, None)
    if dossier.status != DossierStatus.RETURNED or dossier.correction_due_at is not None:
        raise NotAllowed(_("Chỉ yêu cầu đính chính một kết quả đã trả và chưa đang đính chính."))
    if not (_is_applicant(actor, dossier) or _may_receive_supplement(actor, dossier)):
        raise NotAllowed(_("Chỉ người nộp hoặc Bộ phận Một cửa mới yêu cầu đính chính."))
    dossier.correction_due_at = clock.correction_deadline(reported_at=at)
    dossier.version += 1
    dossier.save(update_fields=["correction_due_at", "version"])
    record_event(
        dossier=dossier,
        type=EventType.CORRECTION_REQUESTED,
        actor=actor,
        at=at,
        from_status=dossier.status,
        note=error,
        data={
            "due_at": dossier.correction_due_at.isoformat(),
            "article": "Nghị định 118/2025/NĐ-CP, Điều 23 khoản 1",
        },
    )
    return dossier


@transaction.atomic
def complete_correction(*, dossier: Dossier, actor: Any, at: datetime, note: str) -> Dossier:
    """Record the corrected result, issued by the competent agency at its own cost (Art 23(1))."""
    from motcua.organisations.models import Role

    dossier = _lock(dossier, None)
    if dossier.correction_due_at is None:
        raise NotAllowed(_("Hồ sơ không có yêu cầu đính chính."))
    _require_roles_at(
        actor,
        dossier.competent_agency_id,
        {Role.LEADER, Role.CLERK, Role.SPECIALIST},
        _("Bạn không thuộc cơ quan giải quyết hồ sơ."),
    )
    late = at > dossier.correction_due_at
    dossier.correction_due_at = None
    dossier.version += 1
    dossier.save(update_fields=["correction_due_at", "version"])
    record_event(
        dossier=dossier,
        type=EventType.CORRECTED,
        actor=actor,
        at=at,
        from_status=dossier.status,
        note=nfc(note),
        data={"late": late},
    )
    return dossier
