"""Steering dashboards, the Decision 766 index and the statutory reports (mounted at /can-bo/bao-cao/).

Each view parses the selection (`params.parse_selection`: scope, period, slice), reads figures
through `motcua.reports`, and renders a page, a CSV / Excel table or a PDF. No rule lives here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.models import Sector
from motcua.core.timeutil import local
from motcua.organisations.models import Agency
from motcua.reports import (
    charts,
    drilldown,
    exports,
    index766,
    index_data,
    lost_time,
    reform_figures,
    selectors,
    statutory,
)
from motcua.reports import scope as sc
from motcua.reports.kpis import Figures, rate, sum_figures
from motcua.reports.periods import KIND_LABELS
from motcua.reports.slices import COLUMN_LABELS, DIMENSION_LABELS, DIMENSIONS

from .params import Selection, report_view

TABLE_HEADERS = [
    gettext_lazy("Mã"),
    gettext_lazy("Đơn vị, lĩnh vực, thủ tục"),
    gettext_lazy("Từ kỳ trước"),
    gettext_lazy("Tiếp nhận"),
    gettext_lazy("Trực tuyến"),
    gettext_lazy("Trực tiếp"),
    gettext_lazy("Bưu chính"),
    gettext_lazy("Đã giải quyết"),
    gettext_lazy("Trước hạn"),
    gettext_lazy("Đúng hạn"),
    gettext_lazy("Quá hạn"),
    gettext_lazy("Tỷ lệ đúng hạn (%)"),
    gettext_lazy("Đang giải quyết"),
    gettext_lazy("Còn hạn"),
    gettext_lazy("Quá hạn"),
    gettext_lazy("Tạm dừng"),
    gettext_lazy("Tỷ lệ trực tuyến (%)"),
    gettext_lazy("Rút, dừng"),
    gettext_lazy("Từ chối"),
]


def _cells(code: str, label: str, f: Figures) -> list[Any]:
    return [
        code,
        label,
        f.carried_over,
        f.flows.received,
        f.flows.received_online,
        f.flows.received_counter,
        f.flows.received_postal,
        f.flows.resolved,
        f.flows.resolved_early,
        f.flows.resolved_on_time,
        f.flows.resolved_late,
        f.flows.on_time_rate,
        f.pending.total,
        f.pending.in_time,
        f.pending.overdue,
        f.pending.paused,
        f.flows.online_share,
        f.flows.closed,
        f.flows.refused,
    ]


def _download(
    request: HttpRequest, name: str, title: str, headers: list[Any], rows: list[list[Any]], note: str = ""
) -> HttpResponse | None:
    fmt = request.GET.get("dinh_dang")
    if fmt == "csv":
        response = HttpResponse(exports.table_csv(headers, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if fmt == "xlsx":
        response = HttpResponse(
            exports.table_xlsx(title, headers, rows, note), content_type=exports.XLSX_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    return None


def _when(value: datetime | None) -> str:
    return local(value).strftime("%d/%m/%Y %H:%M") if value else ""


def _base(sel: Selection, **extra: Any) -> dict[str, Any]:
    return {
        "sel": sel,
        "drill_base": sel.drill_base,
        "agencies": sc.list_agencies(sel.scope),
        "communes": sc.list_communes(sel.scope),
        "sectors": list(Sector.objects.order_by("name")),
        "period_kinds": KIND_LABELS,
        **extra,
    }


def _trend_chart(trend: list[tuple[tuple[int, int], Any]]) -> str:
    bars = [
        charts.Bar(
            label=f"{m:02d}/{y % 100:02d}",
            segments=[
                charts.Segment(_("Trước hạn"), f.resolved_early, charts.GREEN),
                charts.Segment(_("Đúng hạn"), f.resolved_on_time, charts.BLUE),
                charts.Segment(_("Quá hạn"), f.resolved_late, charts.RED),
            ],
            marker=f.received,
        )
        for (y, m), f in trend
    ]
    return charts.stacked_columns(
        title=_("Hồ sơ giải quyết theo tháng (cột) và hồ sơ tiếp nhận (vạch)"),
        bars=bars,
        marker_label=_("Tiếp nhận"),
    )


@report_view()
def overview(request: HttpRequest, sel: Selection) -> HttpResponse:
    """The province (or the viewer's agencies) at a glance for a period."""
    # The agencies partition the slice, so the totals are the sum of the per-agency figures.
    by_agency = selectors.breakdown(slice_=sel.slice, period=sel.period, today=sel.today, dimension="agency")
    fig = sum_figures([r.figures for r in by_agency])
    trend = selectors.flows_by_month(slice_=sel.slice, period=sel.period, today=sel.today)
    worst_units = sorted(
        (r for r in by_agency if r.figures.flows.resolved or r.figures.pending.overdue),
        key=lambda r: (-(r.figures.pending.overdue + r.figures.flows.resolved_late), r.label),
    )[:10]
    worst = lost_time.worst_pending(
        slice_=sel.slice, period=sel.period, today=sel.today, now=sel.now, limit=10
    )
    f = fig.flows
    context = _base(
        sel,
        fig=fig,
        trend=trend,
        worst_units=worst_units,
        worst=worst,
        trend_chart=_trend_chart(trend),
        channel_chart=charts.share_bar(
            title=_("Kênh tiếp nhận"),
            segments=[
                charts.Segment(_("Trực tuyến"), f.received_online, charts.BLUE),
                charts.Segment(_("Trực tiếp tại Bộ phận Một cửa"), f.received_counter, charts.GREY),
                charts.Segment(_("Bưu chính công ích"), f.received_postal, charts.AMBER),
            ],
        ),
        resolved_chart=charts.share_bar(
            title=_("Kết quả giải quyết"),
            segments=[
                charts.Segment(_("Trước hạn"), f.resolved_early, charts.GREEN),
                charts.Segment(_("Đúng hạn"), f.resolved_on_time, charts.BLUE),
                charts.Segment(_("Quá hạn"), f.resolved_late, charts.RED),
            ],
        ),
        pending_chart=charts.share_bar(
            title=_("Đang giải quyết"),
            segments=[
                charts.Segment(_("Còn hạn"), fig.pending.in_time, charts.BLUE),
                charts.Segment(_("Quá hạn"), fig.pending.overdue, charts.RED),
                charts.Segment(_("Tạm dừng"), fig.pending.paused, charts.AMBER),
            ],
        ),
        units_chart=charts.rate_bars(
            title=_("Tỷ lệ đúng hạn theo đơn vị"),
            items=[
                (
                    r.label,
                    float(r.figures.flows.on_time_rate) if r.figures.flows.on_time_rate is not None else None,
                )
                for r in worst_units
            ],
        ),
    )
    rows = [[f"{m:02d}/{y}", "", *_cells("", "", Figures(fl, 0, fig.pending))[3:12]] for (y, m), fl in trend]
    download = _download(
        request,
        f"xu-huong-{sel.period.start}-{sel.period.end}",
        _("Hồ sơ theo tháng – %(unit)s") % {"unit": sel.unit_label},
        [_("Tháng"), "", *TABLE_HEADERS[3:12]],
        rows,
    )
    return download or render(request, "workspace/reports/overview.html", context)


@report_view()
def breakdown(request: HttpRequest, sel: Selection, dimension: str) -> HttpResponse:
    """The figures by agency, commune, sector, procedure or level, with a chart and downloads."""
    if dimension not in DIMENSIONS:
        raise Http404
    rows = selectors.breakdown(slice_=sel.slice, period=sel.period, today=sel.today, dimension=dimension)
    total = sum_figures([r.figures for r in rows])
    download = _download(
        request,
        f"bao-cao-{dimension}-{sel.period.start}-{sel.period.end}",
        _("%(dim)s – %(unit)s – %(period)s")
        % {"dim": DIMENSION_LABELS[dimension], "unit": sel.unit_label, "period": sel.period.label},
        TABLE_HEADERS,
        [_cells(r.code, r.label, r.figures) for r in rows] + [_cells("", _("Tổng cộng"), total)],
    )
    if download:
        return download
    ranked = sorted(
        rows, key=lambda r: (r.figures.flows.on_time_rate is None, r.figures.flows.on_time_rate or 0)
    )
    param = {
        "agency": "don_vi",
        "commune": "xa",
        "sector": "linh_vuc",
        "procedure": "thu_tuc",
        "level": "cap",
    }[dimension]
    return render(
        request,
        "workspace/reports/breakdown.html",
        _base(
            sel,
            dimension=dimension,
            dimension_label=DIMENSION_LABELS[dimension],
            column_label=COLUMN_LABELS[dimension],
            dimensions=DIMENSION_LABELS,
            rows=rows,
            total=total,
            param=param,
            chart=charts.rate_bars(
                title=_("Tỷ lệ giải quyết đúng hạn, thấp nhất trước"),
                items=[
                    (
                        r.label,
                        float(r.figures.flows.on_time_rate)
                        if r.figures.flows.on_time_rate is not None
                        else None,
                    )
                    for r in ranked[:20]
                ],
            ),
        ),
    )


@report_view(by_place_of_reception=True)
def dossiers(request: HttpRequest, sel: Selection) -> HttpResponse:
    """The dossiers behind one figure, within the viewer's scope."""
    measure = request.GET.get("chi_so", "")
    if measure not in drilldown.MEASURES:
        return render(
            request,
            "workspace/reports/error.html",
            {"message": _("Chỉ số không hợp lệ."), "field": "chi_so"},
            status=400,
        )
    qs = (
        drilldown.dossiers_for(measure=measure, slice_=sel.slice, period=sel.period, today=sel.today)
        .select_related(*drilldown.RELATED)
        .order_by(*drilldown.ORDERING.get(measure, ("-received_at", "pk")))
    )
    title = str(drilldown.MEASURES[measure])
    if request.GET.get("dinh_dang") in ("csv", "xlsx"):
        rows = [
            [
                d.code,
                d.procedure_version.procedure.code,
                d.procedure_version.procedure.name,
                d.competent_agency.name,
                d.get_channel_display(),
                _when(d.received_at),
                _when(d.due_at),
                _when(d.resolved_at),
                d.get_status_display(),
            ]
            for d in qs[:100_000]
        ]
        headers = [
            _("Mã hồ sơ"),
            _("Mã TTHC"),
            _("Thủ tục"),
            _("Cơ quan giải quyết"),
            _("Kênh"),
            _("Tiếp nhận"),
            _("Hẹn trả"),
            _("Có kết quả"),
            _("Trạng thái"),
        ]
        response = _download(
            request, f"ho-so-{measure}", f"{title} – {sel.unit_label} – {sel.period.label}", headers, rows
        )
        assert response is not None  # noqa: S101 - the format was checked above
        return response
    page = Paginator(qs, 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "workspace/reports/dossiers.html",
        _base(sel, measure=measure, title=title, page=page, measures=drilldown.MEASURES),
    )


@report_view()
def overdue(request: HttpRequest, sel: Selection) -> HttpResponse:
    """The worst overdue dossiers, each with the step and officer where it lost its time."""
    pending = lost_time.worst_pending(
        slice_=sel.slice, period=sel.period, today=sel.today, now=sel.now, limit=30
    )
    resolved = lost_time.worst_resolved(slice_=sel.slice, period=sel.period, today=sel.today, limit=30)
    rows = [
        [
            o.dossier.code,
            o.dossier.competent_agency.name,
            o.dossier.procedure_version.procedure.name,
            o.days_late,
            o.lost_at.step if o.lost_at else "",
            o.lost_at.officer if o.lost_at else "",
            o.lost_at.overrun_text if o.lost_at else "",
            _("Đang giải quyết") if kind == "p" else _("Đã giải quyết"),
        ]
        for kind, items in (("p", pending), ("r", resolved))
        for o in items
    ]
    download = _download(
        request,
        "ho-so-qua-han",
        _("Hồ sơ quá hạn nhiều nhất – %(unit)s – %(period)s")
        % {"unit": sel.unit_label, "period": sel.period.label},
        [
            _("Mã hồ sơ"),
            _("Cơ quan"),
            _("Thủ tục"),
            _("Số ngày quá hạn"),
            _("Bước chậm nhất"),
            _("Cán bộ"),
            _("Vượt hạn bước"),
            _("Tình trạng"),
        ],
        rows,
    )
    return download or render(
        request, "workspace/reports/overdue.html", _base(sel, pending=pending, resolved=resolved)
    )


@report_view()
def digital(request: HttpRequest, sel: Selection) -> HttpResponse:
    """Channels, digitisation, electronic results, reuse, online payment and ratings."""
    fig = selectors.figures(slice_=sel.slice, period=sel.period, today=sel.today)
    digitised = drilldown.dossiers_for(
        measure="digitised", slice_=sel.slice, period=sel.period, today=sel.today
    ).count()
    f = fig.flows
    items = [
        (_("Hồ sơ nộp trực tuyến"), f.received_online, f.received, "received_online", "received", ""),
        (
            _("Hồ sơ nộp qua bưu chính công ích"),
            f.received_postal,
            f.received,
            "received_postal",
            "received",
            "",
        ),
        (_("Hồ sơ nộp trực tiếp"), f.received_counter, f.received, "received_counter", "received", ""),
        (
            _("Hồ sơ trực tiếp, bưu chính được số hóa đủ thành phần"),
            digitised,
            f.received_desk_or_post,
            "digitised",
            "received_desk_or_post",
            _("Mỗi giấy tờ được quét, ký số và ghi siêu dữ liệu khi tiếp nhận (Nghị định 118, Điều 17, 19)."),
        ),
        (
            _("Hồ sơ có kết quả điện tử"),
            0,
            f.resolved,
            "",
            "resolved",
            _("Chưa tính được: hệ thống chưa phát hành kết quả điện tử ký số; hiển thị 0."),
        ),
        (
            _("Hồ sơ sử dụng lại dữ liệu số hóa"),
            0,
            f.received,
            "",
            "received",
            _("Chưa tính được: kho dữ liệu điện tử của tổ chức, cá nhân chưa được xây dựng; hiển thị 0."),
        ),
    ]
    rows = [
        {
            "label": lab,
            "value": v,
            "total": t,
            "rate": rate(v, t),
            "measure": m,
            "total_measure": tm,
            "note": note,
        }
        for lab, v, t, m, tm, note in items
    ]
    missing = [
        (
            _("Thanh toán trực tuyến"),
            _("Chưa có: chức năng thanh toán trực tuyến chưa được xây dựng (số giao dịch, số tiền)."),
        ),
        (
            _("Đánh giá mức độ hài lòng"),
            _("Chưa có: chức năng đánh giá của người dân (Nghị định 118, Điều 33) chưa được xây dựng."),
        ),
    ]
    download = _download(
        request,
        "so-hoa-truc-tuyen",
        _("Dịch vụ số – %(unit)s – %(period)s") % {"unit": sel.unit_label, "period": sel.period.label},
        [_("Chỉ số"), _("Số hồ sơ"), _("Tổng số"), _("Tỷ lệ (%)"), _("Ghi chú")],
        [[r["label"], r["value"], r["total"], r["rate"], r["note"]] for r in rows]
        + [[m, "", "", "", n] for m, n in missing],
    )
    return download or render(
        request,
        "workspace/reports/digital.html",
        _base(
            sel,
            rows=rows,
            missing=missing,
            channel_chart=charts.share_bar(
                title=_("Kênh tiếp nhận"),
                segments=[
                    charts.Segment(_("Trực tuyến"), f.received_online, charts.BLUE),
                    charts.Segment(_("Trực tiếp"), f.received_counter, charts.GREY),
                    charts.Segment(_("Bưu chính công ích"), f.received_postal, charts.AMBER),
                ],
            ),
        ),
    )


@report_view()
def index(request: HttpRequest, sel: Selection) -> HttpResponse:
    """The Decision 766 index of each agency, and of the selected unit in detail."""
    rule = index_data.rule_for(sc.province_code())
    commune = sel.commune is not None or (sel.agency is not None and sel.agency.level == "commune")
    result = index_data.index_for(
        slice_=sel.slice, period=sel.period, today=sel.today, rule=rule, commune=commune
    )
    per_agency = index_data.inputs_by_agency(slice_=sel.slice, period=sel.period, today=sel.today)
    names = selectors.labels("agency", set(per_agency))
    levels = dict(Agency.objects.filter(pk__in=set(per_agency)).values_list("pk", "level"))
    ranking = sorted(
        (
            (
                names.get(pk, ("", ""))[0],
                names.get(pk, ("", ""))[1],
                index766.score(inputs=inputs, rule=rule, commune=levels.get(pk) == "commune"),
            )
            for pk, inputs in per_agency.items()
        ),
        key=lambda t: (t[2].share is None, -(t[2].share or 0), t[1]),
    )
    download = _download(
        request,
        f"chi-so-766-{sel.period.start}-{sel.period.end}",
        _("Chỉ số Quyết định 766 – %(period)s") % {"period": sel.period.label},
        [
            _("Mã"),
            _("Đơn vị"),
            _("Điểm"),
            _("Điểm tối đa tính được"),
            _("Tỷ lệ điểm (%)"),
            *[f"{g.group.label} ({g.group.max_points})" for g in result.groups],
        ],
        [
            [code, name, r.points, r.counted_max, r.share, *[g.points for g in r.groups]]
            for code, name, r in ranking
        ],
        _("Quy đổi điểm: %(c)s") % {"c": rule.conversion},
    )
    return download or render(
        request,
        "workspace/reports/index766.html",
        _base(sel, result=result, ranking=ranking, rule=rule, commune=commune),
    )


FORMS = {"06": "report_06", "06a": "report_06a", "07b": "report_07b"}


@report_view()
def statutory_report(request: HttpRequest, sel: Selection, form: str) -> HttpResponse:
    """Biểu 06, II.06a and II.07b on screen, as Excel and as PDF."""
    if form not in FORMS:
        raise Http404
    centres = sc.list_centres(sel.scope)
    if form == "06a":
        if sel.centre is None or sel.centre_slice is None:
            if not centres:
                raise Http404
            return render(
                request, "workspace/reports/pick_centre.html", _base(sel, centres=centres, form=form)
            )
        report = statutory.report_06a(
            slice_=sel.centre_slice, centre=sel.centre, period=sel.period, today=sel.today
        )
    elif form == "07b":
        report = statutory.report_07b(
            slice_=sel.slice, unit_name=sel.unit_label, on=sel.period.as_of(sel.today)
        )
    else:
        report = statutory.report_06(
            slice_=sel.slice, unit_name=sel.unit_label, period=sel.period, today=sel.today
        )
    fmt = request.GET.get("dinh_dang")
    name = f"bieu-{form}-{sel.period.start}-{sel.period.end}"
    if fmt == "xlsx":
        response = HttpResponse(exports.report_xlsx(report), content_type=exports.XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    if fmt == "pdf":
        issuer = sel.centre.name if sel.centre else (sel.agency.name if sel.agency else sel.unit_label)
        place = sel.centre.unit.name if sel.centre else (sel.agency.unit.name if sel.agency else "")
        response = HttpResponse(
            exports.report_pdf(report, issuer=issuer, issuer_parent="", place=place or "", today=sel.today),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response
    groups, columns = exports._header_rows(report)
    measures = [m for _n, _h, m in statutory.COLUMNS_06] if form != "07b" else []
    extra: dict[str, Any] = {}
    if form == "06a":  # its figures are the dossiers received at the centre: the lists say so too
        drill_base = {k: v for k, v in sel.drill_base.items() if k != "trung_tam"}
        extra["drill_base"] = {**drill_base, "noi_nhan": sel.centre.electronic_id}
    return render(
        request,
        "workspace/reports/statutory.html",
        _base(
            sel,
            report=report,
            form=form,
            groups=groups,
            columns=columns,
            measures=measures,
            centres=centres,
            **extra,
        ),
    )


@report_view()
def reform(request: HttpRequest, sel: Selection) -> HttpResponse:
    """The figures provincial reform reports quote, each with its table and download."""
    figures = reform_figures.build(slice_=sel.slice, period=sel.period, today=sel.today)
    key = request.GET.get("muc", "")
    chosen = next((f for f in figures if f.key == key), None)
    if chosen is not None and chosen.headers:
        download = _download(
            request,
            f"so-lieu-{chosen.key}-{sel.period.start}-{sel.period.end}",
            f"{chosen.title} – {sel.unit_label} – {sel.period.label}",
            chosen.headers,
            chosen.rows,
            chosen.summary,
        )
        if download:
            return download
    return render(request, "workspace/reports/reform.html", _base(sel, figures=figures))
