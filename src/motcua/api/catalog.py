"""/api/v1 catalog: search procedures, read one as in force on a day, its process in BPMN, catalog figures.

Mounted by `views` with ``api.add_router("", router)``. Search is accent-insensitive (and typo-tolerant
on PostgreSQL, `catalog.search`). Bad parameters are answered with 422 ``{"code": "invalid_input",
"message": ...}`` in Vietnamese; an unknown code with 404. A former code (procedures get re-coded)
finds the procedure under its current code.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ninja import Router, Schema, Status
from pydantic import Field

from motcua.catalog import selectors, statistics
from motcua.catalog.bpmn import export_bpmn
from motcua.catalog.limits import limit_in_hours
from motcua.catalog.models import Decision, OnlineLevel, Procedure, ProcedureVersion
from motcua.catalog.search import MAX_QUERY_LENGTH, SearchFilters
from motcua.catalog.specs import graph_of

from .schemas import ErrorOut

router = Router(tags=["catalog"])


class ProcedureSummaryOut(Schema):
    code: str
    name: str
    sector: str
    sector_code: str
    level: str
    competent_agency: str | None
    online_level: str | None
    time_limit: str | None
    fee_vnd: int | None
    url: str


class AgencyOut(Schema):
    name: str
    electronic_id: str


class CompetentAgencyOut(Schema):
    name: str
    electronic_id: str
    service_centre: str | None = Field(description="The one-stop centre that receives for this agency")
    is_lead: bool = Field(description="The lead agency (`competent_agency`), the default at intake")


class DecisionOut(Schema):
    number: str
    kind: str
    issued_on: dt.date
    effective_from: dt.date
    issuer: str
    title: str


class TimeLimitOut(Schema):
    value: float
    unit: str
    unit_label: str
    text: str
    statutory_value: float | None
    working_hours: float


class FeeOut(Schema):
    kind: str
    kind_label: str
    case: str
    amount_vnd: int
    online_amount_vnd: int | None
    unit: str
    exemptions: str


class PaperOut(Schema):
    order: int
    name: str
    form: str
    form_label: str
    count: int
    is_required: bool
    template_name: str
    template_url: str | None
    reusable_from_data_store: bool
    reusable_from_national_db: bool


class ResultOut(Schema):
    name: str
    code: str
    is_electronic: bool


class MoveOut(Schema):
    kind: str
    to_step: int | None
    agency: str | None


class StepOut(Schema):
    order: int
    kind: str
    name: str
    role: str
    unit: str
    allotted_hours: float
    moves: list[MoveOut]


class VersionRefOut(Schema):
    number: int
    code: str
    effective_from: dt.date
    decision: str | None
    time_limit: str


class ProcedureDetailOut(Schema):
    code: str
    former_codes: list[str]
    name: str
    sector: str
    sector_code: str
    level: str
    is_abolished: bool
    abolished_from: dt.date | None
    version: int
    effective_from: dt.date
    decision: DecisionOut | None
    competent_agency: AgencyOut
    competent_agencies: list[CompetentAgencyOut] = Field(
        description="Every agency that handles the procedure under this version, the lead first "
        "(e.g. each commune's People's Committee); intake chooses one of them"
    )
    coordinating_agencies: list[AgencyOut]
    service_centre: str | None
    time_limit: TimeLimitOut
    fee_vnd: int
    fee_text: str
    fees: list[FeeOut]
    online_level: str
    papers: list[PaperOut]
    results: list[ResultOut]
    result_description: str
    requirements: str
    legal_bases: list[str]
    regardless_of_boundary: bool
    process: list[StepOut]
    process_approved_by: DecisionOut | None
    history: list[VersionRefOut]
    url: str


class TallyOut(Schema):
    key: str
    label: str
    count: int


class StatisticsOut(Schema):
    on: dt.date
    total: int
    by_level: list[TallyOut]
    by_online_level: list[TallyOut]
    by_sector: list[TallyOut]
    by_agency: list[TallyOut]
    by_service_centre: list[TallyOut]
    regardless_of_boundary: int
    with_approved_process: int


class AgencyCutOut(Schema):
    agency: str
    procedures: int
    days: float


class TimeCutReportOut(Schema):
    start: dt.date
    end: dt.date
    units: int
    procedures: int
    days: float
    sentence: str
    by_agency: list[AgencyCutOut]


def _invalid(message: str) -> Status[ErrorOut]:
    return Status(422, ErrorOut(code="invalid_input", message=message))


def _decision(d: Decision | None) -> DecisionOut | None:
    if d is None:
        return None
    return DecisionOut(
        number=d.number,
        kind=d.kind,
        issued_on=d.issued_on,
        effective_from=d.effective_from,
        issuer=d.issuer,
        title=d.title,
    )


def _day(value: str) -> dt.date | None:
    if not value:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


@router.get(
    "/procedures",
    response={200: list[ProcedureSummaryOut], 422: ErrorOut},
    summary="Search procedures (accent-insensitive; typo-tolerant on PostgreSQL)",
)
def list_procedures(
    request: HttpRequest,
    q: str = "",
    sector: str = "",
    agency: str = "",
    level: str = "",
    online: str = "",
    limit: int = 50,
    offset: int = 0,
):
    if level and level not in Procedure.Level.values:
        return _invalid(_("Cấp thực hiện phải là “province” hoặc “commune”."))
    if online and online not in OnlineLevel.values:
        return _invalid(_("Mức độ trực tuyến phải là “full”, “partial” hoặc “none”."))
    if len(q) > MAX_QUERY_LENGTH:
        return _invalid(_("Từ khóa tìm kiếm dài quá %(max)d ký tự.") % {"max": MAX_QUERY_LENGTH})
    if not 1 <= limit <= 200 or offset < 0:
        return _invalid(_("limit phải từ 1 đến 200 và offset không âm."))
    results = selectors.list_search_results(
        query=q,
        filters=SearchFilters(sector=sector[:40], agency=agency[:35], level=level, online_level=online),
        limit=limit,
        offset=offset,
    )
    return Status(
        200,
        [
            ProcedureSummaryOut(
                code=r.procedure.code,
                name=r.procedure.name,
                sector=r.procedure.sector.name,
                sector_code=r.procedure.sector.code,
                level=r.procedure.level,
                competent_agency=r.version.competent_agency.name if r.version else None,
                online_level=r.version.online_level if r.version else None,
                time_limit=r.version.time_limit_short if r.version else None,
                fee_vnd=r.version.fee_vnd if r.version else None,
                url=reverse("portal:procedure", args=[r.procedure.code]),
            )
            for r in results
        ],
    )


def _detail(
    procedure: Procedure, version: ProcedureVersion, history: list[ProcedureVersion], abolished: bool
):
    process = getattr(version, "process", None)
    steps = list(process.steps.all()) if process else []
    order_of = {s.pk: s.order for s in steps}
    return ProcedureDetailOut(
        code=procedure.code,
        former_codes=sorted(c.code for c in procedure.codes.all() if c.code != procedure.code),
        name=procedure.name,
        sector=procedure.sector.name,
        sector_code=procedure.sector.code,
        level=procedure.level,
        is_abolished=abolished,
        abolished_from=procedure.abolished_from,
        version=version.number,
        effective_from=version.effective_from,
        decision=_decision(version.decision),
        competent_agency=AgencyOut(
            name=version.competent_agency.name, electronic_id=version.competent_agency.electronic_id
        ),
        competent_agencies=[
            CompetentAgencyOut(
                name=a.name,
                electronic_id=a.electronic_id,
                service_centre=str(a.service_centre or "") or None,
                is_lead=a.pk == version.competent_agency_id,
            )
            for a in selectors.list_competent_agencies(version)
        ],
        coordinating_agencies=[
            AgencyOut(name=a.name, electronic_id=a.electronic_id) for a in version.coordinating_agencies.all()
        ],
        service_centre=str(version.competent_agency.service_centre or "") or None,
        time_limit=TimeLimitOut(
            value=float(version.time_limit),
            unit=version.time_unit,
            unit_label=version.get_time_unit_display(),
            text=version.time_limit_display,
            statutory_value=(
                float(version.statutory_time_limit) if version.statutory_time_limit is not None else None
            ),
            working_hours=float(limit_in_hours(version.time_limit, version.time_unit)),
        ),
        fee_vnd=version.fee_vnd,
        fee_text=version.fee_text,
        fees=[
            FeeOut(
                kind=f.kind,
                kind_label=f.get_kind_display(),
                case=f.case,
                amount_vnd=f.amount_vnd,
                online_amount_vnd=f.online_amount_vnd,
                unit=f.unit,
                exemptions=f.exemptions,
            )
            for f in version.fees.all()
        ],
        online_level=version.online_level,
        papers=[
            PaperOut(
                order=p.order,
                name=p.name,
                form=p.form,
                form_label=p.get_form_display(),
                count=p.count,
                is_required=p.is_required,
                template_name=p.template_name,
                template_url=p.template_file.url if p.template_file else None,
                reusable_from_data_store=p.reusable_from_data_store,
                reusable_from_national_db=p.reusable_from_national_db,
            )
            for p in version.papers.all()
        ],
        results=[
            ResultOut(name=r.name, code=r.code, is_electronic=r.is_electronic) for r in version.results.all()
        ],
        result_description=version.result_description,
        requirements=version.requirements,
        legal_bases=[b.text for b in version.legal_bases.all()],
        regardless_of_boundary=version.regardless_of_boundary,
        process=[
            StepOut(
                order=s.order,
                kind=s.kind,
                name=s.name,
                role=s.role,
                unit=s.unit,
                allotted_hours=float(s.allotted_hours),
                moves=[
                    MoveOut(
                        kind=m.kind,
                        to_step=order_of.get(m.to_step_id) if m.to_step_id else None,
                        agency=m.agency.electronic_id if m.agency else None,
                    )
                    for m in s.moves.all()
                ],
            )
            for s in steps
        ],
        process_approved_by=_decision(process.approval if process else None),
        history=[
            VersionRefOut(
                number=v.number,
                code=v.code or procedure.code,
                effective_from=v.effective_from,
                decision=v.decision.number if v.decision else None,
                time_limit=v.time_limit_short,
            )
            for v in history
        ],
        url=reverse("portal:procedure", args=[procedure.code]),
    )


@router.get(
    "/procedures/{code}",
    response={200: ProcedureDetailOut, 404: ErrorOut, 422: ErrorOut},
    summary="One procedure as in force on a day (today by default); former codes are accepted",
)
def get_procedure(request: HttpRequest, code: str, on: str = ""):
    day = _day(on)
    if day is None:
        return _invalid(_("Ngày “%(value)s” không đúng dạng YYYY-MM-DD.") % {"value": on[:20]})
    try:
        page = selectors.get_procedure_page(code=code[:60], on=day)
    except Procedure.DoesNotExist:
        return Status(404, ErrorOut(code="not_found", message=_("Không tìm thấy thủ tục.")))
    return Status(200, _detail(page.procedure, page.version, page.history, page.is_abolished))


@router.get(
    "/procedures/{code}/process.bpmn",
    response={404: ErrorOut},
    summary="The internal process of the version in force, as BPMN 2.0 XML",
)
def get_procedure_bpmn(request: HttpRequest, code: str):
    try:
        page = selectors.get_procedure_page(code=code[:60])
    except Procedure.DoesNotExist:
        return Status(404, ErrorOut(code="not_found", message=_("Không tìm thấy thủ tục.")))
    graph = graph_of(page.version)
    if graph is None:
        return Status(
            404, ErrorOut(code="not_found", message=_("Thủ tục chưa có quy trình nội bộ được phê duyệt."))
        )
    names = {a.electronic_id: a.name for a in page.version.coordinating_agencies.all()}
    xml = export_bpmn(graph, process_id=page.procedure.code, name=page.procedure.name, agency_names=names)
    response = HttpResponse(xml, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{page.procedure.code}.bpmn"'
    return response


@router.get(
    "/catalog/statistics",
    response={200: StatisticsOut, 422: ErrorOut},
    summary="Procedures in force by level, online level, sector, agency and service centre",
)
def catalog_statistics(request: HttpRequest, on: str = ""):
    day = _day(on)
    if day is None:
        return _invalid(_("Ngày “%(value)s” không đúng dạng YYYY-MM-DD.") % {"value": on[:20]})
    s = statistics.get_catalog_statistics(on=day)

    def tallies(items: list[statistics.Tally]) -> list[TallyOut]:
        return [TallyOut(key=t.key, label=t.label, count=t.count) for t in items]

    return Status(
        200,
        StatisticsOut(
            on=s.on,
            total=s.total,
            by_level=tallies(s.by_level),
            by_online_level=tallies(s.by_online_level),
            by_sector=tallies(s.by_sector),
            by_agency=tallies(s.by_agency),
            by_service_centre=tallies(s.by_service_centre),
            regardless_of_boundary=s.regardless_of_boundary,
            with_approved_process=s.with_approved_process,
        ),
    )


@router.get(
    "/catalog/time-cuts",
    response={200: TimeCutReportOut, 422: ErrorOut},
    summary="Time cuts taking effect in a period: units, procedures and days in total",
)
def time_cuts(request: HttpRequest, start: str, end: str):
    first, last = _day(start), _day(end)
    if first is None or last is None or first > last:
        return _invalid(_("Khoảng thời gian không hợp lệ; dùng start ≤ end dạng YYYY-MM-DD."))
    report = statistics.get_time_cut_report(start=first, end=last)
    return Status(
        200,
        TimeCutReportOut(
            start=report.start,
            end=report.end,
            units=report.units,
            procedures=report.procedures,
            days=float(report.days),
            sentence=report.sentence,
            by_agency=[
                AgencyCutOut(agency=a.agency, procedures=a.procedures, days=float(a.days))
                for a in report.by_agency
            ],
        ),
    )
