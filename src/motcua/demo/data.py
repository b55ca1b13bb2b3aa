"""The demo province's data, as plain values."""

from __future__ import annotations

from decimal import Decimal

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
        (2, "approve", "Ký chứng thực", "leader", Decimal("5")),
        (3, "issue", "Đóng dấu, vào sổ chứng thực", "clerk", Decimal("1")),
        (4, "return", "Trả kết quả", "desk_officer", Decimal("1")),
    ],
}
