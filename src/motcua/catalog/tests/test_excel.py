"""Excel import and export: the whole file is checked first, every rejected row is named, nothing partial."""

import io
import zipfile
from datetime import date

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest
from openpyxl import load_workbook

from motcua.catalog import excel
from motcua.catalog.models import Procedure, ProcedureVersion, TimeCut
from motcua.catalog.services import import_catalog
from motcua.core.errors import InvalidInput

from .conftest import AT

pytestmark = pytest.mark.django_db


def _edit(data: bytes, edit) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _row(ws, code):
    for row in ws.iter_rows(min_row=2):
        if row[0].value == code:
            return row
    raise AssertionError(code)


def _col(ws, header):
    return [c.value for c in ws[1]].index(header)


def _counts():
    return Procedure.objects.count(), ProcedureVersion.objects.count()


def test_reimporting_an_export_changes_nothing(demo):
    data = excel.export_workbook()
    before = _counts()
    plan = excel.read_workbook(data)
    assert plan.errors == []
    assert plan.count("unchanged") == Procedure.objects.count()
    import_catalog(plan=plan, actor=None, at=AT)
    assert _counts() == before


def test_the_export_has_one_row_per_procedure_and_a_sheet_per_list(demo):
    wb = load_workbook(io.BytesIO(excel.export_workbook()))
    assert wb.sheetnames == [
        excel.GUIDE,
        excel.PROCEDURES,
        excel.DECISIONS,
        excel.PAPERS,
        excel.FEES,
        excel.RESULTS,
        excel.LEGAL,
        excel.STEPS,
        excel.FORM_FIELDS,
    ]
    assert wb[excel.PROCEDURES].max_row == Procedure.objects.count() + 1


def test_a_changed_row_becomes_a_new_version_with_a_time_cut(demo):
    def edit(wb):
        ws = wb[excel.PROCEDURES]
        row = _row(ws, "1.013225")
        row[_col(ws, "Thời hạn giải quyết")].value = 8
        row[_col(ws, "Hiệu lực từ")].value = date(2026, 4, 1)
        row[_col(ws, "Số QĐ công bố")].value = "55/QĐ-UBND"
        wb[excel.DECISIONS].append(
            [
                "55/QĐ-UBND",
                date(2026, 3, 20),
                date(2026, 4, 1),
                "Công bố thủ tục hành chính",
                "Chủ tịch UBND tỉnh",
                "Sửa đổi thời hạn",
            ]
        )

    plan = excel.read_workbook(_edit(excel.export_workbook(), edit))
    assert plan.errors == []
    assert plan.count("amend") == 1
    import_catalog(plan=plan, actor=None, at=AT)
    procedure = Procedure.objects.get(code="1.013225")
    assert list(procedure.versions.order_by("number").values_list("time_limit", flat=True)) == [10, 8]
    assert TimeCut.objects.get(procedure=procedure).days_cut == 2
    # the new version keeps the approved steps, which still fit the shorter limit
    assert procedure.versions.get(number=2).process.steps.count() == 6


def test_a_shorter_limit_the_steps_no_longer_fit_is_rejected_on_the_steps_sheet(demo):
    def edit(wb):
        ws = wb[excel.PROCEDURES]
        _row(ws, "1.004873")[_col(ws, "Thời hạn giải quyết")].value = 2

    errors = excel.read_workbook(_edit(excel.export_workbook(), edit)).errors
    assert [e.sheet for e in errors] == [excel.STEPS]
    assert "vượt thời hạn giải quyết theo quy định là 16 giờ làm việc" in errors[0].message


def test_every_rejected_row_is_reported_with_sheet_row_and_reason(demo, capsys):
    def edit(wb):
        ws = wb[excel.PROCEDURES]
        _row(ws, "1.004873")[_col(ws, "Thời hạn giải quyết")].value = -3
        _row(ws, "1.001193")[_col(ws, "Mã thủ tục")].value = "KS-01"
        _row(ws, "1.000894")[_col(ws, "Đơn vị thời hạn")].value = "tuần"
        _row(ws, "1.004859")[_col(ws, "Thời hạn giải quyết")].value = None
        steps = wb[excel.STEPS]
        for row in steps.iter_rows(min_row=2):
            if row[0].value == "1.004222" and row[1].value == 2:
                row[6].value = 500

    data = _edit(excel.export_workbook(), edit)
    before = _counts()
    plan = excel.read_workbook(data)
    text = "\n".join(str(e) for e in plan.errors)
    assert "Trang “Thủ tục”, dòng" in text
    assert "Thời hạn giải quyết không được âm." in text
    assert "Mã thủ tục “KS-01” không đúng dạng" in text
    assert "Đơn vị thời hạn “tuần” không hợp lệ" in text
    assert "Thiếu thời hạn giải quyết." in text
    assert "Trang “Quy trình nội bộ”, dòng" in text
    assert "vượt thời hạn giải quyết" in text
    rows = {(e.sheet, e.row) for e in plan.errors}
    assert len(rows) >= 5
    with pytest.raises(InvalidInput):
        import_catalog(plan=plan, actor=None, at=AT)
    assert _counts() == before


