"""`motcua generate_catalog --procedures 5000`: a large synthetic catalog for benchmarks.

Procedures get codes 8.000001, 8.000002, … (no real national code starts with 8), plausible
Vietnamese names built from a fixed-seed mix of actions, objects and subjects, a sector, a competent
agency taken from the ones loaded (run `seed_demo` first), a time limit, fees, papers and an
approved five-step process, under two decisions marked as generated data. Running it again tops the
catalog up to the number asked for.

The rows are written in bulk (a few statements per 500 procedures) rather than one `publish_version`
call each, which would take minutes for 5,000; they are the rows the service writes for the same
`VersionSpec` (checked by `tests/test_generate.py`, which compares `spec_of` with the spec).
"""

from __future__ import annotations

import random
from datetime import date, datetime
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from motcua.catalog import graph as g
from motcua.catalog import page_cache
from motcua.catalog.models import (
    Decision,
    Fee,
    LegalBasis,
    Procedure,
    ProcedureCode,
    ProcedureVersion,
    Process,
    ProcessApproval,
    ProcessMove,
    ProcessStep,
    RequiredPaper,
    ResultType,
    Sector,
)
from motcua.catalog.services import record_decision
from motcua.catalog.specs import FeeSpec, PaperSpec, ResultSpec, VersionSpec
from motcua.core.text import fold, nfc
from motcua.core.timeutil import VN_TZ
from motcua.organisations.models import Agency

PREFIX = "8."
BATCH = 500
ANALYZED_TABLES = (
    "catalog_procedure",
    "catalog_procedurecode",
    "catalog_procedureversion",
    "catalog_requiredpaper",
    "catalog_fee",
    "catalog_processstep",
)
SEED = 20260302
ACTIONS = [
    "Cấp",
    "Cấp lại",
    "Cấp đổi",
    "Gia hạn",
    "Điều chỉnh",
    "Đăng ký",
    "Xác nhận",
    "Thẩm định",
    "Phê duyệt",
    "Công nhận",
    "Chấp thuận",
    "Thông báo",
    "Đăng ký thay đổi",
    "Đề nghị hỗ trợ",
]
OBJECTS = [
    "giấy phép kinh doanh",
    "giấy chứng nhận đủ điều kiện hoạt động",
    "giấy phép xây dựng",
    "chứng chỉ hành nghề",
    "giấy phép lao động",
    "giấy chứng nhận quyền sử dụng đất",
    "giấy phép vận tải",
    "giấy phép quảng cáo",
    "giấy phép khai thác nước mặt",
    "giấy phép môi trường",
    "giấy chứng nhận an toàn thực phẩm",
    "giấy phép tổ chức lễ hội",
    "giấy phép thành lập cơ sở giáo dục",
    "giấy chứng nhận đăng ký hợp tác xã",
    "giấy phép hoạt động khám bệnh, chữa bệnh",
    "thẻ hướng dẫn viên du lịch",
    "giấy phép biểu diễn nghệ thuật",
    "giấy chứng nhận cơ sở đủ điều kiện chăn nuôi",
    "giấy phép sử dụng vật liệu nổ công nghiệp",
    "quyết định công nhận làng nghề",
]
SUBJECTS = [
    "đối với doanh nghiệp",
    "đối với hộ kinh doanh",
    "cho cá nhân",
    "cho tổ chức nước ngoài",
    "trong khu công nghiệp",
    "tại khu vực biên giới",
    "cho cơ sở ngoài công lập",
    "đối với hợp tác xã",
    "cho người có công",
    "tại cảng thủy nội địa",
]
SECTORS = [
    ("GEN-KT", "Kinh tế hợp tác"),
    ("GEN-XD", "Hoạt động xây dựng"),
    ("GEN-MT", "Môi trường"),
    ("GEN-TN", "Tài nguyên nước"),
    ("GEN-GT", "Đường bộ"),
    ("GEN-YT", "Khám bệnh, chữa bệnh"),
    ("GEN-GD", "Giáo dục và đào tạo"),
    ("GEN-VH", "Văn hóa cơ sở"),
    ("GEN-DL", "Du lịch"),
    ("GEN-LD", "Việc làm"),
    ("GEN-NN", "Chăn nuôi"),
    ("GEN-CT", "Công nghiệp"),
]


