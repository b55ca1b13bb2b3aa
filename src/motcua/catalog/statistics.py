"""Catalog figures a province reports (domain.md "What the reform programmes report").

- the catalog in force on a day: procedures by level, competent agency, sector and online level,
  and by the service centre that receives them (Decree 118/2025/NĐ-CP Art 14(2));
- publication in a period: decisions, procedures published, amended and abolished, processes
  approved ("21 decisions publishing 511 procedures; 16 decisions approving 402 processes");
- time cuts in a period: "N units cut M procedures by D days in total".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.utils.translation import gettext as _

from .models import Decision, OnlineLevel, Procedure, ProcedureVersion, ProcessApproval, TimeCut


@dataclass(frozen=True)
class Tally:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class CatalogStatistics:
    on: date
    total: int
    by_level: list[Tally]
    by_online_level: list[Tally]
    by_sector: list[Tally]
    by_agency: list[Tally]
    by_service_centre: list[Tally]
    regardless_of_boundary: int
    with_approved_process: int


def versions_in_force(on: date) -> QuerySet[ProcedureVersion]:
    """Return the versions in force on a day of the procedures not abolished then."""
    latest = Subquery(
        ProcedureVersion.objects.filter(procedure=OuterRef("pk"), effective_from__lte=on)
        .order_by("-effective_from", "-number")
        .values("pk")[:1]
    )
    ids = Procedure.objects.active().not_abolished_on(on).annotate(vid=latest).values("vid")
    return ProcedureVersion.objects.filter(pk__in=ids)


def _tallies(qs: QuerySet[ProcedureVersion], key: str, label: str) -> list[Tally]:
    # distinct: counted through the set of competent agencies, a version appears once per agency.
    rows = qs.values(key, label).annotate(n=Count("pk", distinct=True)).order_by("-n", label)
    return [
        Tally(key=str(r[key] or ""), label=str(r[label] or _("(chưa gắn)")), count=int(r["n"])) for r in rows
    ]


def get_catalog_statistics(*, on: date) -> CatalogStatistics:
    """Return the catalog in force on a day, counted every way the reports ask."""
    versions = versions_in_force(on)
    levels = dict(Procedure.Level.choices)
    by_level = [
        Tally(
            key=str(r["procedure__level"]),
            label=str(levels.get(r["procedure__level"], "")),
            count=int(r["n"]),
        )
        for r in versions.values("procedure__level").annotate(n=Count("pk")).order_by("procedure__level")
    ]
    online = dict(OnlineLevel.choices)
    by_online = [
        Tally(key=str(r["online_level"]), label=str(online.get(r["online_level"], "")), count=int(r["n"]))
        for r in versions.values("online_level").annotate(n=Count("pk")).order_by("online_level")
    ]
    return CatalogStatistics(
        on=on,
        total=versions.count(),
        by_level=by_level,
        by_online_level=by_online,
        by_sector=_tallies(versions, "procedure__sector__code", "procedure__sector__name"),
        # A procedure handled by many agencies (every commune's People's Committee) counts for
        # each of them, and for each centre that receives for one of them.
        by_agency=_tallies(versions, "competent_agencies__electronic_id", "competent_agencies__name"),
        by_service_centre=_tallies(
            versions,
            "competent_agencies__service_centre__electronic_id",
            "competent_agencies__service_centre__name",
        ),
        regardless_of_boundary=versions.filter(regardless_of_boundary=True).count(),
        with_approved_process=versions.filter(process__approval__isnull=False).count(),
    )


@dataclass(frozen=True)
class AgencyCut:
    agency: str
    procedures: int
    days: Decimal


@dataclass(frozen=True)
class TimeCutReport:
    start: date
    end: date
    units: int
    procedures: int
    days: Decimal
    by_agency: list[AgencyCut]

    @property
    def sentence(self) -> str:
        """Return the report's one-line summary, as reform reports phrase it."""
        return _(
            "%(units)d đơn vị cắt giảm thời gian giải quyết %(procedures)d thủ tục, tổng cộng %(days)s ngày."
        ) % {
            "units": self.units,
            "procedures": self.procedures,
            "days": f"{self.days.normalize():f}".replace(".", ","),
        }


def get_time_cut_report(*, start: date, end: date) -> TimeCutReport:
    """Return the time cuts taking effect in a period (inclusive), per agency and in total."""
    cuts = TimeCut.objects.filter(effective_from__gte=start, effective_from__lte=end)
    rows = (
        cuts.values("agency__name")
        .annotate(procedures=Count("procedure", distinct=True), days=Sum("days_cut"))
        .order_by("-days", "agency__name")
    )
    totals = cuts.aggregate(
        units=Count("agency", distinct=True),
        procedures=Count("procedure", distinct=True),
        days=Sum("days_cut"),
    )
    return TimeCutReport(
        start=start,
        end=end,
        units=int(totals["units"] or 0),
        procedures=int(totals["procedures"] or 0),
        days=Decimal(totals["days"] or 0),
        by_agency=[
            AgencyCut(
                agency=str(r["agency__name"]), procedures=int(r["procedures"]), days=Decimal(r["days"] or 0)
            )
            for r in rows
        ],
    )


@dataclass(frozen=True)
class PublicationReport:
    start: date
    end: date
    publication_decisions: int
    procedures_published: int
    procedures_amended: int
    procedures_abolished: int
    process_decisions: int
    processes_approved: int


def get_publication_report(*, start: date, end: date) -> PublicationReport:
    """Return what decisions issued in a period (inclusive) published, amended, abolished and approved."""
    decisions = Decision.objects.filter(issued_on__gte=start, issued_on__lte=end)
    publications = decisions.filter(kind=Decision.Kind.PUBLICATION)
    versions = ProcedureVersion.objects.filter(decision__in=publications)
    approvals = ProcessApproval.objects.filter(
        decision__in=decisions.filter(kind=Decision.Kind.PROCESS_APPROVAL)
    )
    return PublicationReport(
        start=start,
        end=end,
        publication_decisions=publications.count(),
        procedures_published=versions.filter(number=1).values("procedure").distinct().count(),
        procedures_amended=versions.filter(number__gt=1).values("procedure").distinct().count(),
        procedures_abolished=Procedure.objects.filter(abolished_by__in=publications).count(),
        process_decisions=approvals.values("decision").distinct().count(),
        processes_approved=approvals.values("process__version__procedure").distinct().count(),
    )


def count_by_sector(*, on: date) -> list[Tally]:
    """Return how many procedures each sector has in the public catalog on a day (one query), most first."""
    rows = (
        Procedure.objects.active()
        .not_abolished_on(on)
        .values("sector__code", "sector__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "sector__name")
    )
    return [Tally(key=str(r["sector__code"]), label=str(r["sector__name"]), count=int(r["n"])) for r in rows]
