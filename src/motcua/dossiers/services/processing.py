"""Processing: steps, supplements, extensions, financial obligations, recomputation (Art 19, 24)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

import structlog

from motcua.catalog.models import ProcessStep
from motcua.core.errors import InvalidInput, NotAllowed
from motcua.core.text import nfc
from motcua.core.timeutil import local
from motcua.dossiers import clock, counters
from motcua.dossiers.models import Dossier, DueDateChange, EventType
from motcua.dossiers.permissions import can_act_on_step
from motcua.dossiers.transitions import DossierStatus, ensure_allowed

from ._common import (
    ARTICLE_EXTENSION,
    ARTICLE_FINANCIAL,
    ARTICLE_SUPPLEMENT,
    _ensure_step_actor,
    _enter_step,
    _lock,
    _log_due_change,
    _may_receive_supplement,
    _next_step,
    _step_data,
    record_event,
)

logger = structlog.get_logger(__name__)


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
        following = None
    _enter_step(dossier, following, at)
    data.update(_step_data(dossier))
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
    the clock stops, and the dossier is closed if not completed within 15 days.
    """
    missing = nfc(missing)
    if not missing:
        raise InvalidInput(_("Vui lòng ghi rõ các giấy tờ, nội dung cần bổ sung."), field="missing")
    dossier = _lock(dossier, expected_version)
    _ensure_step_actor(actor, dossier, _("Bạn không thể yêu cầu bổ sung hồ sơ này ở bước hiện tại."))
    ensure_allowed(dossier.status, DossierStatus.AWAITING_SUPPLEMENT)
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
