"""The figures provincial reform reports quote (domain.md "What the reform programmes report").

Each figure is computed from the system's own data for a slice and a period, with a table that can
be downloaded, or is stated plainly as not computable yet with the reason. Catalog figures that
need the reworked catalog (publication decisions, approved processes, time cuts) come from
`motcua.catalog.statistics` when present. Reform plan progress and the indices are the reform
app's pages (`/can-bo/cai-cach/`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.models import OnlineLevel
from motcua.organisations.models import Agency

from . import catalog_figures, drilldown, selectors
from .kpis import Flows, rate
from .periods import Period
from .slices import Slice

OK, NOT_BUILT, NOT_COMPUTABLE = "ok", "not_built", "not_computable"


@dataclass(frozen=True)
class ReformFigure:
    key: str
    title: str | Promise
    status: str
    summary: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""
    drill: dict[str, str] = field(default_factory=dict)


TITLES: dict[str, str | Promise] = {
    "publication": gettext_lazy("TTHC được công bố, quy trình nội bộ được phê duyệt"),
    "time_cuts": gettext_lazy("Cắt giảm thời gian giải quyết"),
    "centre": gettext_lazy("TTHC tiếp nhận tại Trung tâm Phục vụ hành chính công, theo cơ quan"),
    "online_levels": gettext_lazy("Dịch vụ công trực tuyến theo mức độ"),
    "overdue": gettext_lazy("Hồ sơ quá hạn theo cấp và theo đơn vị"),
    "online_by_commune": gettext_lazy("Tỷ lệ nộp hồ sơ trực tuyến theo xã, phường"),
    "digital": gettext_lazy("Kết quả điện tử, tái sử dụng và số hóa hồ sơ"),
    "payments": gettext_lazy("Thanh toán trực tuyến (số giao dịch, số tiền)"),
}


def _pct(value: Any) -> str:
    return "–" if value is None else f"{value}".replace(".", ",") + " %"


def _publication(period: Period) -> ReformFigure:
    stats = catalog_figures.statistics_module()
    if stats is None or not hasattr(stats, "get_publication_report"):
        return ReformFigure(
            "publication",
            TITLES["publication"],
            NOT_COMPUTABLE,
            "",
            note=_("Danh mục TTHC chưa ghi quyết định công bố, phê duyệt quy trình."),
        )
    r = stats.get_publication_report(start=period.start, end=period.end)
    summary = _(
        "%(d)d quyết định công bố %(p)d TTHC (sửa đổi %(a)d, bãi bỏ %(x)d); "
        "%(pd)d quyết định phê duyệt %(pp)d quy trình."
    ) % {
        "d": r.publication_decisions,
        "p": r.procedures_published,
        "a": r.procedures_amended,
        "x": r.procedures_abolished,
        "pd": r.process_decisions,
        "pp": r.processes_approved,
    }
    rows = [
        [_("Quyết định công bố"), r.publication_decisions],
        [_("TTHC công bố mới"), r.procedures_published],
        [_("TTHC sửa đổi, bổ sung"), r.procedures_amended],
        [_("TTHC bãi bỏ"), r.procedures_abolished],
        [_("Quyết định phê duyệt quy trình nội bộ"), r.process_decisions],
        [_("Quy trình nội bộ được phê duyệt"), r.processes_approved],
    ]
    return ReformFigure(
        "publication",
        TITLES["publication"],
        OK,
        summary,
        [_("Nội dung"), _("Số lượng")],
        rows,
        _("Toàn tỉnh, theo ngày ban hành quyết định trong kỳ."),
    )


def _time_cuts(period: Period) -> ReformFigure:
    stats = catalog_figures.statistics_module()
    if stats is None or not hasattr(stats, "get_time_cut_report"):
        return ReformFigure(
            "time_cuts",
            TITLES["time_cuts"],
            NOT_COMPUTABLE,
            "",
            note=_("Danh mục TTHC chưa ghi các lần cắt giảm thời gian giải quyết."),
        )
    r = stats.get_time_cut_report(start=period.start, end=period.end)
    rows = [[c.agency, c.procedures, f"{c.days.normalize():f}".replace(".", ",")] for c in r.by_agency]
    return ReformFigure(
        "time_cuts",
        TITLES["time_cuts"],
        OK,
        str(r.sentence),
        [_("Cơ quan"), _("Số TTHC cắt giảm"), _("Số ngày cắt giảm")],
        rows,
        _("Toàn tỉnh, theo ngày áp dụng trong kỳ."),
    )


def _centre(slice_: Slice, on: date) -> ReformFigure:
    facts = catalog_figures.versions_in_force(on=on, agency_ids=slice_.agency_ids)
    agencies = {
        a.pk: a
        for a in Agency.objects.filter(pk__in={f.agency_id for f in facts}, service_centre__level="province")
        .select_related("service_centre")
        .order_by("name")
    }
    per_agency = Counter(f.agency_id for f in facts if f.agency_id in agencies)
    rows = [
        [a.name, a.service_centre.name if a.service_centre else "", per_agency[pk]]
        for pk, a in agencies.items()
    ]
    kinds = Counter(a.kind for a in agencies.values())
    summary = _(
        "%(n)d cơ quan (%(d)d sở, ngành; %(v)d cơ quan ngành dọc), "
        "%(p)d TTHC tiếp nhận tại Trung tâm cấp tỉnh."
    ) % {
        "n": len(agencies),
        "d": kinds.get(Agency.Kind.DEPARTMENT, 0),
        "v": kinds.get(Agency.Kind.VERTICAL, 0),
        "p": sum(per_agency.values()),
    }
    return ReformFigure(
        "centre",
        TITLES["centre"],
        OK,
        summary,
        [_("Cơ quan"), _("Trung tâm tiếp nhận"), _("Số TTHC")],
        rows,
        _("Danh mục có hiệu lực ngày %(d)s.") % {"d": f"{on:%d/%m/%Y}"},
    )


def _online_levels(slice_: Slice, on: date) -> ReformFigure:
    facts = catalog_figures.versions_in_force(on=on, agency_ids=slice_.agency_ids)
    by_level = Counter(f.online_level for f in facts)
    labels = dict(OnlineLevel.choices)
    rows = [[str(labels.get(level, level)), n] for level, n in sorted(by_level.items())]
    online = by_level.get(OnlineLevel.FULL, 0) + by_level.get(OnlineLevel.PARTIAL, 0)
    summary = _("%(t)d TTHC, trong đó %(o)d dịch vụ công trực tuyến: %(f)d toàn trình, %(p)d một phần.") % {
        "t": len(facts),
        "o": online,
        "f": by_level.get(OnlineLevel.FULL, 0),
        "p": by_level.get(OnlineLevel.PARTIAL, 0),
    }
    return ReformFigure(
        "online_levels",
        TITLES["online_levels"],
        OK,
        summary,
        [_("Mức độ"), _("Số TTHC")],
        rows,
        _("Mức độ 1–4 cũ được thay bằng toàn trình / một phần (Nghị định 42/2022/NĐ-CP)."),
    )


def _overdue(slice_: Slice, period: Period, today: date) -> ReformFigure:
    by_agency = selectors.figures_by(slice_=slice_, period=period, today=today, dimension="agency")
    agencies: dict[object, Agency] = {a.pk: a for a in Agency.objects.filter(pk__in=set(by_agency))}
    per_level: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    rows = []
    for pk, fig in sorted(
        by_agency.items(), key=lambda kv: -(kv[1].flows.resolved_late + kv[1].pending.overdue)
    ):
        agency = agencies.get(pk)
        if agency is None:
            continue
        late, overdue = fig.flows.resolved_late, fig.pending.overdue
        per_level[agency.level][0] += late
        per_level[agency.level][1] += overdue
        per_level[agency.level][2] += fig.workload
        rows.append([agency.get_level_display(), agency.name, late, overdue, _pct(fig.late_rate)])
    parts = [
        _("%(level)s: %(late)d giải quyết quá hạn, %(over)d đang quá hạn (%(rate)s)")
        % {
            "level": Agency.Level(level).label,
            "late": v[0],
            "over": v[1],
            "rate": _pct(rate(v[0] + v[1], v[2])),
        }
        for level, v in sorted(per_level.items())
    ]
    return ReformFigure(
        "overdue",
        TITLES["overdue"],
        OK,
        "; ".join(parts) + ".",
        [_("Cấp"), _("Cơ quan"), _("Giải quyết quá hạn"), _("Đang quá hạn"), _("Tỷ lệ trễ hạn")],
        rows,
        _("Tỷ lệ trễ hạn = (giải quyết quá hạn + đang quá hạn) / (tiếp nhận + từ kỳ trước)."),
        {"chi_so": "resolved_late"},
    )


def _online_by_commune(slice_: Slice, period: Period) -> ReformFigure:
    data = selectors.flows_by(slice_=slice_, start=period.start, end=period.end, dimension="commune")
    names = selectors.labels("commune", set(data))
    ordered = sorted(data.items(), key=lambda kv: (kv[1].online_share is None, kv[1].online_share or 0))
    rows = [
        [names.get(k, ("", ""))[1], f.received, f.received_online, _pct(f.online_share)] for k, f in ordered
    ]
    total = sum(data.values(), Flows())
    summary = _("%(n)d xã, phường có hồ sơ; tỷ lệ trực tuyến chung %(r)s; thấp nhất: %(low)s.") % {
        "n": len(rows),
        "r": _pct(total.online_share),
        "low": ", ".join(f"{r[0]} ({r[3]})" for r in rows[:3]) or "–",
    }
    return ReformFigure(
        "online_by_commune",
        TITLES["online_by_commune"],
        OK,
        summary,
        [_("Xã, phường"), _("Hồ sơ tiếp nhận"), _("Trực tuyến"), _("Tỷ lệ")],
        rows,
        _("Hồ sơ của các cơ quan cấp xã; thấp nhất trước."),
        {"chi_so": "received_online"},
    )


def _digital(slice_: Slice, period: Period, today: date) -> ReformFigure:
    done = drilldown.dossiers_for(measure="digitised", slice_=slice_, period=period, today=today).count()
    total = drilldown.dossiers_for(
        measure="received_desk_or_post", slice_=slice_, period=period, today=today
    ).count()
    resolved = selectors.flows(slice_=slice_, start=period.start, end=period.end).resolved
    rows = [
        [_("Hồ sơ trực tiếp, bưu chính được số hóa đủ thành phần"), done, total, _pct(rate(done, total))],
        [_("Hồ sơ có kết quả điện tử"), 0, resolved, _pct(rate(0, resolved))],
        [_("Kết quả điện tử có thể tái sử dụng"), 0, resolved, _pct(rate(0, resolved))],
    ]
    summary = _(
        "Số hóa: %(d)s; kết quả điện tử: 0 (chức năng chưa có); tái sử dụng: 0 (chức năng chưa có)."
    ) % {"d": _pct(rate(done, total))}
    return ReformFigure(
        "digital",
        TITLES["digital"],
        OK,
        summary,
        [_("Chỉ số"), _("Số hồ sơ đạt"), _("Tổng số"), _("Tỷ lệ")],
        rows,
        _(
            "Hệ thống chưa phát hành kết quả điện tử ký số và chưa có kho dữ liệu cá nhân: hai tỷ lệ sau "
            "là 0 cho đến khi các chức năng này được xây dựng."
        ),
        {"chi_so": "digitised"},
    )


def build(*, slice_: Slice, period: Period, today: date) -> list[ReformFigure]:
    """Return every reform figure for the slice and period, computable or not."""
    on = period.as_of(today)
    return [
        _publication(period),
        _time_cuts(period),
        _centre(slice_, on),
        _online_levels(slice_, on),
        _overdue(slice_, period, today),
        _online_by_commune(slice_, period),
        _digital(slice_, period, today),
        ReformFigure(
            "payments",
            TITLES["payments"],
            NOT_BUILT,
            "",
            note=_("Chức năng thanh toán trực tuyến chưa được xây dựng: chưa có số giao dịch, số tiền."),
        ),
    ]
