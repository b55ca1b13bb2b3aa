"""Who may act on a dossier now: small predicates used by pages, the API and services alike."""

from __future__ import annotations

from typing import Any

from motcua.catalog.models import MoveKind, ProcessMove, ProcessStep
from motcua.organisations import selectors as org
from motcua.organisations.models import Role

from .models import Dossier
from .transitions import CLOSED, DossierStatus

DESK_STEPS = {ProcessStep.Kind.RECEIVE, ProcessStep.Kind.RETURN}


def can_act_on_step(user: Any, dossier: Dossier) -> bool:
    """Return whether the user holds the role of the dossier's current step at the right place.

    Desk steps (receive, return) belong to the desk officers of the receiving service centre; the
    other steps to the holders of the step's role in the competent agency.
    """
    if not getattr(user, "is_authenticated", False) or user.is_citizen:
        return False
    if DossierStatus(dossier.status) in CLOSED or dossier.current_step is None:
        return False
    step = dossier.current_step
    if step.kind in DESK_STEPS:
        # the result is returned where the applicant chose to collect it (Decree 118 Art 20)
        centre_id = dossier.receiving_centre_id
        if step.kind == ProcessStep.Kind.RETURN and dossier.return_centre_id:
            centre_id = dossier.return_centre_id
        return centre_id in org.centre_ids_for(user=user, roles={Role.DESK_OFFICER})
    return working_agency_id(dossier) in org.agency_ids_for(user=user, roles={step.role})


def working_agency_id(dossier: Dossier) -> int:
    """Return the agency doing the work now: the transfer's recipient, else the competent agency."""
    return dossier.handling_agency_id or dossier.competent_agency_id


def can_refuse(user: Any, dossier: Dossier) -> bool:
    """Return whether the user may refuse the dossier at intake (a desk officer, before receipt)."""
    return dossier.status == DossierStatus.SUBMITTED and can_act_on_step(user, dossier)


def can_request_supplement(user: Any, dossier: Dossier) -> bool:
    """Return whether the user handles the current step of a dossier under processing, and the
    approved internal process allows a supplement request from that step (Art 19(5), Art 38(1)(d))."""
    return (
        dossier.status in (DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS)
        and can_act_on_step(user, dossier)
        and dossier.current_step is not None
        and step_allows(dossier.current_step, MoveKind.SUPPLEMENT)
    )


def can_receive_supplement(user: Any, dossier: Dossier) -> bool:
    """Return whether the user is a desk officer of the receiving centre of a dossier awaiting supplement."""
    if dossier.status != DossierStatus.AWAITING_SUPPLEMENT or not getattr(user, "is_authenticated", False):
        return False
    return dossier.receiving_centre_id in org.centre_ids_for(user=user, roles={Role.DESK_OFFICER})


def can_extend(user: Any, dossier: Dossier) -> bool:
    """Return whether the user leads the competent agency and the dossier may still be extended."""
    if dossier.status not in (DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS) or dossier.extension_count:
        return False
    return dossier.competent_agency_id in org.agency_ids_for(user=user, roles={Role.LEADER, Role.UNIT_HEAD})


def is_leader_here(user: Any, dossier: Dossier) -> bool:
    """Return whether the user leads (unit head or leader) the agency working on the dossier now."""
    return working_agency_id(dossier) in org.agency_ids_for(user=user, roles={Role.LEADER, Role.UNIT_HEAD})


def is_desk_of(user: Any, dossier: Dossier) -> bool:
    """Return whether the user is a desk officer where the dossier was received or is returned."""
    centres = org.centre_ids_for(user=user, roles={Role.DESK_OFFICER})
    return dossier.receiving_centre_id in centres or dossier.return_centre_id in centres


def step_allows(step: ProcessStep, kind: str) -> bool:
    """Return whether the approved internal process allows a move of this kind from the step.

    Decree 118/2025/NĐ-CP Art 38(1)(d): the approved process is the rule. Once a process has moves,
    a step allows a supplement, consultation or transfer only through a move of that kind; a process
    without any moves (made before moves existed) allows them everywhere, as before.
    """
    rows = _process_moves(step)
    kinds = {k for step_id, k, _agency in rows if step_id == step.pk}
    return kind in kinds or not rows


def process_steps(step: ProcessStep) -> list[ProcessStep] | None:
    """Return the steps of the step's process in order when they were read with it, else None.

    A version read for intake (`catalog.selectors.get_version_for_intake`) carries its process's
    steps and their moves: the graph questions below then cost no query.
    """
    if not ProcessStep.process.is_cached(step):
        return None
    steps = getattr(step.process, "_prefetched_objects_cache", {}).get("steps")
    if steps is None or any("moves" not in getattr(s, "_prefetched_objects_cache", {}) for s in steps):
        return None
    return list(steps)


def _process_moves(step: ProcessStep) -> list[tuple[int, str, int | None]]:
    """The moves of the step's whole process as (step, kind, agency), read once per step object
    (a page asks several questions of the same step)."""
    cached: list[tuple[int, str, int | None]] | None = getattr(step, "_process_moves", None)
    if cached is None:
        steps = process_steps(step)
        if steps is not None:
            cached = [(s.pk, m.kind, m.agency_id) for s in steps for m in s.moves.all()]
        else:
            cached = list(
                ProcessMove.objects.filter(step__process_id=step.process_id).values_list(
                    "step_id", "kind", "agency_id"
                )
            )
        step._process_moves = cached  # type: ignore[attr-defined]
    return cached


def move_agencies(step: ProcessStep, kind: str) -> set[int] | None:
    """Return the agencies the approved process names for the step's consult or transfer moves.

    None when any agency may be chosen: the process has no moves, or one of the step's moves of
    that kind names no agency. Decree 118/2025/NĐ-CP Art 38(1)(d): the approved process decides
    which agencies take part (Art 19(4) consultations, Art 20(2) inter-agency transfers).
    """
    rows = _process_moves(step)
    named = [agency for step_id, k, agency in rows if step_id == step.pk and k == kind]
    if not rows or not named or None in named:
        return None
    return {agency for agency in named if agency is not None}


def move_targets(step: ProcessStep, kind: str) -> list[ProcessStep]:
    """Return the steps the approved process lets a dossier move to from `step` by `next` or `back` moves.

    Back moves never return the dossier to the receiving desk: that is the supplement move (Art 19(5)).
    """
    steps = process_steps(step)
    if steps is not None:
        own = next((s for s in steps if s.pk == step.pk), step)
        ids = {m.to_step_id for m in own.moves.all() if m.kind == kind}
        return [
            s
            for s in steps
            if s.pk in ids and not (kind == MoveKind.BACK and s.kind == ProcessStep.Kind.RECEIVE)
        ]
    targets = ProcessStep.objects.filter(
        process_id=step.process_id, incoming_moves__step=step, incoming_moves__kind=kind
    )
    if kind == MoveKind.BACK:
        targets = targets.exclude(kind=ProcessStep.Kind.RECEIVE)
    return list(targets.distinct().order_by("order"))


def step_after(step: ProcessStep) -> ProcessStep | None:
    """Return the next step of the step's process by order (processes without moves)."""
    steps = process_steps(step)
    if steps is not None:
        return next((s for s in steps if s.order > step.order), None)
    return (
        ProcessStep.objects.filter(process_id=step.process_id, order__gt=step.order).order_by("order").first()
    )
