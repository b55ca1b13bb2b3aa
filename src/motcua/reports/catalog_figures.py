"""What the reports need from the catalog, read through its stable fields only.

The catalog is being reworked (versions, publication decisions, approvals of internal processes);
these reads rely only on what every version of it has: Procedure code, name, sector, level and
`is_active`; ProcedureVersion procedure, number, effective date, competent agency and online level;
an internal process (`Process`) with its steps. The figures that need the new catalog (decisions
publishing procedures, processes approved by decision, time cuts) come from
`motcua.catalog.statistics` when the catalog provides it, and are reported as not computable yet
otherwise (`reform_figures`).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date
from types import ModuleType

from django.db.models import Exists, OuterRef, Subquery

from motcua.catalog.models import OnlineLevel, Procedure, ProcedureVersion, ProcessStep


@dataclass(frozen=True)
class VersionFacts:
    procedure_id: int
    procedure_code: str
    procedure_level: str
    sector_id: int
    agency_id: int
    online_level: str
    has_process: bool


def versions_in_force(*, on: date, agency_ids: frozenset[int] | None = None) -> list[VersionFacts]:
    """Return the version in force on a day of every active procedure (optionally of some agencies)."""
    latest = Subquery(
        ProcedureVersion.objects.filter(procedure=OuterRef("pk"), effective_from__lte=on)
        .order_by("-effective_from", "-number")
        .values("pk")[:1]
    )
    ids = Procedure.objects.filter(is_active=True).annotate(vid=latest).values("vid")
    qs = ProcedureVersion.objects.filter(pk__in=ids).annotate(
        has_process=Exists(ProcessStep.objects.filter(process__version=OuterRef("pk")))
    )
    if agency_ids is not None:
        qs = qs.filter(competent_agency_id__in=sorted(agency_ids))
    return [
        VersionFacts(
            procedure_id=v["procedure_id"],
            procedure_code=v["procedure__code"],
            procedure_level=v["procedure__level"],
            sector_id=v["procedure__sector_id"],
            agency_id=v["competent_agency_id"],
            online_level=v["online_level"],
            has_process=bool(v["has_process"]),
        )
        for v in qs.values(
            "procedure_id",
            "procedure__code",
            "procedure__level",
            "procedure__sector_id",
            "competent_agency_id",
            "online_level",
            "has_process",
        )
    ]


def full_online_procedure_ids(*, on: date) -> frozenset[int]:
    """Return the procedures whose version in force on the day is fully online (toàn trình)."""
    return frozenset(v.procedure_id for v in versions_in_force(on=on) if v.online_level == OnlineLevel.FULL)


def statistics_module() -> ModuleType | None:
    """Return `motcua.catalog.statistics` when the catalog provides it, else None."""
    try:
        return importlib.import_module("motcua.catalog.statistics")
    except ImportError:
        return None