class Command(BaseCommand):
    help = "Sinh danh mục thủ tục giả lập (mã 8.xxxxxx) để đo hiệu năng; chạy lại chỉ bổ sung phần còn thiếu."

    def add_arguments(self, parser):
        parser.add_argument(
            "--procedures", type=int, default=5000, help="Tổng số thủ tục sinh tự động cần có"
        )
        parser.add_argument("--seed", type=int, default=SEED)

    def handle(self, *args, **options):
        wanted = options["procedures"]
        if not 1 <= wanted <= 999_999:
            raise CommandError("--procedures phải từ 1 đến 999999.")
        agencies = list(Agency.objects.exclude(kind="service_centre").order_by("electronic_id"))
        if not agencies:
            raise CommandError("Chưa có cơ quan nào; chạy `motcua seed_demo` trước.")
        existing = Procedure.objects.filter(code__startswith=PREFIX).count()
        if existing >= wanted:
            self.stdout.write(f"Đã có {existing} thủ tục sinh tự động; không sinh thêm.")
            return
        publication = record_decision(
            number="SINH-TU-DONG/QĐ-CB",
            issued_on=date(2025, 1, 1),
            effective_from=date(2025, 1, 1),
            kind=Decision.Kind.PUBLICATION,
            title="Dữ liệu sinh tự động để đo hiệu năng – không phải quyết định thật",
            actor=None,
        )
        approval = record_decision(
            number="SINH-TU-DONG/QĐ-QT",
            issued_on=date(2025, 1, 1),
            effective_from=date(2025, 1, 1),
            kind=Decision.Kind.PROCESS_APPROVAL,
            title="Dữ liệu sinh tự động để đo hiệu năng – không phải quyết định thật",
            actor=None,
        )
        at = datetime(2025, 1, 1, 8, 0, tzinfo=VN_TZ)
        rng = random.Random(options["seed"])  # noqa: S311 - benchmark data, not a secret
        for _ in range(existing):  # keep the sequence stable across top-ups
            _draw(rng)
        by_id = {a.electronic_id: a for a in agencies}
        for start in range(existing + 1, wanted + 1, BATCH):
            specs = [_spec(n, rng, agencies) for n in range(start, min(start + BATCH, wanted + 1))]
            _write(specs, agencies=by_id, publication=publication, approval=approval, at=at)
            self.stdout.write(f"  {min(start + BATCH - 1, wanted)}/{wanted}")
        if connection.vendor == "postgresql":
            # Bulk inserts leave the planner's statistics stale; search plans depend on them.
            with connection.cursor() as cursor:
                for table in ANALYZED_TABLES:
                    cursor.execute(f"ANALYZE {table}")
        page_cache.bump()  # bulk inserts send no signals
        self.stdout.write(f"Đã sinh {wanted - existing} thủ tục (mã {PREFIX}xxxxxx).")


def _draw(rng: random.Random) -> tuple[str, str, str, tuple[str, str], int, int, int, int]:
    return (
        rng.choice(ACTIONS),
        rng.choice(OBJECTS),
        rng.choice(SUBJECTS),
        rng.choice(SECTORS),
        rng.randrange(1_000_000),
        rng.choice([3, 5, 7, 10, 15, 20]),
        rng.choice([0, 0, 20_000, 50_000, 100_000, 500_000]),
        rng.randrange(3),
    )


