"""Downloads: any dashboard table as CSV or Excel; the statutory reports as Excel and PDF.

CSV is UTF-8 with a byte-order mark so that Excel opens Vietnamese text correctly; text cells that
a spreadsheet would run as a formula (starting with =, +, -, @) are prefixed with an apostrophe.
Excel files are built with openpyxl (imported only here, when a file is asked for); PDFs with
`documents.pdf.render_pdf` (WeasyPrint, the vendored Tinos font, the official header of Decree
30/2020/NĐ-CP as in `documents/form_base.html`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.utils.functional import Promise

from motcua.documents.pdf import render_pdf

from .statutory import COLUMNS_06, COLUMNS_07B, GROUPS_06, GROUPS_07B, Report

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _safe(value: Any) -> Any:
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def table_csv(headers: Sequence[str | Promise], rows: Iterable[Sequence[Any]]) -> bytes:
    """Return a table as CSV bytes (UTF-8 with BOM)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow([_safe(c) if c is not None else "" for c in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def table_xlsx(
    title: str, headers: Sequence[str | Promise], rows: Iterable[Sequence[Any]], note: str = ""
) -> bytes:
    """Return a table as an Excel workbook: a title row, an optional note, the header, the rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None  # noqa: S101 - a new workbook always has a sheet
    ws.title = "Bao cao"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    if note:
        ws.append([note])
    ws.append([str(h) for h in headers])
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append([_safe(c) if c is not None else None for c in row])
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 48
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _header_rows(report: Report) -> tuple[list[tuple[str, int]], list[str]]:
    """Return (group headers with their spans, column headers) of the report's numeric columns."""
    if report.form == "07b":
        return [(str(g), 3) for g in GROUPS_07B], [str(c) for c in COLUMNS_07B]
    return [(str(g), span) for g, span, _sub in GROUPS_06], [str(h) for _n, h, _m in COLUMNS_06]


def report_xlsx(report: Report) -> bytes:
    """Return a statutory report as an Excel workbook laid out like the printed form."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None  # noqa: S101 - a new workbook always has a sheet
    ws.title = f"Bieu {report.form}"
    groups, columns = _header_rows(report)
    width = 2 + len(columns)
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    lines = [
        (report.subtitle, Font(bold=True)),
        (report.title.upper(), Font(bold=True, size=13)),
        (_period_line(report), Font(italic=True)),
        (f"Đơn vị báo cáo: {report.unit_name}", Font()),
        ("Đơn vị tính: số hồ sơ TTHC" if report.form != "07b" else "Đơn vị tính: số TTHC, quy trình", Font()),
    ]
    for text, font in lines:
        ws.append([text])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
        cell = ws.cell(row=ws.max_row, column=1)
        cell.font, cell.alignment = font, Alignment(horizontal="center", wrap_text=True)
    top = ws.max_row + 1
    ws.cell(row=top, column=1, value="STT")
    ws.cell(row=top, column=2, value="Lĩnh vực, công việc" if report.form == "06" else "Cơ quan, đơn vị")
    ws.merge_cells(start_row=top, start_column=1, end_row=top + 1, end_column=1)
    ws.merge_cells(start_row=top, start_column=2, end_row=top + 1, end_column=2)
    col = 3
    for label, span in groups:
        ws.cell(row=top, column=col, value=label)
        ws.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + span - 1)
        col += span
    for i, label in enumerate(columns):
        number = f" ({i + 1})" if report.form != "07b" else ""
        ws.cell(row=top + 1, column=3 + i, value=label + number)
    for r in (top, top + 1):
        for c in range(1, width + 1):
            cell = ws.cell(row=r, column=c)
            cell.font, cell.alignment, cell.border = Font(bold=True), centre, box
    for row in report.rows:
        ws.append([row.number, row.label, *row.cells])
        bold = row.kind in ("section", "total")
        for c in range(1, width + 1):
            cell = ws.cell(row=ws.max_row, column=c)
            cell.border = box
            if bold:
                cell.font = Font(bold=True)
    ws.append([])
    for note in report.notes:
        ws.append([note])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
        ws.cell(row=ws.max_row, column=1).alignment = Alignment(wrap_text=True)
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 44
    for c in range(3, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = 11
    ws.freeze_panes = ws.cell(row=top + 2, column=3)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _period_line(report: Report) -> str:
    if report.period is None:
        return f"Tính đến ngày {report.as_of:%d/%m/%Y}"
    p = report.period
    return f"Kỳ báo cáo: {p.label} (từ ngày {p.start:%d/%m/%Y} đến ngày {p.end:%d/%m/%Y})"


def report_pdf(report: Report, *, issuer: str, issuer_parent: str, place: str, today: date) -> bytes:
    """Return a statutory report as an A4 landscape PDF with the official header."""
    groups, columns = _header_rows(report)
    return render_pdf(
        "reports/forms/statutory.html",
        {
            "report": report,
            "groups": groups,
            "columns": columns,
            "numbered": report.form != "07b",
            "period_line": _period_line(report),
            "issuer": issuer,
            "issuer_parent": issuer_parent,
            "place": place,
            "today": today,
            "first_header": "Lĩnh vực, công việc" if report.form == "06" else "Cơ quan, đơn vị",
        },
    )
