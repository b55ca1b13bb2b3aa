"""The plan and its progress as an Excel workbook and as a PDF report for the committee meeting.

Both are built from the same rows (`plan_report`): the completion table per task group and every
task with its owner, deadline, status and percentage. The PDF is an HTML template rendered by
WeasyPrint in Liberation Serif (metric-compatible with Times New Roman, as Decree 30/2020/NĐ-CP
asks of official documents). openpyxl and WeasyPrint are imported only when an export is made.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .models import ReformPlan, ReformTask, TaskStatus
from .progress import ProgressSummary
from .selectors import get_progress


@dataclass(frozen=True)
class TaskRow:
    task: ReformTask
    co_agencies: str
    is_overdue: bool
    is_late: bool


@dataclass(frozen=True)
class PlanReport:
    plan: ReformPlan
    as_of: date
    summary: ProgressSummary
    rows: list[TaskRow]

    @property
    def overdue(self) -> list[TaskRow]:
        return [r for r in self.rows if r.is_overdue]


def plan_report(*, plan: ReformPlan, as_of: date) -> PlanReport:
    """Return the rows of a plan's progress report as of a day."""
    tasks = (
        ReformTask.objects.filter(plan=plan)
        .select_related("group", "owner")
        .prefetch_related("co_agencies")
        .order_by("group__order", "deadline", "pk")
    )
    rows = []
    for t in tasks:
        open_ = t.status not in (TaskStatus.COMPLETED, TaskStatus.CANCELLED)
        rows.append(
            TaskRow(
                task=t,
                co_agencies="; ".join(a.short_name or a.name for a in t.co_agencies.all()),
                is_overdue=open_ and t.deadline < as_of,
                is_late=t.status == TaskStatus.COMPLETED
                and t.completed_on is not None
                and t.completed_on > t.deadline,
            )
        )
    return PlanReport(plan=plan, as_of=as_of, summary=get_progress(as_of=as_of, plan=plan), rows=rows)


def _rate(value: Any) -> str:
    return "—" if value is None else f"{value:.2f}".replace(".", ",") + " %"


def to_excel(report: PlanReport) -> bytes:
    """Return the plan and its progress as an .xlsx workbook (two sheets)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="F2DCDB")
    wrap = Alignment(wrap_text=True, vertical="top")
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = _("Tiến độ")
    sheet.append([report.plan.title])
    sheet["A1"].font = Font(bold=True, size=13)
    decision = report.plan.decision_number or _("chưa ban hành")
    sheet.append([_("Quyết định ban hành: %(decision)s") % {"decision": decision}])
    sheet.append([_("Số liệu tính đến ngày %(day)s") % {"day": f"{report.as_of:%d/%m/%Y}"}])
    sheet.append([])
    header = [
        _("Nhóm nhiệm vụ"),
        _("Số nhiệm vụ"),
        _("Đã hoàn thành"),
        _("Trong đó quá hạn"),
        _("Chưa hoàn thành, quá hạn"),
        _("Đang thực hiện, trong hạn"),
        _("Tỷ lệ hoàn thành (%)"),
    ]
    sheet.append(header)
    for cell in sheet[5]:
        cell.font = bold
        cell.fill = header_fill
        cell.alignment = wrap
    for tally in [*report.summary.groups, report.summary.total]:
        sheet.append(
            [
                tally.label,
                tally.planned,
                tally.completed,
                tally.completed_late,
                tally.overdue,
                tally.open,
                float(tally.rate) if tally.rate is not None else None,
            ]
        )
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for col, width in zip("ABCDEFG", (48, 12, 14, 14, 16, 16, 16), strict=True):
        sheet.column_dimensions[col].width = width
    for row in sheet.iter_rows(min_row=6, min_col=7, max_col=7):
        for cell in row:
            cell.number_format = "0.00"

    tasks = book.create_sheet(_("Nhiệm vụ"))
    columns = [
        (_("STT"), 6),
        (_("Số hiệu"), 9),
        (_("Nhóm nhiệm vụ"), 28),
        (_("Nhiệm vụ"), 50),
        (_("Đơn vị chủ trì"), 30),
        (_("Đơn vị phối hợp"), 30),
        (_("Thời hạn"), 12),
        (_("Sản phẩm dự kiến"), 30),
        (_("Căn cứ"), 30),
        (_("Nguồn nhiệm vụ"), 20),
        (_("Tình trạng"), 18),
        (_("Tiến độ (%)"), 10),
        (_("Ngày hoàn thành"), 14),
        (_("Quá hạn"), 10),
    ]
    tasks.append([c[0] for c in columns])
    for cell in tasks[1]:
        cell.font = bold
        cell.fill = header_fill
        cell.alignment = wrap
    for i, (_title, width) in enumerate(columns, start=1):
        tasks.column_dimensions[get_column_letter(i)].width = width
    for n, row in enumerate(report.rows, start=1):
        t = row.task
        tasks.append(
            [
                n,
                t.number,
                t.group.name,
                t.title,
                t.owner.name,
                row.co_agencies,
                t.deadline,
                t.expected_output,
                t.legal_basis,
                t.get_source_display(),
                t.get_status_display(),
                t.progress_percent,
                t.completed_on,
                _("Quá hạn") if row.is_overdue else (_("Hoàn thành muộn") if row.is_late else ""),
            ]
        )
    for data_row in tasks.iter_rows(min_row=2):
        for cell in data_row:
            cell.alignment = wrap
        data_row[6].number_format = "DD/MM/YYYY"
        data_row[12].number_format = "DD/MM/YYYY"
    tasks.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_pdf(report: PlanReport, *, committee_name: str, province_name: str) -> bytes:
    """Return the progress report for the committee meeting as a PDF (A4 landscape)."""
    from weasyprint import HTML

    html = render_to_string(
        "reform/plan_report.html",
        {
            "report": report,
            "committee_name": committee_name,
            "province_name": province_name,
            "rate": _rate(report.summary.total.rate),
            "group_rates": [(g, _rate(g.rate)) for g in report.summary.groups],
        },
    )
    return bytes(HTML(string=html).write_pdf())
