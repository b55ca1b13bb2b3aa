"""The catalog in Excel, in the layout provinces exchange: one row per procedure, one sheet per list.

Sheets: "Thủ tục" (one row per procedure, its latest version), "Quyết định", "Thành phần hồ sơ",
"Phí, lệ phí", "Kết quả", "Căn cứ pháp lý", "Quy trình nội bộ", "Tờ khai điện tử" (optional: a
workbook without it keeps each procedure's e-form); related rows name their procedure by code.
Columns are found by their header, so their order may change; choices accept the code or the
Vietnamese label ("Cấp xã", "ngày làm việc", "Trực tuyến toàn trình"); yes/no columns take "Có"/"Không".

`read_workbook` validates the whole file before anything is written and returns a plan: what each
procedure row would do (publish, amend with a new version, abolish, or nothing) and every rejected
row with its sheet, row and reason. `services.import_catalog` writes a plan without errors in one
transaction. Re-importing an exported file finds every procedure unchanged. Files are refused if
they are not a valid .xlsx, exceed 20 MB, or would unpack to more than 200 MB.
"""

from .exporting import export_workbook
from .layout import (
    COLUMNS,
    DECISIONS,
    FEES,
    FORM_FIELDS,
    GUIDE,
    LEGAL,
    MAX_UNPACKED_BYTES,
    PAPERS,
    PROCEDURES,
    RESULTS,
    STEPS,
)
from .plan import DecisionRow, ImportPlan, ProcedureAction, RowError
from .reading import read_workbook

__all__ = [
    "COLUMNS",
    "DECISIONS",
    "FEES",
    "FORM_FIELDS",
    "GUIDE",
    "LEGAL",
    "MAX_UNPACKED_BYTES",
    "PAPERS",
    "PROCEDURES",
    "RESULTS",
    "STEPS",
    "DecisionRow",
    "ImportPlan",
    "ProcedureAction",
    "RowError",
    "export_workbook",
    "read_workbook",
]
