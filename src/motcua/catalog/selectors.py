"""Reads of the catalog: public search and procedure pages, versions, and the administrator's views.

The public catalog is what is in force on a day: procedures not abolished, each with the version
whose effective date is the latest on or before that day (Decree 118/2025/NĐ-CP Art 38(1)(c)).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db import models
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.utils import timezone

from motcua.core import revision
from motcua.organisations.models import Agency

from . import page_cache
from . import search as catalog_search
from .models import (
    Decision,
    Procedure,
    ProcedureCode,
    ProcedureVersion,
    ProcessStep,
    RequiredPaper,
    Sector,
)
from .permissions import can_manage_catalog

VERSION_RELATED = (
    "competent_agency",
    "competent_agency__service_centre",
    "decision",
    "process",
    "process__approval",
)


# The lists of a version are ordered by their `version_id` first (the models' Meta), so these
# prefetches read one table each, without joining the version and its procedure again.
_AGENCIES = Prefetch("competent_agencies", queryset=Agency.objects.select_related("service_centre"))
VERSION_PREFETCH = (
    "papers",
    "fees",
    "results",
    "legal_bases",
    _AGENCIES,
    "coordinating_agencies",
    Prefetch("process__steps", queryset=ProcessStep.objects.prefetch_related("moves__agency")),
)
# What receiving a dossier reads: the process's steps with their moves, so the services follow the
# approved process without a query (dossiers.permissions.process_steps).
INTAKE_RELATED = ("procedure", "competent_agency", "competent_agency__service_centre", "process")
INTAKE_PREFETCH = (
    "papers",
    "form_fields",
    _AGENCIES,
    Prefetch("process__steps", queryset=ProcessStep.objects.prefetch_related("moves")),
)
# Versions read for intake, kept until the catalog or the organisations change (core.revision).
_intake_versions = revision.TokenCache()
# What a citizen's page shows: no moves between steps, no coordinating agencies.
PAGE_PREFETCH = (
    "papers",
    "fees",
    "results",
    "legal_bases",
    "process__steps",
    _AGENCIES,
)


def _today() -> date:
    return timezone.localdate()


def list_procedures(
    *, query: str = "", filters: catalog_search.SearchFilters | None = None, on: date | None = None
) -> QuerySet[Procedure]:
    """Return the procedures in force matching the query and filters, best match first, with their sector."""
    return catalog_search.search(query=query, filters=filters, on=on or _today())


@dataclass(frozen=True)
class SearchResult:
    procedure: Procedure
    version: ProcedureVersion | None


def list_search_results(
    *,
    query: str = "",
    filters: catalog_search.SearchFilters | None = None,
    on: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[SearchResult]:
    """Return one page of search results, each with its version in force (agency, limit, fee)."""
    day = on or _today()
    procedures = catalog_search.search_page(query=query, filters=filters, on=day, limit=limit, offset=offset)
    versions = versions_in_force(procedures=procedures, on=day)
    return [SearchResult(procedure=p, version=versions.get(p.pk)) for p in procedures]


def versions_in_force(*, procedures: Sequence[Procedure], on: date) -> dict[int, ProcedureVersion]:
    """Return the version in force on a day of each procedure, by procedure id, in one query."""
    if not procedures:
        return {}
    found: dict[int, ProcedureVersion] = {}
    for version in (
        ProcedureVersion.objects.filter(procedure_id__in=[p.pk for p in procedures], effective_from__lte=on)
        .select_related("competent_agency", "competent_agency__service_centre")
        .order_by("procedure_id", "-effective_from", "-number")
    ):
        found.setdefault(version.procedure_id, version)
    return found


def get_procedure(*, code: str) -> Procedure:
    """Return an active procedure by its current or former code, or raise Procedure.DoesNotExist."""
    code = code.strip()
    procedure = Procedure.objects.active().select_related("sector").filter(code=code).first()
    if procedure is None:
        former = (
            ProcedureCode.objects.filter(code=code, procedure__is_active=True).values("procedure_id").first()
        )
        if former is None:
            raise Procedure.DoesNotExist
        procedure = Procedure.objects.select_related("sector").get(pk=former["procedure_id"])
    return procedure


def _with_details(qs: QuerySet[ProcedureVersion], *, full: bool = True) -> QuerySet[ProcedureVersion]:
    return qs.select_related(*VERSION_RELATED).prefetch_related(
        *(VERSION_PREFETCH if full else PAGE_PREFETCH)
    )


def get_version_in_force(*, procedure: Procedure, on: date, for_intake: bool = False) -> ProcedureVersion:
    """Return the version in force on a day, with agency, papers, fees and process steps.

    `for_intake` reads only what receiving a dossier needs (agency, process, papers, e-form
    fields): intake by another system is the busiest write, and the full details are six more
    queries. Raise ProcedureVersion.DoesNotExist when none is in force yet or the procedure is
    abolished.
    """
    if procedure.abolished_from is not None and procedure.abolished_from <= on:
        raise ProcedureVersion.DoesNotExist
    in_force = ProcedureVersion.objects.filter(procedure=procedure).in_force_on(on)
    if for_intake:
        version = in_force.select_related(*INTAKE_RELATED).prefetch_related(*INTAKE_PREFETCH).first()
    else:
        version = _with_details(in_force).first()
    if version is None:
        raise ProcedureVersion.DoesNotExist
    return version


def get_version_for_intake(*, code: str, on: date) -> ProcedureVersion:
    """Return the version in force on a day of the procedure with this (current or former) code,
    read for intake, or raise ProcedureVersion.DoesNotExist (no such procedure, none in force).

    Intake is the busiest write: the version, its papers, e-form fields, agencies and process are
    kept in the process until any catalog or organisations row changes (`core.revision`), so an
    intake reads them with no query beyond the revision's. Shared between requests: read-only.
    """
    code = code.strip()

    def build() -> ProcedureVersion | None:
        try:
            return get_version_in_force(procedure=get_procedure(code=code), on=on, for_intake=True)
        except (Procedure.DoesNotExist, ProcedureVersion.DoesNotExist):
            return None

    version = _intake_versions.get((code, on), build)
    if version is None:
        raise ProcedureVersion.DoesNotExist
    return version


def get_latest_version(*, procedure: Procedure) -> ProcedureVersion:
    """Return the most recent version (possibly not yet in force), with its details."""
    version = _with_details(ProcedureVersion.objects.filter(procedure=procedure).latest_first()).first()
    if version is None:
        raise ProcedureVersion.DoesNotExist
    return version


def list_versions(*, procedure: Procedure) -> list[ProcedureVersion]:
    """Return every version of a procedure, newest first, with its decision."""
    return list(
        ProcedureVersion.objects.filter(procedure=procedure)
        .latest_first()
        .select_related("decision", "competent_agency", "time_cut")
    )


@dataclass(frozen=True)
class ProcedurePage:
    """What the public page of a procedure shows."""

    procedure: Procedure
    version: ProcedureVersion
    is_abolished: bool
    upcoming: ProcedureVersion | None
    history: list[ProcedureVersion]
    former_codes: list[ProcedureCode]


def get_procedure_page(*, code: str, on: date | None = None, full: bool = True) -> ProcedurePage:
    """Return the page of a procedure by any of its codes: the version in force, or the last one if abolished.

    `full` also loads the moves between steps and the coordinating agencies (what the API returns).
    Raise Procedure.DoesNotExist when no version has come into force yet. Kept in the page cache
    (`catalog.page_cache`) until the catalog changes.
    """
    day = on or _today()
    ttl = page_cache.seconds()
    if ttl <= 0:
        return _procedure_page(code=code, day=day, full=full)
    digest = hashlib.sha256(code.strip().encode("utf-8")).hexdigest()[:32]
    key = f"catalog:page:{page_cache.stamp()}:{day.isoformat()}:{int(full)}:{digest}"
    cached = cache.get(key)
    if isinstance(cached, ProcedurePage):
        return cached
    page = _procedure_page(code=code, day=day, full=full)
    cache.set(key, page, timeout=ttl)
    return page


def _procedure_page(*, code: str, day: date, full: bool) -> ProcedurePage:
    # Every version with its procedure in one query (a procedure has few); the details only for
    # the one in force. A former code finds nothing here and goes through `get_procedure`.
    versions = ProcedureVersion.objects.latest_first().select_related("procedure__sector", *VERSION_RELATED)
    history = list(versions.filter(procedure__code=code.strip(), procedure__is_active=True))
    if history:
        procedure = history[0].procedure
        for v in history:
            v.procedure = procedure
    else:
        procedure = get_procedure(code=code)
        history = list(versions.filter(procedure=procedure))
    is_abolished = procedure.abolished_from is not None and procedure.abolished_from <= day
    version = next((v for v in history if v.effective_from <= day), None)
    if version is None:
        raise Procedure.DoesNotExist
    prefetch_related_objects([version], *(VERSION_PREFETCH if full else PAGE_PREFETCH))
    upcoming = next((v for v in reversed(history) if v.effective_from > day), None)
    return ProcedurePage(
        procedure=procedure,
        version=version,
        is_abolished=is_abolished,
        upcoming=None if is_abolished else upcoming,
        history=history,
        former_codes=[c for c in procedure.codes.all() if c.code != procedure.code],
    )


def list_sectors(*, on: date | None = None) -> list[Sector]:
    """Return the sectors that have procedures in force, by name."""
    day = on or _today()
    ids = Procedure.objects.active().not_abolished_on(day).values("sector_id")
    return list(Sector.objects.filter(pk__in=ids).order_by("name"))


def list_decisions(*, kind: str | None = None) -> list[Decision]:
    """Return decisions, newest first, optionally of one kind."""
    qs = Decision.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs.order_by("-issued_on", "number")[:500])


def get_decision(*, decision_id: int) -> Decision:
    """Return a decision or raise Decision.DoesNotExist."""
    return Decision.objects.get(pk=decision_id)


def get_version_for_admin(*, user: Any, version_id: int) -> ProcedureVersion:
    """Return a version for the process editor if the user administers the catalog; else DoesNotExist."""
    if not can_manage_catalog(user):
        raise ProcedureVersion.DoesNotExist
    return _with_details(
        ProcedureVersion.objects.filter(pk=version_id).select_related("procedure__sector")
    ).get()


def list_procedures_for_admin(*, user: Any, query: str = "", on: date | None = None) -> list[dict[str, Any]]:
    """Return every procedure (abolished too) with its latest version and process status (administrators)."""
    if not can_manage_catalog(user):
        return []
    day = on or _today()
    qs = Procedure.objects.select_related("sector").order_by("name")
    if query:
        qs = qs.matching(query)
    procedures = list(qs[:300])
    latest: dict[int, ProcedureVersion] = {}
    for v in (
        ProcedureVersion.objects.filter(procedure__in=procedures)
        .latest_first()
        .select_related("competent_agency", "process", "process__approval")
    ):
        latest.setdefault(v.procedure_id, v)
    rows = []
    for p in procedures:
        found = latest.get(p.pk)
        process = getattr(found, "process", None) if found else None
        rows.append(
            {
                "procedure": p,
                "version": found,
                "abolished": p.abolished_from is not None and p.abolished_from <= day,
                "approved": bool(process and process.approval_id),
                "has_draft": bool(process and process.draft),
            }
        )
    return rows


def is_in_use(version: ProcedureVersion) -> bool:
    """Return whether rows outside the catalog (dossiers) point at the version, its papers or steps.

    Looked up through Django's relation registry, so the catalog need not import the apps above it.
    """
    targets: list[tuple[type[models.Model], list[Any]]] = [
        (ProcedureVersion, [version.pk]),
        (RequiredPaper, list(version.papers.values_list("pk", flat=True))),
        (
            ProcessStep,
            list(ProcessStep.objects.filter(process__version=version).values_list("pk", flat=True)),
        ),
    ]
    for model, pks in targets:
        if not pks:
            continue
        for rel in model._meta.related_objects:
            related = rel.related_model
            if not isinstance(related, type) or not issubclass(related, models.Model):
                continue
            if related._meta.app_label == "catalog":
                continue
            if related._default_manager.filter(**{f"{rel.field.name}__in": pks}).exists():
                return True
    return False


def list_competent_agencies(version: ProcedureVersion) -> list[Agency]:
    """Return the agencies that handle a version, the lead first, then by name (uses a prefetch).

    A commune-level procedure is handled by every commune's People's Committee of the province
    (Decree 118/2025/NĐ-CP Art 14(2)); a version published before that knew only its lead agency.
    """
    found = {a.pk: a for a in version.competent_agencies.all()}
    lead = version.competent_agency
    others = sorted((a for pk, a in found.items() if pk != lead.pk), key=lambda a: (a.name, a.electronic_id))
    return [lead, *others]
