"""The statutory reports: Biểu 06/VPCP/KSTT, II.06a/VPCP/KSTT and II.07b/VPCP/KSTT.

Layouts as deployed provincial systems print them (domain.md §11, OBSERVED [S5]):

- **Biểu 06** "Tình hình, kết quả giải quyết TTHC tại cơ quan, đơn vị trực tiếp giải quyết TTHC":
  rows = lĩnh vực (sectors), grouped by level (cấp tỉnh, cấp xã) of the competent agency; columns
  (1) received to handle = (2) online + (3) at the desk or by post + (4) carried over from the
  previous period; (5) resolved = (6) early + (7) on time + (8) late; (9) pending = (10) in time +
  (11) overdue.
- **Biểu II.06a**: the same columns for a Trung tâm Phục vụ hành chính công ("tại Trung tâm"):
  the dossiers received at that centre, one row per competent agency. Any desk receives any
  procedure (Decree 118 Art 14(2)), so a centre's rows are the agencies it receives for
  (`Agency.service_centre`) and any other agency whose dossiers were received there; the counters
  are kept per agency, so these figures are counted from the dossiers
  (`drilldown.figures_by_counting`), exactly the lists their drill-down links show.
- **Biểu II.07b**: per agency, procedures under its competence (total, provincial, commune), those
  done through the one-stop mechanism (the agency has a desk), and internal processes issued. The
  district columns disappeared with the district level on 1 July 2025 (Law 72/2025/QH15 Art 51(3)).

Counting rules (domain.md §11): carried over = received before the period and still open at its
start; received in the period by channel; resolved = result ready in the period; pending at the
period's end (today for a running period). Statuses 1 (submitted only) and 3 (refused at intake)
are not workload. Dossiers paused for a supplement or a financial obligation are pending and in
time (their clock does not run); withdrawn and stopped dossiers are neither resolved nor pending
and are stated under the table, so that (1) = (5) + (9) + withdrawn/stopped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.models import Procedure
from motcua.core.text import fold
from motcua.organisations.models import Agency, ServiceCentre

from . import catalog_figures, drilldown, selectors
from .kpis import Figures, Flows, Pending, sum_figures
from .periods import Period
from .slices import Slice

COLUMNS_06: list[tuple[str, str | Promise, str]] = [
    # (column number, header, drill-down measure or "")
    ("1", gettext_lazy("Tổng số"), ""),
    ("2", gettext_lazy("Trực tuyến"), "received_online"),
    ("3", gettext_lazy("Trực tiếp, dịch vụ bưu chính"), "received_desk_or_post"),
    ("4", gettext_lazy("Từ kỳ trước"), "carried_over"),
    ("5", gettext_lazy("Tổng số"), "resolved"),
    ("6", gettext_lazy("Trước hạn"), "resolved_early"),
    ("7", gettext_lazy("Đúng hạn"), "resolved_on_time"),
    ("8", gettext_lazy("Quá hạn"), "resolved_late"),
    ("9", gettext_lazy("Tổng số"), "pending"),
    ("10", gettext_lazy("Trong hạn"), "pending_not_overdue"),
    ("11", gettext_lazy("Quá hạn"), "pending_overdue"),
]
GROUPS_06 = [
    (gettext_lazy("Số hồ sơ nhận giải quyết"), 4, gettext_lazy("Trong đó")),
    (gettext_lazy("Kết quả giải quyết – Đã giải quyết"), 4, gettext_lazy("Trong đó")),
    (gettext_lazy("Đang giải quyết"), 3, gettext_lazy("Trong đó")),
]
COLUMNS_07B = [
    gettext_lazy("Tổng số"),
    gettext_lazy("Cấp tỉnh"),
    gettext_lazy("Cấp xã"),
] * 3
GROUPS_07B = [
    gettext_lazy("Tổng số TTHC thuộc thẩm quyền giải quyết"),
    gettext_lazy("Số TTHC thực hiện theo cơ chế một cửa, một cửa liên thông"),
    gettext_lazy("Số quy trình nội bộ giải quyết TTHC được ban hành"),
]


def cells_06(f: Figures) -> list[int]:
    """Return the 11 numeric columns of Biểu 06 / II.06a for a unit's figures."""
    return [
        f.workload,
        f.flows.received_online,
        f.flows.received_desk_or_post,
        f.carried_over,
        f.flows.resolved,
        f.flows.resolved_early,
        f.flows.resolved_on_time,
        f.flows.resolved_late,
        f.pending.total,
        f.pending.in_time + f.pending.paused,
        f.pending.overdue,
    ]


