"""Editing and approving internal processes (Decree 118/2025/NĐ-CP Art 38(1)(d), Art 12(3)).

An administrator keeps a draft of a version's process while it is being prepared; a draft is
checked in full before it is saved (`graph.validate`), so a saved draft can always be approved.
Approval by a decision writes the steps. When dossiers already follow the steps of the version,
they are not touched: the approval publishes a new version of the procedure, identical except for
its process, effective from the decision's date, and new dossiers take it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

import structlog

from motcua.catalog import graph as g
from motcua.catalog.limits import limit_in_hours
from motcua.catalog.models import Decision, ProcedureVersion, Process, ProcessApproval
from motcua.catalog.selectors import is_in_use
from motcua.catalog.specs import spec_of
from motcua.core.errors import InvalidInput
from motcua.organisations.models import Agency

from .publication import publish_version, write_steps

logger = structlog.get_logger(__name__)


def check_graph(*, version: ProcedureVersion, graph: g.ProcessGraph) -> list[g.Problem]:
    """Return every problem of a graph for a version: structure, agencies and the legal time limit."""
    wanted = {m.agency for s in graph.steps for m in s.moves if m.agency}
    known = list(Agency.objects.filter(electronic_id__in=wanted).values_list("electronic_id", flat=True))
    return g.validate(
        graph,
        limit_hours=limit_in_hours(version.time_limit, version.time_unit),
        own_agency=version.competent_agency.electronic_id,
        known_agencies=known,
    )


def _raise(problems: list[g.Problem]) -> None:
    if problems:
        raise InvalidInput(" ".join(g.describe(problems)), field="process")


def _latest(version: ProcedureVersion) -> None:
    newest = version.procedure.versions.latest_first().values_list("pk", flat=True).first()
    if newest != version.pk:
        raise InvalidInput(
            _("Chỉ sửa quy trình của phiên bản mới nhất của thủ tục; phiên bản này đã được thay thế.")
        )


def _process(version: ProcedureVersion) -> Process:
    process, _created = Process.objects.select_for_update().get_or_create(
        version=version, defaults={"agency": version.competent_agency}
    )
    return process


@transaction.atomic
def save_process_draft(
    *, version: ProcedureVersion, graph: g.ProcessGraph, actor: Any, at: datetime
) -> Process:
    """Keep a checked draft of the version's process; nothing is written if it breaks a rule."""
    _latest(version)
    _raise(check_graph(version=version, graph=graph))
    process = _process(version)
    process.draft = graph.to_json()
    process.draft_updated_at = at
    process.draft_updated_by = actor if getattr(actor, "pk", None) else None
    process.save(update_fields=["draft", "draft_updated_at", "draft_updated_by"])
    logger.info("process_draft_saved", version_id=version.pk, steps=len(graph.steps))
    return process


@transaction.atomic
def discard_process_draft(*, version: ProcedureVersion, actor: Any) -> Process:
    """Drop the draft of a version's process; the approved steps stay."""
    process = _process(version)
    process.draft = None
    process.save(update_fields=["draft"])
    logger.info("process_draft_discarded", version_id=version.pk)
    return process


@transaction.atomic
def approve_process(
    *,
    version: ProcedureVersion,
    decision: Decision,
    actor: Any,
    at: datetime,
    graph: g.ProcessGraph | None = None,
) -> ProcedureVersion:
    """Approve the draft (or the given graph) as the version's process; return the version that has it.

    Decree 118/2025/NĐ-CP Art 38(1)(d). If no dossier follows the version yet, its steps are
    replaced. Otherwise the steps dossiers follow stay, and a new version with the approved process
    is published, effective from the decision's effective date (never before the current version).
    Every approval is kept with the graph as approved (`ProcessApproval`).
    """
    if decision.kind != Decision.Kind.PROCESS_APPROVAL:
        raise InvalidInput(_("Quy trình nội bộ phải được phê duyệt bằng quyết định phê duyệt quy trình."))
    _latest(version)
    process = _process(version)
    if graph is None:
        if not process.draft:
            raise InvalidInput(_("Chưa có bản nháp quy trình để phê duyệt."))
        graph = g.ProcessGraph.from_json(process.draft)
    _raise(check_graph(version=version, graph=graph))
    if is_in_use(version):
        spec = spec_of(version)
        effective = max(decision.effective_from, version.effective_from)
        new_version = publish_version(
            spec=replace(spec, process=graph, effective_from=effective),
            decision=version.decision,
            actor=actor,
            at=at,
            process_decision=decision,
        )
        process.draft = None
        process.save(update_fields=["draft"])
        logger.info(
            "process_approved_as_new_version", version_id=new_version.pk, replaced_version_id=version.pk
        )
        return new_version
    process.steps.all().delete()
    write_steps(process, graph)
    process.approval = decision
    process.approved_at = at
    process.draft = None
    process.agency = process.agency or version.competent_agency
    process.save(update_fields=["approval", "approved_at", "draft", "agency"])
    ProcessApproval.objects.create(
        process=process,
        decision=decision,
        graph=graph.to_json(),
        approved_at=at,
        approved_by=actor if getattr(actor, "pk", None) else None,
    )
    logger.info("process_approved", version_id=version.pk, decision_id=decision.pk, steps=len(graph.steps))
    return version
