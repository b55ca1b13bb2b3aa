"""Writing the whole catalog to the exchange workbook (write-only mode: fast for thousands of rows)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from motcua.catalog.models import (
    Decision,
    Fee,
    FormField,
    MoveKind,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    RequiredPaper,
    TimeUnit,
)
from motcua.catalog.specs import spec_of

from .layout import (
    COLUMNS,
    DECISIONS,
    FEES,
    FORM_FIELDS,
    GUIDE,
    LEGAL,
    PAPERS,
    PROCEDURES,
    RESULTS,
    ROLE_CHOICES,
    STEPS,
    label,
)


def _header_cell(ws: Any, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=text)
    cell.font = Font(bold=True, color="FFFFFF")
    cell.fill = PatternFill("solid", fgColor="8B1A1A")
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _date_cell(ws: Any, value: date | None) -> Any:
    if value is None:
        return None
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = "DD/MM/YYYY"
    return cell


def _yes(value: bool) -> str:
    return "Có" if value else "Không"


def _sheet(wb: Workbook, title: str) -> Any:
    ws = wb.create_sheet(title)
    columns = COLUMNS[title]
    for i, column in enumerate(columns, start=1):
        ws.column_dimensions[_letter(i)].width = column.width
    ws.freeze_panes = "A2"
    ws.append([_header_cell(ws, c.header) for c in columns])
    return ws


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def export_workbook() -> bytes:
    """Return the whole catalog (latest version of every procedure, abolished ones too) as .xlsx bytes."""
    versions: dict[int, ProcedureVersion] = {}
    qs = (
        ProcedureVersion.objects.select_related(
            "procedure__sector",
            "procedure__abolished_by",
            "competent_agency",
            "decision",
            "process__approval",
        )
        .prefetch_related(
            "papers",
            "fees",
            "results",
            "legal_bases",
            "form_fields",
            "competent_agencies",
            "coordinating_agencies",
            "procedure__codes",
            Prefetch("process__steps", queryset=ProcessStep.objects.prefetch_related("moves__agency")),
        )
        .order_by("procedure__code", "-effective_from", "-number")
    )
    for version in qs:
        versions.setdefault(version.procedure_id, version)
    wb = Workbook(write_only=True)
    _guide(wb)
    procedures = _sheet(wb, PROCEDURES)
    decisions_ws = _sheet(wb, DECISIONS)
    papers, fees, results, legal, steps, form_fields = (
        _sheet(wb, t) for t in (PAPERS, FEES, RESULTS, LEGAL, STEPS, FORM_FIELDS)
    )
    decisions: dict[int, Decision] = {}
    for version in sorted(versions.values(), key=lambda v: v.procedure.code):
        procedure = version.procedure
        spec = spec_of(version)
        process = getattr(version, "process", None)
        for d in (version.decision, procedure.abolished_by, process.approval if process else None):
            if d is not None:
                decisions[d.pk] = d
        former = sorted(c.code for c in procedure.codes.all() if c.code != procedure.code)
        procedures.append(
            [
                spec.code,
                "; ".join(former),
                spec.name,
                spec.sector_code,
                spec.sector_name,
                label(Procedure.Level.choices, spec.level),
                spec.agency,
                version.competent_agency.name,
                "; ".join(spec.competent_agencies),
                "; ".join(spec.coordinating_agencies),
                version.number,
                _date_cell(procedures, spec.effective_from),
                version.decision.number if version.decision else "",
                spec.time_limit,
                label(TimeUnit.choices, spec.time_unit),
                spec.time_limit_text,
                spec.statutory_time_limit,
                spec.fee_vnd,
                spec.fee_text,
                label(OnlineLevel.choices, spec.online_level),
                spec.result_description,
                spec.requirements,
                _yes(spec.regardless_of_boundary),
                process.approval.number if process and process.approval else "",
                _date_cell(procedures, procedure.abolished_from),
                procedure.abolished_by.number if procedure.abolished_by else "",
            ]
        )
        for i, p in enumerate(spec.papers, start=1):
            papers.append(
                [
                    spec.code,
                    i,
                    p.name,
                    label(RequiredPaper.Form.choices, p.form),
                    p.count,
                    _yes(p.is_required),
                    p.template_name,
                    _yes(p.reusable_from_data_store),
                    _yes(p.reusable_from_national_db),
                ]
            )
        for i, f in enumerate(spec.fees, start=1):
            fees.append(
                [
                    spec.code,
                    i,
                    label(Fee.Kind.choices, f.kind),
                    f.case,
                    f.amount_vnd,
                    f.online_amount_vnd,
                    f.unit,
                    f.exemptions,
                ]
            )
        for i, r in enumerate(spec.results, start=1):
            results.append([spec.code, i, r.name, r.code, _yes(r.is_electronic)])
        for i, text in enumerate(spec.legal_bases, start=1):
            legal.append([spec.code, i, text])
        for s in spec.process.steps if spec.process else ():
            steps.append(
                [
                    spec.code,
                    s.order,
                    label(ProcessStep.Kind.choices, s.kind),
                    s.name,
                    label(ROLE_CHOICES, s.role),
                    s.unit,
                    s.allotted_hours,
                    "; ".join(str(t) for t in s.targets(MoveKind.NEXT)),
                    "; ".join(str(t) for t in s.targets(MoveKind.BACK)),
                    _yes(s.has(MoveKind.SUPPLEMENT)),
                    "; ".join(s.agencies(MoveKind.CONSULT)),
                    "; ".join(s.agencies(MoveKind.TRANSFER)),
                ]
            )
        for i, field in enumerate(spec.form_fields or (), start=1):
            form_fields.append(
                [
                    spec.code,
                    i,
                    field.key,
                    field.label,
                    label(FormField.Kind.choices, field.kind),
                    _yes(field.is_required),
                    "; ".join(field.choices),
                    field.help_text,
                    field.max_length,
                ]
            )
    for d in sorted(decisions.values(), key=lambda d: (d.issued_on, d.number)):
        decisions_ws.append(
            [
                d.number,
                _date_cell(decisions_ws, d.issued_on),
                _date_cell(decisions_ws, d.effective_from),
                label(Decision.Kind.choices, d.kind),
                d.issuer,
                d.title,
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _guide(wb: Workbook) -> None:
    ws = wb.create_sheet(GUIDE)
    ws.column_dimensions["A"].width = 120
    lines = [
        _("Danh mục thủ tục hành chính – tệp trao đổi (MộtCửa)"),
        _(
            "Mỗi dòng của trang “Thủ tục” là một thủ tục (phiên bản mới nhất); "
            "các trang khác ghi theo mã thủ tục."
        ),
        _(
            "Nhập lại tệp: thủ tục có nội dung khác được công bố thành phiên bản mới; "
            "lịch sử không bị ghi đè."
        ),
        _("Cấp thực hiện: Cấp tỉnh, Cấp xã. Đơn vị thời hạn: ngày làm việc, giờ làm việc, ngày, trong ngày."),
        _("Mức độ trực tuyến: Trực tuyến toàn trình, Trực tuyến một phần, Không trực tuyến."),
        _(
            "Loại bản: Bản chính, Bản sao chứng thực, Bản chụp. Loại khoản thu: Phí, Lệ phí. "
            "Cột có/không: Có, Không."
        ),
        _(
            "Loại bước: Tiếp nhận, Thẩm định, Phê duyệt, Ban hành kết quả, Trả kết quả. "
            "Thời gian tính bằng giờ làm việc."
        ),
        _("Nhiều giá trị trong một ô (mã cũ, bước tiếp theo, cơ quan) cách nhau bằng dấu chấm phẩy."),
        _(
            "Các cơ quan có thẩm quyền: mã định danh của mọi cơ quan cùng giải quyết thủ tục (ví dụ "
            "UBND các xã, phường), gồm cả cơ quan giải quyết ở cột trước; để trống nếu chỉ một cơ quan."
        ),
        _(
            "Tờ khai điện tử: mỗi dòng một trường; kiểu dữ liệu: Văn bản ngắn, Văn bản dài, Ngày, Số, "
            "Chọn một trong danh sách, Có / Không. Tệp không có trang này thì giữ nguyên tờ khai hiện có."
        ),
        _(
            "Lệnh: motcua import_catalog TEP.xlsx --dry-run (kiểm tra, không ghi) "
            "rồi motcua import_catalog TEP.xlsx."
        ),
    ]
    for line in lines:
        ws.append([line])