@dataclass(frozen=True)
class ReportRow:
    number: str
    label: str
    cells: list[int]
    kind: str = "row"  # row, section, total
    drill: dict[str, str] = field(default_factory=dict)  # extra query parameters narrowing the slice


@dataclass(frozen=True)
class Report:
    form: str
    title: str
    subtitle: str
    unit_name: str
    period: Period | None
    as_of: date
    rows: list[ReportRow]
    notes: list[str]


def _notes(total: Figures, period: Period, today: date) -> list[str]:
    as_of = period.as_of(today)
    notes = [
        _("Số liệu tính đến hết ngày %(d)s; “Đang giải quyết” là số hồ sơ chưa có kết quả tại thời điểm đó.")
        % {"d": f"{as_of:%d/%m/%Y}"},
        _("Cột (10) gồm %(n)d hồ sơ đang tạm dừng chờ bổ sung hoặc thực hiện nghĩa vụ tài chính.")
        % {"n": total.pending.paused},
        _(
            "Ngoài biểu: %(w)d hồ sơ công dân rút, %(s)d hồ sơ dừng xử lý trong kỳ; "
            "%(r)d hồ sơ bị từ chối tiếp nhận (không tính vào số hồ sơ nhận giải quyết)."
        )
        % {"w": total.flows.withdrawn, "s": total.flows.stopped, "r": total.flows.refused},
    ]
    if not total.balanced:
        notes.append(_("Cảnh báo: số liệu không cân đối; hãy chạy “motcua reconcile_counters”."))
    return notes


def report_06(*, slice_: Slice, unit_name: str, period: Period, today: date) -> Report:
    """Return Biểu 06 for the slice: sectors grouped by the competent agency's level."""
    levels = dict(Agency.objects.filter(pk__in=slice_.agency_ids).values_list("pk", "level"))
    rows: list[ReportRow] = []
    totals: list[Figures] = []
    numerals = iter(("I", "II", "III"))
    for level, level_label in Agency.Level.choices:
        ids = frozenset(pk for pk, lv in levels.items() if lv == level)
        if not ids:
            continue
        level_slice = replace(slice_, agency_ids=ids)
        data = selectors.figures_by(slice_=level_slice, period=period, today=today, dimension="sector")
        if not data:
            continue
        names = selectors.labels("sector", set(data))
        subtotal = sum_figures(list(data.values()))
        totals.append(subtotal)
        rows.append(
            ReportRow(next(numerals), str(level_label), cells_06(subtotal), "section", {"cap": str(level)})
        )
        ordered = sorted(data.items(), key=lambda kv: names.get(kv[0], ("", ""))[1])
        for i, (key, fig) in enumerate(ordered, start=1):
            code, name = names.get(key, ("", str(key)))
            rows.append(ReportRow(str(i), name, cells_06(fig), "row", {"cap": str(level), "linh_vuc": code}))
    total = sum_figures(totals)
    rows.append(ReportRow("", _("Tổng cộng"), cells_06(total), "total"))
    return Report(
        form="06",
        title=_(
            "Tình hình, kết quả giải quyết thủ tục hành chính tại cơ quan, đơn vị trực tiếp giải quyết TTHC"
        ),
        subtitle=_("Biểu số 06/VPCP/KSTT"),
        unit_name=unit_name,
        period=period,
        as_of=period.as_of(today),
        rows=rows,
        notes=_notes(total, period, today),
    )


