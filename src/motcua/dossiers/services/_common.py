"""Shared parts of the dossier services: the event log, row locking, step hand-over."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

import structlog

from motcua.catalog.models import MoveKind, ProcedureVersion, ProcessStep, RequiredPaper
from motcua.core.errors import Conflict, InvalidInput, NotAllowed
from motcua.core.outbox import enqueue_with
from motcua.core.rows import Batch, insert
from motcua.core.text import nfc
from motcua.core.timeutil import local
from motcua.documents.uploads import CheckedUpload
from motcua.dossiers import clock
from motcua.dossiers.audit import GENESIS, canonical_content, chain_hash
from motcua.dossiers.models import Dossier, DossierEvent, DueDateChange, EventType
from motcua.dossiers.permissions import (
    can_act_on_step,
    move_agencies,
    move_targets,
    step_after,
    step_allows,
)
from motcua.dossiers.tasks import notify_applicant_task

logger = structlog.get_logger(__name__)

ARTICLE_CLOCK_START = "Nghị định 118/2025/NĐ-CP, Điều 17 khoản 3, Điều 18 khoản 2"
ARTICLE_SUPPLEMENT = "Nghị định 118/2025/NĐ-CP, Điều 19 khoản 5"
ARTICLE_EXTENSION = "Nghị định 118/2025/NĐ-CP, Điều 19 khoản 6"
ARTICLE_FINANCIAL = "Nghị định 118/2025/NĐ-CP, Điều 24"
ARTICLE_PROCESS = "Nghị định 118/2025/NĐ-CP, Điều 12 khoản 3, Điều 38 khoản 1 điểm d"


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


def new_event(
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
    previous: tuple[int, str] | None = None,
) -> DossierEvent:
    """Return the next event of the dossier's history, chained to `previous` (its seq and hash;
    None for the first event), not yet written."""
    seq = previous[0] + 1 if previous else 1
    prev_hash = previous[1] if previous else GENESIS
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
    return DossierEvent(
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


def notify_applicant(event: DossierEvent, *, batch: Batch | None = None) -> None:
    """Queue the notice of a public event to the applicant: a task row in this same transaction
    (with the batch's rows when given), so the notice goes out only if the change commits."""
    dossier = event.dossier
    if not (event.is_public and (dossier.applicant_email or dossier.applicant_phone)):
        return
    if batch is not None:
        enqueue_with(batch, notify_applicant_task, dossier_code=dossier.code, seq=event.seq)
    else:
        notify_applicant_task.enqueue(dossier_code=dossier.code, seq=event.seq)


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
    last = DossierEvent.objects.filter(dossier=dossier).order_by("-seq").values_list("seq", "hash").first()
    event = insert(
        new_event(
            dossier=dossier,
            type=type,
            actor=actor,
            at=at,
            from_status=from_status,
            step_name=step_name,
            note=note,
            data=data,
            is_public=is_public,
            previous=last,
        )
    )
    notify_applicant(event)
    return event


def _first_step(version: ProcedureVersion) -> ProcessStep:
    steps = version.process.steps.all()
    if "steps" in getattr(version.process, "_prefetched_objects_cache", {}):
        step = min(steps, key=lambda s: (s.order, s.pk), default=None)
    else:
        step = steps.order_by("order").first()
    if step is None:
        raise NotAllowed(_("Thủ tục chưa có quy trình nội bộ được phê duyệt."))
    return step


def _next_step(step: ProcessStep) -> ProcessStep | None:
    """Return the step after this one: the target of its `next` move (the earliest if it branches).

    A step without `next` moves (processes made before moves existed, generated benchmark data)
    is followed by the next step by order.
    """
    targets = move_targets(step, MoveKind.NEXT)
    if targets:
        return targets[0]
    return _following_by_order(step)


def _following_by_order(step: ProcessStep) -> ProcessStep | None:
    return step_after(step)


def _choose_target(
    step: ProcessStep, allowed: list[ProcessStep], chosen: ProcessStep | int | None
) -> ProcessStep | None:
    """Return the step the dossier moves to: the only one allowed, or the officer's choice among several.

    The approved internal process is the rule (Decree 118/2025/NĐ-CP Art 12(3), Art 38(1)(d)): a
    choice outside the allowed steps, or no choice where the process branches, changes nothing.
    """
    chosen_id = chosen.pk if isinstance(chosen, ProcessStep) else chosen
    names = ", ".join(s.name for s in allowed)
    if chosen_id is not None:
        match = next((s for s in allowed if s.pk == chosen_id), None)
        if match is None:
            raise InvalidInput(
                _(
                    "Bước được chọn không thuộc quy trình nội bộ đã phê duyệt cho bước “%(step)s”. "
                    "Chỉ được chuyển đến: %(names)s."
                )
                % {"step": step.name, "names": names or "—"},
                field="to_step",
            )
        return match
    if len(allowed) > 1:
        raise InvalidInput(
            _("Quy trình nội bộ cho phép chuyển hồ sơ đến nhiều bước; vui lòng chọn một trong: %(names)s.")
            % {"names": names},
            field="to_step",
        )
    return allowed[0] if allowed else None


def _ensure_move_allowed(step: ProcessStep | None, kind: str, message: str) -> None:
    """Refuse a supplement, consultation or transfer the approved process does not allow from the step.

    A process without any moves (made before moves existed) keeps allowing them, as before.
    """
    if step is not None and not step_allows(step, kind):
        raise NotAllowed(message, code="not_in_process")


def _ensure_agencies_in_process(step: ProcessStep | None, kind: str, agencies: list[Any]) -> None:
    """Refuse agencies outside those the approved process names for the step's consult or transfer
    moves (Decree 118/2025/NĐ-CP Art 38(1)(d)); moves that name no agency allow any."""
    named = move_agencies(step, kind) if step is not None else None
    if named is None:
        return
    outside = [a for a in agencies if a.pk not in named]
    if outside:
        raise NotAllowed(
            _("Quy trình nội bộ đã phê duyệt không có bước chuyển đến: %(names)s.")
            % {"names": "; ".join(a.name for a in outside)},
            code="not_in_process",
        )


def _lock(dossier: Dossier, expected_version: int | None, *related: str) -> Dossier:
    """Lock the dossier's row (with `related` rows read alongside); a stale version is a conflict."""
    locked = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("current_step", *related)
        .get(pk=dossier.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(
            _("Hồ sơ %(code)s vừa được người khác cập nhật. Vui lòng tải lại trang và thử lại.")
            % {"code": locked.code}
        )
    return locked


def _step_data(dossier: Dossier) -> dict[str, Any]:
    """Return the step the dossier now waits at and its due instant, for the event log."""
    step = dossier.current_step
    return {
        "next_step": step.name if step else None,
        "next_step_due_at": dossier.step_due_at.isoformat() if dossier.step_due_at else None,
    }


def _enter_step(dossier: Dossier, step: ProcessStep | None, at: datetime) -> None:
    dossier.current_step = step
    dossier.step_started_at = at if step else None
    dossier.step_due_at = clock.step_due(started_at=at, allotted_hours=step.allotted_hours) if step else None


def due_change(
    *,
    dossier: Dossier,
    event: DossierEvent,
    cause: str,
    before: datetime | None,
    article: str,
    actor: Any,
    at: datetime,
) -> DueDateChange | None:
    """Return the record of why the due instant moved (design rule 4), not yet written; None
    when it did not move."""
    if dossier.due_at is None or dossier.due_at == before:
        return None
    return DueDateChange(
        dossier=dossier,
        event=event,
        cause=cause,
        article=article,
        before=before,
        after=dossier.due_at,
        at=at,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _log_due_change(
    *,
    dossier: Dossier,
    event: DossierEvent,
    cause: str,
    before: datetime | None,
    article: str,
    actor: Any,
    at: datetime,
) -> None:
    change = due_change(
        dossier=dossier, event=event, cause=cause, before=before, article=article, actor=actor, at=at
    )
    if change is not None:
        insert(change)


def _ensure_step_actor(actor: Any, dossier: Dossier, message: str) -> None:
    if not can_act_on_step(actor, dossier):
        raise NotAllowed(message)


def _may_receive_supplement(actor: Any, dossier: Dossier) -> bool:
    if getattr(actor, "is_authenticated", False) and dossier.applicant_id == actor.pk:
        return True
    from motcua.organisations.models import Role
    from motcua.organisations.selectors import centre_ids_for

    return dossier.receiving_centre_id in centre_ids_for(user=actor, roles={Role.DESK_OFFICER})
