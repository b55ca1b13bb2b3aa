"""The demo province's reform work for 2026, built through the reform services.

Everything here is ILLUSTRATIVE: the committee's decision numbers, the tasks, their progress, the
meeting conclusions and every index score, rank and target are invented for the demo (index rows
carry ``is_illustrative=True`` and the page marks them "minh họa"). Nothing here is a published
figure for Nghệ An. Idempotent: a second run finds the committee and returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from motcua.accounts.models import User
from motcua.core.timeutil import VN_TZ
from motcua.organisations.models import Agency, Position
from motcua.reform import services as reform
from motcua.reform.models import CommitteeMember, Meeting, ReceptionDay, SteeringCommittee
from motcua.workdays.selectors import get_calendar

from . import data

YEAR = 2026
ILLUSTRATIVE = "Số liệu minh họa (demo), không phải kết quả công bố"

# username, full name, committee role, position role, agency short name ("" = province-wide), title
COMMITTEE_PEOPLE = [
    ("truongbancchc", "Lê Hồng Vinh", "chair", "steering_viewer", "", "Chủ tịch UBND tỉnh, Trưởng ban"),
    (
        "phobancchc",
        "Nguyễn Thị Thu Hường",
        "vice_chair",
        "leader",
        "Sở Nội vụ",
        "Giám đốc Sở Nội vụ, Phó Trưởng ban",
    ),
    (
        "thukycchc",
        "Hoàng Minh Tuấn",
        "secretary",
        "specialist",
        "Sở Nội vụ",
        "Chuyên viên Phòng CCHC, Sở Nội vụ; Thư ký",
    ),
]


@dataclass(frozen=True)
class TaskSpec:
    group: int
    title: str
    owner: str
    deadline: tuple[int, int]
    output: str
    outcome: str = "none"  # "done", "late", "progress:NN" or "none"
    co: tuple[str, ...] = ()
    kpi: str = ""
    target: str = ""


TASKS = [
    TaskSpec(
        0,
        "Số hóa kết quả giải quyết TTHC lĩnh vực hộ tịch còn hiệu lực",
        "Sở Tư pháp",
        (3, 31),
        "Báo cáo kết quả số hóa",
        "done",
        ("Sở KH&CN",),
    ),
    TaskSpec(
        0,
        "Kết nối Hệ thống thông tin giải quyết TTHC với Cơ sở dữ liệu quốc gia về dân cư",
        "Sở KH&CN",
        (4, 30),
        "Biên bản nghiệm thu kết nối",
        "none",
        ("Công an tỉnh",),
    ),
    TaskSpec(
        0,
        "Nâng tỷ lệ hồ sơ nộp trực tuyến toàn trình tại phường Trường Vinh",
        "UBND Phường Trường Vinh",
        (9, 30),
        "Tỷ lệ hồ sơ trực tuyến ≥ 60 %",
        "progress:70",
        kpi="dossiers.online_rate",
        target="60",
    ),
    TaskSpec(
        0,
        "Triển khai thanh toán trực tuyến phí, lệ phí tại Trung tâm PVHCC tỉnh",
        "Sở Tài chính",
        (6, 30),
        "Quy trình thanh toán trực tuyến",
        "none",
    ),
    TaskSpec(0, "Tập huấn kỹ năng số cho công chức cấp xã", "Sở KH&CN", (11, 30), "30 lớp tập huấn", "none"),
    TaskSpec(
        1,
        "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực tư pháp",
        "Sở Tư pháp",
        (5, 31),
        "Phương án đơn giản hóa trình UBND tỉnh",
        "late",
    ),
    TaskSpec(
        1,
        "Công bố danh mục TTHC sau sắp xếp đơn vị hành chính",
        "Văn phòng UBND tỉnh",
        (2, 28),
        "Quyết định công bố",
        "none",
    ),
    TaskSpec(
        1,
        "Phê duyệt quy trình nội bộ giải quyết TTHC cấp xã",
        "Sở Nội vụ",
        (3, 31),
        "Quyết định phê duyệt quy trình",
        "done",
        ("Văn phòng UBND tỉnh",),
    ),
    TaskSpec(
        1,
        "Cắt giảm thời gian giải quyết TTHC lĩnh vực xây dựng",
        "Sở Xây dựng",
        (8, 31),
        "Danh mục TTHC cắt giảm thời gian",
        "none",
    ),
    TaskSpec(
        1,
        "Giải quyết TTHC không phụ thuộc địa giới hành chính trong tỉnh",
        "Trung tâm PVHCC",
        (12, 31),
        "100 % TTHC đủ điều kiện",
        "none",
    ),
    TaskSpec(
        2,
        "Kiện toàn tổ chức Trung tâm Phục vụ hành chính công cấp xã",
        "Sở Nội vụ",
        (4, 30),
        "Quyết định kiện toàn",
        "done",
    ),
    TaskSpec(
        2,
        "Rà soát chức năng, nhiệm vụ các phòng chuyên môn sau sắp xếp",
        "Sở Nội vụ",
        (10, 31),
        "Báo cáo rà soát",
        "progress:50",
    ),
    TaskSpec(2, "Sắp xếp đơn vị sự nghiệp công lập ngành y tế", "Sở Y tế", (9, 30), "Đề án sắp xếp", "none"),
    TaskSpec(
        3, "Xây dựng Đề án vị trí việc làm cấp xã", "Sở Nội vụ", (6, 30), "Đề án trình UBND tỉnh", "late"
    ),
    TaskSpec(
        3,
        "Đánh giá, xếp loại công chức theo kết quả thực hiện nhiệm vụ",
        "Sở Nội vụ",
        (12, 15),
        "Báo cáo đánh giá",
        "none",
    ),
    TaskSpec(
        3,
        "Bồi dưỡng nghiệp vụ một cửa cho công chức tiếp nhận",
        "UBND Phường Trường Vinh",
        (7, 31),
        "Danh sách công chức được bồi dưỡng",
        "done",
    ),
    TaskSpec(
        4,
        "Kiểm tra công tác CCHC tại 10 sở, ngành và 20 xã, phường",
        "Sở Nội vụ",
        (10, 31),
        "Báo cáo kết quả kiểm tra",
        "progress:60",
    ),
    TaskSpec(
        4,
        "Tuyên truyền về CCHC trên Báo và Đài Phát thanh – Truyền hình tỉnh",
        "Sở VHTT&DL",
        (12, 31),
        "Chuyên mục định kỳ",
        "progress:40",
    ),
    TaskSpec(
        4,
        "Khảo sát sự hài lòng của người dân (SIPAS) cấp tỉnh",
        "Sở Nội vụ",
        (11, 15),
        "Báo cáo SIPAS",
        "none",
    ),
    TaskSpec(
        4,
        "Tự đánh giá, chấm điểm Chỉ số CCHC năm 2026",
        "Sở Tư pháp",
        (12, 20),
        "Báo cáo tự đánh giá",
        "none",
        kpi="reform.completion_rate",
        target="90",
    ),
]

# Illustrative index history: (year, score, rank, ranked count).
INDEX_HISTORY: dict[str, list[tuple[int, str, int, int]]] = {
    "par_index": [
        (2021, "84.10", 31, 63),
        (2022, "85.02", 27, 63),
        (2023, "86.35", 24, 63),
        (2024, "87.90", 19, 63),
        (2025, "88.40", 14, 34),
    ],
    "sipas": [
        (2021, "80.20", 35, 63),
        (2022, "81.45", 30, 63),
        (2023, "82.10", 28, 63),
        (2024, "83.70", 22, 63),
        (2025, "84.60", 15, 34),
    ],
    "papi": [
        (2021, "42.10", 30, 63),
        (2022, "42.80", 26, 63),
        (2023, "43.05", 25, 63),
        (2024, "43.60", 21, 63),
        (2025, "44.20", 16, 34),
    ],
    "pci": [
        (2021, "64.20", 29, 63),
        (2022, "65.10", 25, 63),
        (2023, "66.05", 23, 63),
        (2024, "67.30", 18, 63),
        (2025, "68.10", 13, 34),
    ],
}
INDEX_MAX = {"par_index": "100", "sipas": "100", "papi": "80", "pci": "100"}
TARGETS = [
    ("par_index", 2025, 20),
    ("pci", 2025, 20),
    ("par_index", 2026, 12),
    ("pci", 2026, 12),
    ("sipas", 2026, 12),
    ("papi", 2026, 15),
]
PAR_COMPONENTS = [
    ("Công tác chỉ đạo, điều hành CCHC", "8.60", "9.00"),
    ("Cải cách thể chế", "8.90", "10.00"),
    ("Cải cách thủ tục hành chính", "11.20", "12.50"),
    ("Cải cách tổ chức bộ máy", "7.40", "8.50"),
    ("Cải cách chế độ công vụ", "11.80", "14.00"),
    ("Cải cách tài chính công", "7.20", "8.50"),
    ("Xây dựng, phát triển Chính phủ điện tử, Chính phủ số", "8.30", "10.00"),
    ("Tác động của CCHC đến người dân, tổ chức", "25.00", "27.50"),
]


def _is_working_day(day: date) -> bool:
    try:
        return get_calendar().is_working_day(day)
    except ValueError:
        return day.weekday() < 5


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=VN_TZ)


def _agencies() -> dict[str, Agency]:
    agencies = {a.short_name: a for a in Agency.objects.exclude(short_name="")}
    centre = Agency.objects.filter(kind="service_centre").first()
    agencies["Trung tâm PVHCC"] = centre or agencies["VP UBND tỉnh"]
    agencies["Văn phòng UBND tỉnh"] = agencies["VP UBND tỉnh"]
    return agencies


def _people(agencies: dict[str, Agency]) -> dict[str, Any]:
    people: dict[str, Any] = {}
    for username, full_name, _role, position_role, agency_short, title in COMMITTEE_PEOPLE:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"full_name": full_name, "kind": User.Kind.STAFF, "email": f"{username}@motcua.local"},
        )
        if created:
            user.set_password(data.PASSWORD)
            user.save(update_fields=["password"])
            Position.objects.create(
                user=user,
                role=position_role,
                title=title,
                agency=agencies[agency_short] if agency_short else None,
            )
        people[username] = user
    return people


@transaction.atomic
def seed_reform(now: datetime) -> SteeringCommittee:
    """Create the 2026 reform plan of the demo province with its follow-up; return the committee."""
    existing = SteeringCommittee.objects.filter(province_code=str(data.PROVINCE_CODE)).first()
    if existing is not None:
        return existing
    admin = User.objects.get(username="quantri")
    agencies = _agencies()
    people = _people(agencies)
    committee = reform.create_committee(
        name="Ban Chỉ đạo cải cách hành chính tỉnh Nghệ An",
        decision="Quyết định số 123/QĐ-UBND ngày 15/7/2025 (minh họa)",
        actor=admin,
    )
    members: dict[str, CommitteeMember] = {}
    for username, _n, role, _p, agency_short, title in COMMITTEE_PEOPLE:
        members[username] = reform.add_member(
            committee=committee,
            user=people[username],
            role=role,
            actor=admin,
            title=title,
            agency=agencies[agency_short] if agency_short else None,
        )
    chair, secretary = people["truongbancchc"], people["thukycchc"]
    plan_at = _at(date(YEAR, 1, 5))
    plan = reform.create_plan(
        committee=committee,
        title="Kế hoạch cải cách hành chính năm 2026",
        kind="yearly",
        start_year=YEAR,
        end_year=YEAR,
        actor=secretary,
        at=plan_at,
    )
    groups = list(plan.groups.order_by("order"))
    reporters = {
        "Sở Tư pháp": User.objects.get(username="lanhdao"),
        "Sở Nội vụ": secretary,
        "UBND Phường Trường Vinh": User.objects.get(username="lanhdao_xa"),
    }
    created = []
    for n, spec in enumerate(TASKS, start=1):
        task = reform.create_task(
            plan=plan,
            data=reform.TaskInput(
                number=f"{spec.group + 1}.{sum(1 for s in TASKS[:n] if s.group == spec.group)}",
                title=spec.title,
                group=groups[spec.group],
                owner=agencies[spec.owner],
                deadline=date(YEAR, *spec.deadline),
                co_agencies=[agencies[c] for c in spec.co],
                expected_output=spec.output,
                legal_basis="Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ",
                kpi_code=spec.kpi,
                kpi_target=Decimal(spec.target) if spec.target else None,
            ),
            actor=secretary,
            at=plan_at,
        )
        created.append((spec, task))
    reform.issue_plan(
        plan=plan,
        decision_number="45/QĐ-UBND (minh họa)",
        decision_date=date(YEAR, 1, 10),
        issued_by="Ủy ban nhân dân tỉnh Nghệ An",
        actor=secretary,
    )
    latest = now - timedelta(days=1)
    for spec, task in created:
        reporter = reporters.get(spec.owner)
        if reporter is None or spec.outcome == "none":
            continue
        deadline = date(YEAR, *spec.deadline)
        if spec.outcome in ("done", "late"):
            day = deadline - timedelta(days=6) if spec.outcome == "done" else deadline + timedelta(days=12)
            at = _at(day, 15)
            if at > latest:
                continue
            reform.report_progress(
                task=task,
                status="in_progress",
                percent=50,
                comment="Đang triển khai theo kế hoạch",
                files=[],
                actor=reporter,
                at=at - timedelta(days=20),
            )
            reform.report_progress(
                task=task,
                status="completed",
                percent=100,
                comment="Đã hoàn thành, gửi sản phẩm về Sở Nội vụ",
                files=[],
                actor=reporter,
                at=at,
            )
        else:
            at = min(latest, _at(deadline - timedelta(days=30)))
            if at > plan_at + timedelta(days=7):
                reform.report_progress(
                    task=task,
                    status="in_progress",
                    percent=int(spec.outcome.split(":")[1]),
                    comment="Đang triển khai; dự kiến hoàn thành đúng hạn",
                    files=[],
                    actor=reporter,
                    at=at,
                )

    # Meetings: the year's calendar, minutes of past meetings, conclusions as tasks.
    reform.schedule_year_meetings(
        committee=committee, year=YEAR, actor=secretary, is_working_day=_is_working_day
    )
    past = list(Meeting.objects.filter(committee=committee, scheduled_at__lt=latest).order_by("scheduled_at"))
    conclusions = [
        ("Sở KH&CN khẩn trương hoàn thành kết nối với CSDL quốc gia về dân cư", "Sở KH&CN", 45),
        ("Các sở rà soát, công khai đầy đủ TTHC trên Cổng DVCQG", "Văn phòng UBND tỉnh", 30),
        ("Sở Nội vụ tổng hợp kết quả kiểm tra CCHC quý, báo cáo Ban Chỉ đạo", "Sở Nội vụ", 20),
    ]
    for i, meeting in enumerate(past[:3]):
        meeting = reform.record_minutes(
            meeting=meeting,
            agenda="1. Đánh giá tiến độ kế hoạch CCHC\n2. Nhiệm vụ trọng tâm tháng tới",
            minutes="Ban Chỉ đạo nghe Sở Nội vụ báo cáo tiến độ; các thành viên thảo luận (minh họa).",
            held_at=meeting.scheduled_at,
            actor=secretary,
        )
        text, owner, days = conclusions[i]
        reform.add_conclusion(
            meeting=meeting,
            text=text,
            data=reform.TaskInput(
                title="",
                group=groups[4 if owner == "Sở Nội vụ" else 0],
                owner=agencies[owner],
                deadline=(meeting.scheduled_at + timedelta(days=days)).date(),
            ),
            actor=secretary,
            at=meeting.scheduled_at + timedelta(hours=3),
        )

    # Inspections: one done with a finding, one planned.
    done = reform.plan_inspection(
        committee=committee,
        agency=agencies["Sở Xây dựng"],
        planned_on=date(YEAR, 5, 12),
        scope="Công tác CCHC, thực hiện cơ chế một cửa",
        actor=secretary,
    )
    if _at(date(YEAR, 5, 12)) < latest:
        reform.record_inspection(
            inspection=done,
            conducted_on=date(YEAR, 5, 12),
            summary="Cơ bản thực hiện tốt; còn hồ sơ trễ hạn chưa xin lỗi (minh họa).",
            actor=secretary,
        )
        reform.add_finding(
            inspection=done,
            text="Còn 12 hồ sơ trễ hạn chưa có văn bản xin lỗi người nộp",
            required_fix="Rà soát, gửi văn bản xin lỗi và cập nhật lên hệ thống",
            data=reform.TaskInput(title="", group=groups[4], owner=None, deadline=date(YEAR, 6, 30)),
            actor=secretary,
            at=_at(date(YEAR, 5, 13)),
        )
    reform.plan_inspection(
        committee=committee,
        agency=agencies["UBND Xã Con Cuông"] if "UBND Xã Con Cuông" in agencies else agencies["Sở Y tế"],
        planned_on=date(YEAR, 11, 18),
        scope="Công tác CCHC cấp xã",
        actor=secretary,
    )

    # Pilot units: 3 departments and 4 localities.
    pilot_owners = [("Sở Tư pháp", "phobancchc"), ("Sở Nội vụ", "phobancchc"), ("Sở KH&CN", "truongbancchc")]
    communes = list(Agency.objects.filter(level="commune", kind="committee").order_by("electronic_id")[:4])
    for short, member in pilot_owners:
        reform.designate_pilot_unit(
            committee=committee,
            year=YEAR,
            agency=agencies[short],
            member_in_charge=members[member],
            focus="Chuyển đổi số trong giải quyết TTHC",
            actor=secretary,
        )
    for commune in communes:
        reform.designate_pilot_unit(
            committee=committee,
            year=YEAR,
            agency=commune,
            member_in_charge=members["phobancchc"],
            focus="Nâng tỷ lệ hồ sơ trực tuyến toàn trình",
            actor=secretary,
        )

    # Indices (illustrative) and targets.
    for kind, history in INDEX_HISTORY.items():
        for year, score, rank, count in history:
            components = []
            if kind == "par_index" and year == 2025:
                components = [
                    reform.ComponentInput(name=n, score=Decimal(s), max_score=Decimal(m))
                    for n, s, m in PAR_COMPONENTS
                ]
            reform.record_index_result(
                committee=committee,
                kind=kind,
                year=year,
                score=score,
                max_score=INDEX_MAX[kind],
                national_rank=rank,
                ranked_count=count,
                components=components,
                source=ILLUSTRATIVE,
                is_illustrative=True,
                actor=secretary,
            )
    for kind, year, rank in TARGETS:
        reform.set_index_target(
            committee=committee,
            kind=kind,
            year=year,
            target_rank=rank,
            actor=secretary,
            basis="Nghị quyết Đại hội Đảng bộ tỉnh (minh họa): thuộc nhóm dẫn đầu",
        )

    # A sensitive post at commune level with three holders (overdue, due, within term).
    commune = communes[0] if communes else agencies["Sở Tư pháp"]
    post = reform.register_sensitive_post(
        committee=committee,
        name="Công chức Địa chính – Nông nghiệp – Môi trường cấp xã",
        agency=commune,
        personnel_agency=agencies["Sở Nội vụ"],
        rotation_months=36,
        actor=secretary,
    )
    today = now.astimezone(VN_TZ).date()
    for name, months in [("Trần Văn Lợi", 40), ("Nguyễn Thị Mơ", 34), ("Phạm Đức Anh", 12)]:
        reform.record_holding(
            committee=committee,
            post=post,
            official_name=name,
            started_on=today - timedelta(days=months * 30),
            actor=secretary,
        )

    # Citizen reception days of the chair (5th and 15th), with cases on a past day.
    reform.schedule_reception_days(
        committee=committee,
        year=YEAR,
        months=list(range(1, 13)),
        host=chair,
        location="Trụ sở Tiếp công dân tỉnh, 03 Trường Thi",
        actor=secretary,
        is_working_day=_is_working_day,
    )
    reception_day = (
        ReceptionDay.objects.filter(committee=committee, date__lt=today - timedelta(days=20))
        .order_by("-date")
        .first()
    )
    if reception_day is not None:
        cases = [
            (
                "Nguyễn Văn Bình",
                "Chậm cấp Giấy chứng nhận quyền sử dụng đất đã nộp từ 3 tháng trước",
                "Sở NN&MT",
            ),
            (
                "Lê Thị Cúc",
                "Đề nghị hướng dẫn thủ tục đăng ký hộ kinh doanh trực tuyến",
                "UBND Phường Trường Vinh",
            ),
            ("Trần Quốc Dũng", "Phản ánh thái độ công chức tiếp nhận hồ sơ", "Trung tâm PVHCC"),
        ]
        at = _at(reception_day.date, 8)
        for i, (name, content, agency_short) in enumerate(cases):
            case = reform.record_reception_case(
                day=reception_day,
                citizen_name=name,
                citizen_contact="",
                content=content,
                actor=secretary,
                at=at,
            )
            if i < 2:
                case = reform.assign_reception_case(
                    case=case,
                    agency=agencies[agency_short],
                    deadline=reception_day.date + timedelta(days=15),
                    note="",
                    actor=secretary,
                    at=at + timedelta(hours=2),
                )
            if i == 1:
                reform.close_reception_case(
                    case=case,
                    result="Đã hướng dẫn công dân; công dân đồng ý.",
                    actor=secretary,
                    at=at + timedelta(days=3),
                )
    return committee
