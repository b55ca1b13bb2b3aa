"""/api/v1/reports: the dashboards' figures, Biểu 06 and the Decision 766 index, for other systems.

Mounted by `views` with ``api.add_router("/reports/", router)``. The same selection as the pages
(`reports.selection`): period ``ky`` (thang, quy, 6thang, 9thang, nam, khoang) with ``nam``,
``so``, ``tu_ngay``, ``den_ngay``; unit ``don_vi`` (QĐ 20/2020 identifier), ``xa`` (commune GSO
code), ``cap``, ``linh_vuc``, ``thu_tuc``, ``trung_tam``. Signed-in viewers with a reporting scope
only (steering committee, provincial administrators: the province; leaders: their agency and
below); a unit outside the scope is 404, bad input 422 with a Vietnamese message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from ninja import Router, Schema, Status

from motcua.core.errors import InvalidInput, NotAllowed
from motcua.reports import index_data, selectors, statutory
from motcua.reports import scope as sc
from motcua.reports.kpis import Figures, sum_figures
from motcua.reports.selection import Selection, parse_selection
from motcua.reports.slices import DIMENSIONS

from .schemas import ErrorOut

router = Router(tags=["reports"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class PeriodOut(Schema):
    kind: str
    label: str
    start: dt.date
    end: dt.date
    as_of: dt.date


class FiguresOut(Schema):
    carried_over: int
    received: int
    received_online: int
    received_counter: int
    received_postal: int
    resolved: int
    resolved_early: int
    resolved_on_time: int
    resolved_late: int
    on_time_rate: Decimal | None
    online_share: Decimal | None
    late_rate: Decimal | None
    refused: int
    withdrawn: int
    stopped: int
    pending: int
    pending_in_time: int
    pending_overdue: int
    paused: int


class OverviewOut(Schema):
    unit: str
    period: PeriodOut
    figures: FiguresOut


class RowOut(Schema):
    code: str
    name: str
    figures: FiguresOut


class BreakdownOut(Schema):
    unit: str
    period: PeriodOut
    dimension: str
    rows: list[RowOut]
    total: FiguresOut


class ReportRowOut(Schema):
    number: str
    label: str
    kind: str
    cells: list[int]


class ReportOut(Schema):
    form: str
    title: str
    unit: str
    period: PeriodOut
    columns: list[str]
    rows: list[ReportRowOut]
    notes: list[str]


class ScoreOut(Schema):
    code: str
    number: str
    label: str
    formula: str
    numerator: int | None
    denominator: int | None
    rate: Decimal | None
    points: Decimal | None
    max_points: Decimal
    counted: bool
    explanation: str


class GroupOut(Schema):
    code: str
    label: str
    points: Decimal
    max_points: Decimal
    counted_max: Decimal
    scores: list[ScoreOut]


class IndexOut(Schema):
    unit: str
    period: PeriodOut
    conversion: str
    points: Decimal
    counted_max: Decimal
    max_points: Decimal
    share: Decimal | None
    groups: list[GroupOut]


def _figures(f: Figures) -> FiguresOut:
    return FiguresOut(
        carried_over=f.carried_over,
        received=f.flows.received,
        received_online=f.flows.received_online,
        received_counter=f.flows.received_counter,
        received_postal=f.flows.received_postal,
        resolved=f.flows.resolved,
        resolved_early=f.flows.resolved_early,
        resolved_on_time=f.flows.resolved_on_time,
        resolved_late=f.flows.resolved_late,
        on_time_rate=f.flows.on_time_rate,
        online_share=f.flows.online_share,
        late_rate=f.late_rate,
        refused=f.flows.refused,
        withdrawn=f.flows.withdrawn,
        stopped=f.flows.stopped,
        pending=f.pending.total,
        pending_in_time=f.pending.in_time,
        pending_overdue=f.pending.overdue,
        paused=f.pending.paused,
    )


def _period(sel: Selection) -> PeriodOut:
    p = sel.period
    return PeriodOut(kind=p.kind, label=p.label, start=p.start, end=p.end, as_of=p.as_of(sel.today))


def _with_selection(request: HttpRequest, build: Callable[[Selection], Any]) -> Any:
    if not request.user.is_authenticated:
        return Status(401, ErrorOut(code="not_authenticated", message=_("Vui lòng đăng nhập.")))
    try:
        sel = parse_selection(
            user=request.user, query=request.GET, today=timezone.localdate(), now=timezone.now()
        )
    except NotAllowed as exc:
        return Status(403, ErrorOut(code=exc.code, message=str(exc.message)))
    except InvalidInput as exc:
        return Status(422, ErrorOut(code=exc.code, message=str(exc.message)))
    except sc.UnitNotFound:
        return Status(404, ErrorOut(code="not_found", message=_("Không tìm thấy đơn vị.")))
    return build(sel)


@router.get(
    "/overview",
    response={200: OverviewOut, **ERRORS},
    summary="Dossier figures of a unit for a period (received, resolved, pending)",
    description=(
        "Tình hình giải quyết hồ sơ của đơn vị trong kỳ: tiếp nhận theo kênh, từ kỳ trước, đã giải quyết "
        "(trước hạn, đúng hạn, quá hạn), đang giải quyết (trong hạn, quá hạn, tạm dừng) tại cuối kỳ "
        "hoặc hôm nay; tỷ lệ là phần trăm, hai chữ số thập phân, null khi không có mẫu số."
    ),
)
def overview(request: HttpRequest):
    def build(sel: Selection) -> Any:
        fig = selectors.figures(slice_=sel.slice, period=sel.period, today=sel.today)
        return Status(200, OverviewOut(unit=sel.unit_label, period=_period(sel), figures=_figures(fig)))

    return _with_selection(request, build)


@router.get(
    "/breakdown/{dimension}",
    response={200: BreakdownOut, **ERRORS},
    summary="The same figures by agency, commune, sector, procedure or level",
)
def breakdown(request: HttpRequest, dimension: str):
    if dimension not in DIMENSIONS:
        return Status(404, ErrorOut(code="not_found", message=_("Không có cách phân tổ này.")))

    def build(sel: Selection) -> Any:
        rows = selectors.breakdown(slice_=sel.slice, period=sel.period, today=sel.today, dimension=dimension)
        total = sum_figures([r.figures for r in rows])
        return Status(
            200,
            BreakdownOut(
                unit=sel.unit_label,
                period=_period(sel),
                dimension=dimension,
                rows=[RowOut(code=r.code, name=r.label, figures=_figures(r.figures)) for r in rows],
                total=_figures(total),
            ),
        )

    return _with_selection(request, build)


@router.get(
    "/form-06",
    response={200: ReportOut, **ERRORS},
    summary="Biểu số 06/VPCP/KSTT for a unit and period",
    description=(
        "Cột (1)–(11) của Biểu 06: nhận giải quyết, đã giải quyết, đang giải quyết; "
        "dòng theo cấp và lĩnh vực."
    ),
)
def form_06(request: HttpRequest):
    def build(sel: Selection) -> Any:
        report = statutory.report_06(
            slice_=sel.slice, unit_name=sel.unit_label, period=sel.period, today=sel.today
        )
        return Status(
            200,
            ReportOut(
                form=report.form,
                title=report.title,
                unit=report.unit_name,
                period=_period(sel),
                columns=[f"({n}) {h}" for n, h, _m in statutory.COLUMNS_06],
                rows=[
                    ReportRowOut(number=r.number, label=r.label, kind=r.kind, cells=r.cells)
                    for r in report.rows
                ],
                notes=report.notes,
            ),
        )

    return _with_selection(request, build)


@router.get(
    "/index-766",
    response={200: IndexOut, **ERRORS},
    summary="Decision 766 index of a unit for a period, with every sub-indicator's inputs",
)
def index_766(request: HttpRequest):
    def build(sel: Selection) -> Any:
        rule = index_data.rule_for(sc.province_code())
        commune = sel.commune is not None or (sel.agency is not None and sel.agency.level == "commune")
        result = index_data.index_for(
            slice_=sel.slice, period=sel.period, today=sel.today, rule=rule, commune=commune
        )
        return Status(
            200,
            IndexOut(
                unit=sel.unit_label,
                period=_period(sel),
                conversion=rule.conversion,
                points=result.points,
                counted_max=result.counted_max,
                max_points=result.max_points,
                share=result.share,
                groups=[
                    GroupOut(
                        code=g.group.code,
                        label=str(g.group.label),
                        points=g.points,
                        max_points=g.group.max_points,
                        counted_max=g.counted_max,
                        scores=[
                            ScoreOut(
                                code=s.indicator.code,
                                number=s.indicator.number,
                                label=str(s.indicator.label),
                                formula=str(s.indicator.formula),
                                numerator=s.numerator,
                                denominator=s.denominator,
                                rate=s.rate,
                                points=s.points,
                                max_points=s.indicator.max_points,
                                counted=s.counted,
                                explanation=str(s.explanation),
                            )
                            for s in g.scores
                        ],
                    )
                    for g in result.groups
                ],
            ),
        )

    return _with_selection(request, build)