def report_06a(*, slice_: Slice, centre: ServiceCentre, period: Period, today: date) -> Report:
    """Return Biểu II.06a for a service centre: the dossiers received there, one row per agency.

    `slice_` is the viewer's slice narrowed to the centre (`Selection.centre_slice`); the rows are
    the agencies of the slice that the centre receives for, then any other agency of the slice with
    dossiers received there (each group provincial agencies first, then by name).
    """
    if slice_.receiving_centre_id != centre.pk:
        slice_ = replace(slice_, receiving_centre_id=centre.pk)
    data = drilldown.figures_by_counting(slice_=slice_, period=period, today=today, dimension="agency")
    shown = Q(service_centre=centre) | Q(pk__in=[pk for pk in data if isinstance(pk, int)])
    levels = list(Agency.Level.values)  # provincial agencies first, as in Biểu 06
    agencies = {
        a.pk: a
        for a in sorted(
            Agency.objects.filter(shown, pk__in=slice_.agency_ids),
            key=lambda a: (a.service_centre_id != centre.pk, levels.index(a.level), fold(a.name)),
        )
    }
    rows: list[ReportRow] = []
    for i, (pk, agency) in enumerate(agencies.items(), start=1):
        fig = data.get(pk, Figures(Flows(), 0, Pending()))
        rows.append(ReportRow(str(i), agency.name, cells_06(fig), "row", {"don_vi": agency.electronic_id}))
    total = sum_figures([data[pk] for pk in agencies if pk in data])
    rows.append(ReportRow("", _("Tổng cộng"), cells_06(total), "total"))
    return Report(
        form="06a",
        title=_("Tình hình, kết quả giải quyết thủ tục hành chính tại Trung tâm Phục vụ hành chính công"),
        subtitle=_("Biểu số II.06a/VPCP/KSTT"),
        unit_name=centre.name,
        period=period,
        as_of=period.as_of(today),
        rows=rows,
        notes=[
            _(
                "Số liệu là các hồ sơ tiếp nhận tại Trung tâm, kể cả hồ sơ thuộc thẩm quyền của cơ quan "
                "khác (tiếp nhận không phụ thuộc vào địa giới hành chính)."
            ),
            *_notes(total, period, today),
        ],
    )


def report_07b(*, slice_: Slice, unit_name: str, on: date) -> Report:
    """Return Biểu II.07b: procedures under each agency's competence, one-stop, processes issued."""
    facts = catalog_figures.versions_in_force(on=on, agency_ids=slice_.agency_ids)
    agencies = {
        a.pk: a for a in Agency.objects.filter(pk__in={f.agency_id for f in facts}).order_by("level", "name")
    }
    counts: dict[int, list[int]] = defaultdict(lambda: [0] * 9)
    for fact in facts:
        agency = agencies[fact.agency_id]
        offset = 1 if fact.procedure_level == Procedure.Level.PROVINCE else 2
        cells = counts[fact.agency_id]
        cells[0] += 1
        cells[offset] += 1
        if agency.service_centre_id is not None:
            cells[3] += 1
            cells[3 + offset] += 1
        if fact.has_process:
            cells[6] += 1
            cells[6 + offset] += 1
    rows = [
        ReportRow(str(i), agency.name, counts[pk], "row", {"don_vi": agency.electronic_id})
        for i, (pk, agency) in enumerate(agencies.items(), start=1)
    ]
    total = [sum(c[i] for c in counts.values()) for i in range(9)]
    rows.append(ReportRow("", _("Tổng cộng"), total, "total"))
    return Report(
        form="07b",
        title=_("Tình hình công bố, công khai TTHC và thực hiện cơ chế một cửa, một cửa liên thông"),
        subtitle=_("Biểu số II.07b/VPCP/KSTT"),
        unit_name=unit_name,
        period=None,
        as_of=on,
        rows=rows,
        notes=[
            _("Danh mục TTHC có hiệu lực ngày %(d)s; mỗi thủ tục tính cho cơ quan có thẩm quyền giải quyết.")
            % {"d": f"{on:%d/%m/%Y}"},
            _(
                "“Một cửa”: cơ quan có Bộ phận Một cửa tiếp nhận hồ sơ; "
                "“quy trình nội bộ”: phiên bản thủ tục có quy trình nội bộ gồm các bước xử lý."
            ),
            _(
                "Từ ngày 01/7/2025 không còn cấp huyện (Luật 72/2025/QH15, Điều 51 khoản 3): "
                "bỏ các cột cấp huyện."
            ),
        ],
    )
