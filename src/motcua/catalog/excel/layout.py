"""The exchange layout: sheet names, their columns and the limits on files read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from motcua.catalog.models import ProcessStep

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 200_000

PROCEDURES = "Thủ tục"
DECISIONS = "Quyết định"
PAPERS = "Thành phần hồ sơ"
FEES = "Phí, lệ phí"
RESULTS = "Kết quả"
LEGAL = "Căn cứ pháp lý"
STEPS = "Quy trình nội bộ"
FORM_FIELDS = "Tờ khai điện tử"
GUIDE = "Hướng dẫn"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    width: int = 18


COLUMNS: dict[str, tuple[Column, ...]] = {
    PROCEDURES: (
        Column("code", "Mã thủ tục", True, 14),
        Column("former_codes", "Mã cũ", width=14),
        Column("name", "Tên thủ tục", True, 50),
        Column("sector_code", "Mã lĩnh vực", True, 14),
        Column("sector_name", "Tên lĩnh vực", True, 22),
        Column("level", "Cấp thực hiện", True, 12),
        Column("agency", "Mã định danh cơ quan giải quyết", True, 18),
        Column("agency_name", "Tên cơ quan giải quyết", width=30),
        # Every agency that handles the procedure, the one above included (e.g. each commune's
        # People's Committee); empty: that agency alone.
        Column("agencies", "Các cơ quan có thẩm quyền (mã định danh)", width=24),
        Column("coordinating", "Cơ quan phối hợp (mã định danh)", width=18),
        Column("version", "Phiên bản", width=9),
        Column("effective_from", "Hiệu lực từ", True, 12),
        Column("decision", "Số QĐ công bố", True, 22),
        Column("time_limit", "Thời hạn giải quyết", True, 10),
        Column("time_unit", "Đơn vị thời hạn", True, 14),
        Column("time_limit_text", "Thời hạn (mô tả)", width=40),
        Column("statutory", "Thời hạn luật định", width=10),
        Column("fee_vnd", "Phí, lệ phí chính (đồng)", width=12),
        Column("fee_text", "Phí, lệ phí (mô tả)", width=40),
        Column("online_level", "Mức độ trực tuyến", True, 20),
        Column("result", "Kết quả", True, 40),
        Column("requirements", "Yêu cầu, điều kiện", width=40),
        Column("boundary", "Không phụ thuộc địa giới", width=10),
        Column("process_decision", "Số QĐ phê duyệt quy trình", width=22),
        Column("abolished_from", "Ngày bãi bỏ", width=12),
        Column("abolish_decision", "Số QĐ bãi bỏ", width=22),
    ),
    DECISIONS: (
        Column("number", "Số, ký hiệu", True, 24),
        Column("issued_on", "Ngày ban hành", True, 12),
        Column("effective_from", "Ngày có hiệu lực", True, 12),
        Column("kind", "Loại quyết định", True, 28),
        Column("issuer", "Người, cơ quan ban hành", width=30),
        Column("title", "Trích yếu", width=60),
    ),
    PAPERS: (
        Column("code", "Mã thủ tục", True, 14),
        Column("order", "STT", True, 6),
        Column("name", "Tên giấy tờ", True, 60),
        Column("form", "Loại bản", True, 18),
        Column("count", "Số lượng", width=8),
        Column("required", "Bắt buộc", width=8),
        Column("template", "Mẫu đơn, tờ khai", width=20),
        Column("data_store", "Dùng lại từ kho dữ liệu", width=10),
        Column("national_db", "Khai thác từ CSDL quốc gia", width=10),
    ),
    FEES: (
        Column("code", "Mã thủ tục", True, 14),
        Column("order", "STT", True, 6),
        Column("kind", "Loại", True, 10),
        Column("case", "Trường hợp áp dụng", width=40),
        Column("amount", "Mức thu (đồng)", True, 12),
        Column("online", "Mức thu trực tuyến (đồng)", width=12),
        Column("unit", "Đơn vị tính", width=16),
        Column("exemptions", "Đối tượng miễn, giảm", width=40),
    ),
    RESULTS: (
        Column("code", "Mã thủ tục", True, 14),
        Column("order", "STT", True, 6),
        Column("name", "Tên kết quả", True, 60),
        Column("result_code", "Mã loại giấy tờ", width=16),
        Column("electronic", "Có bản điện tử", width=10),
    ),
    LEGAL: (
        Column("code", "Mã thủ tục", True, 14),
        Column("order", "STT", True, 6),
        Column("text", "Văn bản", True, 80),
    ),
    STEPS: (
        Column("code", "Mã thủ tục", True, 14),
        Column("order", "Bước", True, 6),
        Column("kind", "Loại bước", True, 16),
        Column("name", "Tên bước", True, 50),
        Column("role", "Vai trò", True, 18),
        Column("unit", "Đơn vị thực hiện", width=24),
        Column("hours", "Thời gian (giờ làm việc)", True, 10),
        Column("next", "Bước tiếp theo", width=10),
        Column("back", "Trả lại bước", width=10),
        Column("supplement", "Yêu cầu bổ sung", width=10),
        Column("consult", "Lấy ý kiến (mã định danh cơ quan)", width=18),
        Column("transfer", "Chuyển liên thông (mã định danh cơ quan)", width=18),
    ),
    # Optional: a workbook without this sheet keeps each procedure's current e-form.
    FORM_FIELDS: (
        Column("code", "Mã thủ tục", True, 14),
        Column("order", "STT", True, 6),
        Column("key", "Mã trường", True, 18),
        Column("label", "Nhãn", True, 40),
        Column("kind", "Kiểu dữ liệu", True, 18),
        Column("required", "Bắt buộc", width=8),
        Column("choices", "Các lựa chọn (cách nhau bằng dấu chấm phẩy)", width=40),
        Column("help", "Hướng dẫn", width=40),
        Column("max_length", "Độ dài tối đa", width=10),
    ),
}
REQUIRED_SHEETS = (PROCEDURES, PAPERS, FEES, RESULTS, LEGAL, STEPS)
SPEC_FIELD_SHEET = {
    "papers": PAPERS,
    "fees": FEES,
    "results": RESULTS,
    "legal_bases": LEGAL,
    "process": STEPS,
    "form_fields": FORM_FIELDS,
}

ROLE_CHOICES = [(r, str(label)) for r, label in ProcessStep._meta.get_field("role").choices or []]


def label(choices: Iterable[tuple[Any, Any]], value: str) -> str:
    """Return the Vietnamese label of a choice, as the sheets show it."""
    return str(dict(choices).get(value, value))