def _spec(n: int, rng: random.Random, agencies: list[Agency]) -> VersionSpec:
    action, obj, subject, (sector_code, sector_name), pick, days, fee, online = _draw(rng)
    agency = agencies[pick % len(agencies)]
    hours = Decimal(days * 8)
    steps = g.ProcessGraph.linear(
        [
            g.Step(
                order=1,
                kind="receive",
                name="Tiếp nhận, kiểm tra hồ sơ",
                role="desk_officer",
                allotted_hours=Decimal(4),
            ),
            g.Step(
                order=2,
                kind="appraise",
                name="Thẩm định hồ sơ",
                role="specialist",
                allotted_hours=hours - 16,
                moves=(g.Move("supplement"),),
            ),
            g.Step(order=3, kind="approve", name="Phê duyệt", role="leader", allotted_hours=Decimal(4)),
            g.Step(order=4, kind="issue", name="Ban hành kết quả", role="clerk", allotted_hours=Decimal(4)),
            g.Step(
                order=5, kind="return", name="Trả kết quả", role="desk_officer", allotted_hours=Decimal(4)
            ),
        ]
    )
    return VersionSpec(
        code=f"{PREFIX}{n:06d}",
        name=f"{action} {obj} {subject}",
        sector_code=sector_code,
        sector_name=sector_name,
        level="commune" if agency.level == "commune" else "province",
        agency=agency.electronic_id,
        effective_from=date(2025, 1, 1),
        time_limit=Decimal(days),
        time_unit="working_days",
        result_description=f"{obj[:1].upper()}{obj[1:]}",
        online_level=["full", "partial", "none"][online],
        fee_vnd=fee,
        fees=(FeeSpec(kind="charge", amount_vnd=fee, online_amount_vnd=fee // 2),) if fee else (),
        papers=(
            PaperSpec(name="Đơn đề nghị theo mẫu"),
            PaperSpec(name="Bản sao giấy tờ pháp lý của tổ chức, cá nhân", form="copy"),
        ),
        results=(ResultSpec(name=f"{obj[:1].upper()}{obj[1:]}"),),
        legal_bases=("Văn bản quy phạm pháp luật chuyên ngành (dữ liệu sinh tự động)",),
        process=steps,
    )


@transaction.atomic
def _write(
    specs: list[VersionSpec],
    *,
    agencies: dict[str, Agency],
    publication: Decision,
    approval: Decision,
    at: datetime,
) -> None:
    """Write the rows `publish_version` would write for new procedures, in bulk."""
    sectors = {}
    for spec in specs:
        if spec.sector_code not in sectors:
            sectors[spec.sector_code] = Sector.objects.get_or_create(
                code=spec.sector_code, defaults={"name": spec.sector_name}
            )[0]
    procedures = Procedure.objects.bulk_create(
        [
            Procedure(
                code=spec.code,
                name=nfc(spec.name),
                name_folded=fold(spec.name),
                search_folded=fold(f"{spec.code} {spec.name} {sectors[spec.sector_code].name}"),
                sector=sectors[spec.sector_code],
                level=spec.level,
            )
            for spec in specs
        ]
    )
    ProcedureCode.objects.bulk_create(
        [
            ProcedureCode(procedure=p, code=s.code, valid_from=s.effective_from)
            for p, s in zip(procedures, specs, strict=True)
        ]
    )
    versions = ProcedureVersion.objects.bulk_create(
        [
            ProcedureVersion(
                procedure=p,
                number=1,
                code=s.code,
                name=s.name,
                effective_from=s.effective_from,
                decision=publication,
                competent_agency=agencies[s.agency],
                time_limit=s.time_limit or 0,
                time_unit=s.time_unit,
                fee_vnd=s.fee_vnd,
                online_level=s.online_level,
                result_description=s.result_description,
                regardless_of_boundary=s.regardless_of_boundary,
            )
            for p, s in zip(procedures, specs, strict=True)
        ]
    )
    pairs = list(zip(versions, specs, strict=True))
    through = ProcedureVersion.competent_agencies.through
    through.objects.bulk_create(
        [
            through(procedureversion_id=v.pk, agency_id=agencies[eid].pk)
            for v, s in pairs
            for eid in s.competent_agencies
        ]
    )
    RequiredPaper.objects.bulk_create(
        [
            RequiredPaper(
                version=v, order=i, name=p.name, form=p.form, count=p.count, is_required=p.is_required
            )
            for v, s in pairs
            for i, p in enumerate(s.papers, start=1)
        ]
    )
    Fee.objects.bulk_create(
        [
            Fee(
                version=v,
                order=i,
                kind=f.kind,
                amount_vnd=f.amount_vnd,
                online_amount_vnd=f.online_amount_vnd,
            )
            for v, s in pairs
            for i, f in enumerate(s.fees, start=1)
        ]
    )
    ResultType.objects.bulk_create(
        [
            ResultType(version=v, order=i, name=r.name)
            for v, s in pairs
            for i, r in enumerate(s.results, start=1)
        ]
    )
    LegalBasis.objects.bulk_create(
        [
            LegalBasis(version=v, order=i, text=t)
            for v, s in pairs
            for i, t in enumerate(s.legal_bases, start=1)
        ]
    )
    processes = Process.objects.bulk_create(
        [Process(version=v, agency=v.competent_agency, approval=approval, approved_at=at) for v, _s in pairs]
    )
    graphs = [s.process for _v, s in pairs]
    step_rows = [
        ProcessStep(
            process=process,
            order=step.order,
            kind=step.kind,
            name=step.name,
            role=step.role,
            unit=step.unit,
            allotted_hours=step.allotted_hours,
        )
        for process, graph in zip(processes, graphs, strict=True)
        for step in (graph.steps if graph else ())
    ]
    created = iter(ProcessStep.objects.bulk_create(step_rows))
    moves = []
    for graph in graphs:
        steps = {step.order: next(created) for step in (graph.steps if graph else ())}
        for step in graph.steps if graph else ():
            moves += [
                ProcessMove(
                    step=steps[step.order],
                    kind=m.kind,
                    to_step=steps.get(m.to) if m.to else None,
                    agency=agencies.get(m.agency) if m.agency else None,
                )
                for m in step.moves
            ]
    ProcessMove.objects.bulk_create(moves)
    ProcessApproval.objects.bulk_create(
        [
            ProcessApproval(process=process, decision=approval, graph=graph.to_json(), approved_at=at)
            for process, graph in zip(processes, graphs, strict=True)
            if graph is not None
        ]
    )