def test_the_command_exits_non_zero_and_writes_nothing(demo, tmp_path, capsys):
    path = tmp_path / "catalog.xlsx"
    path.write_bytes(
        _edit(
            excel.export_workbook(),
            lambda wb: setattr(
                _row(wb[excel.PROCEDURES], "1.004873")[_col(wb[excel.PROCEDURES], "Thời hạn giải quyết")],
                "value",
                -1,
            ),
        )
    )
    before = _counts()
    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_catalog", str(path))
    assert "Trang “Thủ tục”, dòng" in capsys.readouterr().err
    assert _counts() == before


def test_dry_run_reports_and_writes_nothing(demo, tmp_path, capsys):
    path = tmp_path / "catalog.xlsx"
    call_command("export_catalog", str(path))
    path.write_bytes(
        _edit(
            path.read_bytes(),
            lambda wb: setattr(
                _row(wb[excel.PROCEDURES], "1.013225")[_col(wb[excel.PROCEDURES], "Thời hạn giải quyết")],
                "value",
                9,
            ),
        )
    )
    before = _counts()
    call_command("import_catalog", str(path), "--dry-run")
    assert (
        "Chạy thử (không ghi gì): Thêm mới 0 thủ tục, công bố phiên bản mới 1 thủ tục"
        in capsys.readouterr().out
    )
    assert _counts() == before


def test_a_new_procedure_needs_its_lists_and_is_published(demo):
    def edit(wb):
        ws = wb[excel.PROCEDURES]
        values = [c.value for c in _row(ws, "1.013225")]
        values[_col(ws, "Mã thủ tục")] = "1.777777"
        values[_col(ws, "Tên thủ tục")] = "Thủ tục mới thử nghiệm"
        ws.append(values)
        for sheet in (excel.PAPERS, excel.FEES, excel.RESULTS, excel.LEGAL, excel.STEPS):
            for r in list(wb[sheet].iter_rows(min_row=2, values_only=True)):
                if r[0] == "1.013225":
                    wb[sheet].append(["1.777777", *r[1:]])

    plan = excel.read_workbook(_edit(excel.export_workbook(), edit))
    assert plan.errors == []
    assert plan.count("create") == 1
    import_catalog(plan=plan, actor=None, at=AT)
    created = Procedure.objects.get(code="1.777777").versions.get()
    assert created.process.steps.count() == 6
    assert created.process.approval is not None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not an excel file", "không phải tệp Excel"),
        (b"PK\x03\x04garbage", "không phải tệp Excel"),
    ],
)
def test_malformed_files_are_refused(db, data, message):
    plan = excel.read_workbook(data)
    assert message in str(plan.errors[0])


def test_a_zip_bomb_is_refused(db):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.xml", b"0" * (excel.MAX_UNPACKED_BYTES + 1))
    plan = excel.read_workbook(out.getvalue())
    assert "giải nén quá lớn" in str(plan.errors[0])


def test_missing_sheets_and_columns_are_named(demo):
    data = _edit(excel.export_workbook(), lambda wb: wb.remove(wb[excel.FEES]))
    assert "Thiếu trang “Phí, lệ phí”" in str(excel.read_workbook(data).errors[0])
    data = _edit(excel.export_workbook(), lambda wb: wb[excel.PROCEDURES].delete_cols(1, 1))
    assert "Thiếu cột “Mã thủ tục”" in str(excel.read_workbook(data).errors[0])


def test_codes_typed_as_numbers_keep_their_zeros(demo):
    def edit(wb):
        ws = wb[excel.PROCEDURES]
        _row(ws, "2.000815")[0].value = 2.000815

    plan = excel.read_workbook(_edit(excel.export_workbook(), edit))
    assert plan.errors == []


def test_recoding_through_the_former_code_column(demo):
    def edit(wb):
        ws = wb[excel.PROCEDURES]
        row = _row(ws, "1.004873")
        row[_col(ws, "Mã thủ tục")].value = "1.888888"
        row[_col(ws, "Mã cũ")].value = "1.004873"
        row[_col(ws, "Hiệu lực từ")].value = date(2026, 5, 1)
        for sheet in (excel.PAPERS, excel.FEES, excel.RESULTS, excel.LEGAL, excel.STEPS):
            for r in wb[sheet].iter_rows(min_row=2):
                if r[0].value == "1.004873":
                    r[0].value = "1.888888"

    plan = excel.read_workbook(_edit(excel.export_workbook(), edit))
    assert plan.errors == []
    assert plan.count("recode") == 1
    import_catalog(plan=plan, actor=None, at=AT)
    procedure = Procedure.objects.get(code="1.888888")
    assert list(procedure.versions.order_by("number").values_list("code", flat=True)) == [
        "1.004873",
        "1.888888",
    ]


def test_an_unknown_decision_or_agency_is_rejected(demo):
    def edit(wb):
        ws = wb[excel.PROCEDURES]
        row = _row(ws, "1.013225")
        row[_col(ws, "Thời hạn giải quyết")].value = 9
        row[_col(ws, "Số QĐ công bố")].value = "999/QĐ-XX"
        row2 = _row(ws, "1.000894")
        row2[_col(ws, "Mã định danh cơ quan giải quyết")].value = "000.00.97.H41"

    text = "\n".join(str(e) for e in excel.read_workbook(_edit(excel.export_workbook(), edit)).errors)
    assert "Không có quyết định số 999/QĐ-XX" in text
    assert "000.00.97.H41" in text
