"""The dossier log (Sổ theo dõi hồ sơ) of a service centre for a period, as PDF and Excel.

Columns as deployed provincial systems print them (domain.md §2.2): STT, code, procedure, copies,
applicant, address, phone, received, due, result collected, handed over by / to, receiving officer,
place where the dossier arose, note.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet

from motcua.core.timeutil import VN_TZ, local
from motcua.documents.pdf import render_pdf

from .models import Dossier, DossierEvent, EventType

COLUMNS = [
    "STT",
    "Mã hồ sơ",
    "Nội dung hồ sơ (TTHC)",
    "Số lượng (bộ)",
    "Họ tên chủ hồ sơ",
    "Địa chỉ",
    "Số điện thoại",
    "Ngày nhận hồ sơ",
    "Ngày hẹn trả kết quả",
    "Ngày nhận kết quả",
    "Bên giao",
    "Bên nhận",
    "Người nhận hồ sơ",
    "Địa bàn phát sinh hồ sơ",
    "Ghi chú",
]


@dataclass(frozen=True)
class LogRow:
    number: int
    dossier: Dossier
    received_by: str
    returned_by: str


def log_rows(*, dossiers: QuerySet[Dossier], first: date, last: date) -> list[LogRow]:
    """Return the log rows of the dossiers received between two local dates, in receipt order."""
    start = datetime.combine(first, time.min, tzinfo=VN_TZ)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=VN_TZ)
    selected = list(
        dossiers.filter(received_at__gte=start, received_at__lt=end)
        .select_related("procedure_version__procedure", "receiving_centre__unit")
        .order_by("received_at", "code")
    )
    actors: dict[tuple[int, str], str] = {
        (dossier_id, kind): name
        for dossier_id, kind, name in DossierEvent.objects.filter(
            dossier__in=selected, type__in=[EventType.RECEIVED, EventType.RETURNED]
        ).values_list("dossier_id", "type", "actor_name")
    }
    return [
        LogRow(i, d, actors.get((d.pk, EventType.RECEIVED), ""), actors.get((d.pk, EventType.RETURNED), ""))
        for i, d in enumerate(selected, start=1)
    ]


def _cells(row: LogRow) -> list[Any]:
    d = row.dossier
    fmt = "%d/%m/%Y %H:%M"
    return [
        row.number,
        d.code,
        d.procedure_version.procedure.name,
        d.copies,
        d.applicant_name,
        d.applicant_address,
        d.applicant_phone,
        local(d.received_at).strftime(fmt) if d.received_at else "",
        local(d.due_at).strftime(fmt) if d.due_at else "",
        local(d.returned_at).strftime(fmt) if d.returned_at else "",
        row.returned_by,
        d.applicant_name if d.returned_at else "",
        row.received_by,
        d.receiving_centre.unit.name,
        d.get_status_display(),
    ]


def log_xlsx(*, rows: list[LogRow], title: str) -> bytes:
    """Return the log as an Excel workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None  # noqa: S101 - a new workbook always has a sheet
    ws.title = "So theo doi ho so"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(COLUMNS)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append(_cells(row))
    for letter, width in zip(
        "ABCDEFGHIJKLMNO", [5, 28, 40, 8, 24, 30, 14, 17, 17, 17, 18, 18, 18, 20, 18], strict=True
    ):
        ws.column_dimensions[letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def log_pdf(*, rows: list[LogRow], title: str, centre: Any, first: date, last: date, today: date) -> bytes:
    """Return the log as a landscape PDF."""
    return render_pdf(
        "dossiers/forms/dossier_log.html",
        {
            "rows": [_cells(r) for r in rows],
            "columns": COLUMNS,
            "title": title,
            "issuer": centre.name,
            "place": centre.unit.name,
            "today": today,
            "first": first,
            "last": last,
        },
    )
