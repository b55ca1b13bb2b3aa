"""The demo province's data, as plain values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

PROVINCE_CODE = "40"  # Nghệ An (GSO code)
PASSWORD = "motcua-demo"  # noqa: S105 - demo accounts only, printed by `make run`

PROVINCE_COMMITTEE = ("Ủy ban nhân dân tỉnh Nghệ An", "UBND tỉnh", "000.00.00.H41")
PROVINCIAL_OFFICE = ("Văn phòng Ủy ban nhân dân tỉnh Nghệ An", "VP UBND tỉnh", "000.00.01.H41")
PROVINCIAL_CENTRE = (
    "Trung tâm Phục vụ hành chính công tỉnh Nghệ An",
    "000.01.01.H41",
    "16 Trường Thi, phường Trường Vinh, tỉnh Nghệ An",
    "0238 3 599 599",
)

# Provincial departments after the 2025 restructuring (name, short name, level-2 number).
DEPARTMENTS = [
    ("Sở Nội vụ tỉnh Nghệ An", "Sở Nội vụ", "02"),
    ("Sở Tài chính tỉnh Nghệ An", "Sở Tài chính", "03"),
    ("Sở Công Thương tỉnh Nghệ An", "Sở Công Thương", "04"),
    ("Sở Nông nghiệp và Môi trường tỉnh Nghệ An", "Sở NN&MT", "05"),
    ("Sở Xây dựng tỉnh Nghệ An", "Sở Xây dựng", "06"),
    ("Sở Khoa học và Công nghệ tỉnh Nghệ An", "Sở KH&CN", "07"),
    ("Sở Giáo dục và Đào tạo tỉnh Nghệ An", "Sở GD&ĐT", "08"),
    ("Sở Y tế tỉnh Nghệ An", "Sở Y tế", "09"),
    ("Sở Văn hóa, Thể thao và Du lịch tỉnh Nghệ An", "Sở VHTT&DL", "10"),
    ("Sở Dân tộc và Tôn giáo tỉnh Nghệ An", "Sở DT&TG", "11"),
    ("Sở Tư pháp tỉnh Nghệ An", "Sở Tư pháp", "12"),
    ("Thanh tra tỉnh Nghệ An", "Thanh tra tỉnh", "13"),
]
JUSTICE_SHORT = "Sở Tư pháp"

# Communes with their own service centre (name as in the 2025 list, level-2 number).
COMMUNES = [
    ("Phường Trường Vinh", "61"),
    ("Phường Thành Vinh", "62"),
    ("Phường Vinh Hưng", "63"),
    ("Xã Anh Sơn", "64"),
    ("Xã Con Cuông", "65"),
]

# username, full name, role, where ("centre" = provincial centre, "justice" = Sở Tư pháp, "" = province-wide)
STAFF = [
    ("tiepnhan", "Nguyễn Thị Hoa", "desk_officer", "centre", "Cán bộ tiếp nhận và trả kết quả"),
    ("chuyenvien", "Trần Văn Minh", "specialist", "justice", "Chuyên viên Phòng Hành chính tư pháp"),
    ("truongphong", "Lê Thị Thu", "unit_head", "justice", "Trưởng phòng Hành chính tư pháp"),
    ("lanhdao", "Phạm Quốc Hùng", "leader", "justice", "Phó Giám đốc Sở Tư pháp"),
    ("vanthu", "Hoàng Thị Lan", "clerk", "justice", "Văn thư Sở Tư pháp"),
    ("quantri", "Đặng Văn Nam", "provincial_admin", "", "Quản trị hệ thống, Trung tâm PVHCC tỉnh"),
    ("bancidao", "Võ Thị Mai", "steering_viewer", "", "Thành viên Ban Chỉ đạo CCHC tỉnh"),
]

# Staff of the first demo commune (Phường Trường Vinh): its centre's desk and its People's Committee.
COMMUNE_STAFF = [
    ("tiepnhan_xa", "Lê Văn Tâm", "desk_officer", "Công chức tiếp nhận, Trung tâm PVHCC phường"),
    ("tuphap_xa", "Nguyễn Thị Hằng", "specialist", "Công chức Tư pháp – Hộ tịch"),
    ("truongphong_xa", "Trần Đình Long", "unit_head", "Trưởng phòng Văn hóa – Xã hội"),
    ("lanhdao_xa", "Phan Văn Đức", "leader", "Phó Chủ tịch UBND phường"),
    ("vanthu_xa", "Hồ Thị Ngân", "clerk", "Văn thư UBND phường"),
]

# Agencies of the researched catalog (catalog/data/demo_procedures.json) not listed above.
EXTRA_AGENCIES = {
    "provincial_police": ("Công an tỉnh Nghệ An", "Công an tỉnh", "000.00.30.H41", "vertical", "province"),
    "land_registry": (
        "Văn phòng Đăng ký đất đai tỉnh Nghệ An",
        "VP ĐKĐĐ",
        "000.01.05.H41",
        "department",
        "province",
    ),
    "commune_police": (
        "Công an phường Trường Vinh",
        "Công an phường",
        "000.31.61.H41",
        "vertical",
        "commune",
    ),
}
DEPARTMENT_KEYS = {
    "noi_vu": "Sở Nội vụ",
    "tai_chinh": "Sở Tài chính",
    "y_te": "Sở Y tế",
    "tu_phap": "Sở Tư pháp",
    "xay_dung": "Sở Xây dựng",
    "giao_duc": "Sở GD&ĐT",
    "van_hoa": "Sở VHTT&DL",
    "cong_thuong": "Sở Công Thương",
    "nong_nghiep_moi_truong": "Sở NN&MT",
    "khoa_hoc_cong_nghe": "Sở KH&CN",
    "dan_toc_ton_giao": "Sở DT&TG",
    "thanh_tra": "Thanh tra tỉnh",
}

CITIZENS = [
    (
        "congdan",
        "Nguyễn Văn An",
        "040095001234",
        "0912345678",
        "congdan@example.vn",
        "Số 5 đường Lê Lợi, phường Thành Vinh, tỉnh Nghệ An",
    ),
    ("congdan2", "Trần Thị Bình", "040190005678", "0987654321", "", "Xóm 3, xã Anh Sơn, tỉnh Nghệ An"),
]

EXTRACT_PROCEDURE = {
    "code": "2.000635",
    "name": "Cấp bản sao trích lục hộ tịch",
    "sector": ("HOTICH", "Hộ tịch"),
    "level": "province",
    "time_limit": Decimal("0"),
    "time_unit": "same_day",
    "time_limit_text": "Trong ngày làm việc; nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo",
    "fee_vnd": 8000,
    "fee_text": "8.000 đồng/bản sao trích lục",
    "online_level": "full",
    "result": "Bản sao trích lục hộ tịch",
    "requirements": (
        "Người yêu cầu là cá nhân có thông tin được ghi trong sổ hộ tịch, hoặc người được ủy quyền."
    ),
    "legal_basis": "Luật Hộ tịch số 60/2014/QH13;\nNghị định số 123/2015/NĐ-CP;\n"
    "Nghị định số 118/2025/NĐ-CP (thực hiện TTHC theo cơ chế một cửa, một cửa liên thông).",
    "papers": [
        ("Tờ khai cấp bản sao trích lục hộ tịch", "original", 1, True),
        ("Văn bản ủy quyền (nếu nộp thay)", "certified_copy", 1, False),
    ],
    "steps": [
        (1, "receive", "Tiếp nhận, kiểm tra hồ sơ", "desk_officer", Decimal("1")),
        (2, "appraise", "Thẩm định, tra cứu sổ hộ tịch", "specialist", Decimal("3")),
        (3, "approve", "Phê duyệt, ký bản sao trích lục", "leader", Decimal("2")),
        (4, "issue", "Đóng dấu, vào sổ, ban hành", "clerk", Decimal("1")),
        (5, "return", "Trả kết quả", "desk_officer", Decimal("1")),
    ],
    # Appraisal may ask Sở Nội vụ or Sở Y tế for an opinion, or hand a part to Sở Y tế (liên thông).
    "moves": {2: (("consult", "000.00.02.H41"), ("consult", "000.00.09.H41"), ("transfer", "000.00.09.H41"))},
}

CERTIFY_PROCEDURE = {
    "code": "2.000815",
    "name": "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp",
    "sector": ("CHUNGTHUC", "Chứng thực"),
    "level": "commune",
    "time_limit": Decimal("0"),
    "time_unit": "same_day",
    "time_limit_text": "Trong ngày làm việc; nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo",
    "fee_vnd": 2000,
    "fee_text": "2.000 đồng/trang; từ trang thứ ba 1.000 đồng/trang, tối đa 200.000 đồng/bản",
    "online_level": "partial",
    "result": "Bản sao được chứng thực từ bản chính",
    "requirements": "Xuất trình bản chính giấy tờ, văn bản cần chứng thực.",
    "legal_basis": "Nghị định số 23/2015/NĐ-CP;\nThông tư số 01/2020/TT-BTP.",
    "papers": [
        ("Bản chính giấy tờ, văn bản làm cơ sở để chứng thực", "original", 1, True),
        ("Bản sao cần chứng thực", "copy", 1, True),
    ],
    "steps": [
        (1, "receive", "Tiếp nhận, kiểm tra bản chính", "desk_officer", Decimal("1")),
        (2, "appraise", "Đối chiếu bản chính, dự thảo lời chứng", "specialist", Decimal("1")),
        (3, "approve", "Trưởng phòng kiểm tra, trình ký", "unit_head", Decimal("1")),
        (4, "approve", "Ký chứng thực", "leader", Decimal("3")),
        (5, "issue", "Đóng dấu, vào sổ chứng thực", "clerk", Decimal("1")),
        (6, "return", "Trả kết quả", "desk_officer", Decimal("1")),
    ],
    # A branch of the approved process: the specialist sends the copy straight to the signing leader,
    # or to the head of division first; the leader sends it back to either of them.
    "moves": {2: (("next", 3), ("next", 4)), 4: (("back", 2), ("back", 3))},
}

# E-form fields (tờ khai điện tử) of a few demo procedures, by procedure code. Field labels follow the
# civil-status forms of Thông tư 04/2020/TT-BTP in substance; the extract's fields are optional, so
# the original walking-skeleton journey (request summary and one upload) still submits as before.
_SEX = ("Nam", "Nữ")
FORM_FIELDS: dict[str, list[dict[str, Any]]] = {
    "2.000635": [
        {
            "key": "ho_ten_duoc_cap",
            "label": "Họ, chữ đệm, tên người được cấp bản sao trích lục",
            "help_text": "Để trống nếu là chính người nộp.",
            "max_length": 100,
        },
        {"key": "ngay_sinh", "label": "Ngày sinh của người được cấp bản sao", "kind": "date"},
        {
            "key": "loai_trich_luc",
            "label": "Loại trích lục đề nghị cấp bản sao",
            "kind": "choice",
            "choices": (
                "Trích lục khai sinh",
                "Trích lục kết hôn",
                "Trích lục khai tử",
                "Trích lục hộ tịch khác",
            ),
        },
        {"key": "muc_dich", "label": "Mục đích sử dụng", "kind": "long_text", "max_length": 500},
    ],
    "1.001193": [
        {
            "key": "ho_ten_tre",
            "label": "Họ, chữ đệm, tên người được khai sinh",
            "is_required": True,
            "max_length": 100,
        },
        {"key": "ngay_sinh", "label": "Ngày, tháng, năm sinh", "kind": "date", "is_required": True},
        {"key": "gioi_tinh", "label": "Giới tính", "kind": "choice", "choices": _SEX, "is_required": True},
        {
            "key": "noi_sinh",
            "label": "Nơi sinh",
            "is_required": True,
            "help_text": "Tên cơ sở y tế, hoặc địa chỉ nơi sinh nếu sinh ngoài cơ sở y tế.",
        },
        {"key": "dan_toc", "label": "Dân tộc", "is_required": True, "max_length": 50},
        {"key": "ho_ten_me", "label": "Họ, chữ đệm, tên người mẹ", "is_required": True, "max_length": 100},
        {
            "key": "ho_ten_cha",
            "label": "Họ, chữ đệm, tên người cha",
            "max_length": 100,
            "help_text": "Để trống nếu chưa xác định được cha.",
        },
        {
            "key": "quan_he",
            "label": "Quan hệ của người đi đăng ký với người được khai sinh",
            "kind": "choice",
            "choices": ("Cha", "Mẹ", "Ông", "Bà", "Người thân thích khác"),
            "is_required": True,
        },
        {
            "key": "dung_han",
            "label": "Đăng ký trong 60 ngày kể từ ngày sinh",
            "kind": "yes_no",
            "is_required": True,
            "help_text": "Luật Hộ tịch 2014, Điều 15: cha, mẹ đăng ký khai sinh cho con trong 60 ngày.",
        },
        {"key": "so_ban_sao", "label": "Số bản sao Trích lục khai sinh đề nghị cấp", "kind": "number"},
    ],
    "1.004884": [
        {
            "key": "ho_ten",
            "label": "Họ, chữ đệm, tên người được đăng ký lại khai sinh",
            "is_required": True,
            "max_length": 100,
        },
        {"key": "ngay_sinh", "label": "Ngày, tháng, năm sinh", "kind": "date", "is_required": True},
        {"key": "gioi_tinh", "label": "Giới tính", "kind": "choice", "choices": _SEX, "is_required": True},
        {"key": "noi_sinh", "label": "Nơi sinh", "is_required": True},
        {
            "key": "noi_dang_ky_truoc",
            "label": "Nơi đã đăng ký khai sinh trước đây",
            "is_required": True,
            "help_text": "Tên Ủy ban nhân dân cấp xã (cũ) đã đăng ký khai sinh, nếu nhớ.",
        },
        {
            "key": "quan_he",
            "label": "Quan hệ của người đi đăng ký với người được đăng ký lại khai sinh",
            "kind": "choice",
            "choices": ("Bản thân", "Cha", "Mẹ", "Người giám hộ", "Người thân thích khác"),
            "is_required": True,
        },
        {
            "key": "ly_do",
            "label": "Lý do đăng ký lại",
            "kind": "long_text",
            "is_required": True,
            "max_length": 1000,
            "help_text": "Ví dụ: sổ hộ tịch và bản chính Giấy khai sinh đều bị mất.",
        },
        {
            "key": "con_ban_sao",
            "label": "Còn giữ bản sao Giấy khai sinh hoặc giấy tờ có thông tin khai sinh",
            "kind": "yes_no",
            "is_required": True,
        },
        {"key": "so_ban_sao", "label": "Số bản sao Giấy khai sinh đề nghị cấp", "kind": "number"},
    ],
}
