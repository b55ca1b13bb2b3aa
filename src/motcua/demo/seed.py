"""Build the demo province. Idempotent: a second run changes nothing and returns quickly."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from motcua.accounts.models import User
from motcua.catalog import services as catalog_services
from motcua.catalog.graph import Move, ProcessGraph, Step
from motcua.catalog.models import Decision, MoveKind, Procedure, ProcedureVersion
from motcua.catalog.specs import FeeSpec, FormFieldSpec, PaperSpec, ResultSpec, VersionSpec
from motcua.core.timeutil import VN_TZ
from motcua.documents.uploads import check_upload
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Dossier
from motcua.organisations.models import AdministrativeUnit, Agency, Position, ReceptionPoint, ServiceCentre
from motcua.organisations.services import load_administrative_units
from motcua.workdays.selectors import get_calendar

from . import data

SAMPLE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def _agency(
    name: str, short: str, eid: str, kind: str, level: str, unit: AdministrativeUnit, **kw: Any
) -> Agency:
    agency, _ = Agency.objects.update_or_create(
        electronic_id=eid,
        defaults={
            "name": name,
            "short_name": short,
            "kind": kind,
            "level": level,
            "unit": unit,
            "province_code": data.PROVINCE_CODE,
            **kw,
        },
    )
    return agency


DEMO_AT = datetime(2025, 7, 1, 8, 0, tzinfo=VN_TZ)
# Illustrative decisions: the demo catalog is researched data, not Nghệ An's published decisions.
DEMO_DECISIONS = {
    ("province", "publication"): ("01/QĐ-UBND (minh họa)", "Công bố danh mục thủ tục hành chính cấp tỉnh"),
    ("commune", "publication"): ("02/QĐ-UBND (minh họa)", "Công bố danh mục thủ tục hành chính cấp xã"),
    ("province", "process_approval"): (
        "03/QĐ-UBND (minh họa)",
        "Phê duyệt quy trình nội bộ giải quyết thủ tục hành chính cấp tỉnh",
    ),
    ("commune", "process_approval"): (
        "04/QĐ-UBND (minh họa)",
        "Phê duyệt quy trình nội bộ giải quyết thủ tục hành chính cấp xã",
    ),
}


def _demo_decision(level: str, kind: str) -> Decision:
    number, title = DEMO_DECISIONS[(level, kind)]
    return catalog_services.record_decision(
        number=number,
        issued_on=date(2025, 6, 30),
        effective_from=date(2025, 7, 1),
        kind=kind,
        issuer="Chủ tịch Ủy ban nhân dân tỉnh Nghệ An",
        title=f"{title} (dữ liệu minh họa của bản demo)",
        actor=None,
    )


def _demo_graph(
    steps: list[tuple[int, str, str, str, Decimal]],
    extra: dict[int, tuple[tuple[str, int | str], ...]] | None = None,
) -> ProcessGraph:
    """Return the demo steps with the usual moves: supplement from appraisal, rework from approval.

    `extra` adds a step's own moves, by step order: (kind, order of the target step) for `next` and
    `back`, (kind, agency identifier) for `consult` and `transfer`; `next` moves set here replace
    the move to the following step (a branch).
    """
    built = []
    for order, kind, name, role, hours in steps:
        moves: tuple[Move, ...] = ()
        if kind == "appraise":
            moves = (Move(MoveKind.SUPPLEMENT),)
        elif kind == "approve":
            earlier = [o for o, k, *_rest in steps if k == "appraise" and o < order]
            moves = (Move(MoveKind.BACK, to=max(earlier)),) if earlier else ()
        moves += tuple(
            Move(k, to=t) if isinstance(t, int) else Move(k, agency=t)
            for k, t in (extra or {}).get(order, ())
        )
        built.append(
            Step(order=order, kind=kind, name=name, role=role, allotted_hours=Decimal(hours), moves=moves)
        )
    return ProcessGraph.linear(built)


def _demo_form_fields(code: str) -> tuple[FormFieldSpec, ...]:
    return tuple(FormFieldSpec(**f) for f in data.FORM_FIELDS.get(code, ()))


def _add_missing_form_fields(procedure: Procedure) -> ProcedureVersion:
    """Return the latest version; give it the demo e-form if it has none and no dossier uses it yet.

    A demo database made before e-forms existed gets them on the next `seed_demo`.
    """
    latest = procedure.versions.order_by("-effective_from", "-number")[0]
    fields = _demo_form_fields(procedure.code)
    if fields and not latest.form_fields.exists() and not catalog_services.is_in_use(latest):
        catalog_services.set_form_fields(version=latest, fields=fields, actor=None)
    return latest


def _procedure(spec: dict[str, Any], agency: Agency, others: list[Agency] | None = None) -> ProcedureVersion:
    """Publish a demo procedure through the catalog services (once; later runs return its latest version).

    `others` are further agencies that handle it (a commune-level procedure: every commune's
    People's Committee of the demo province); `agency` leads.
    """
    form_fields = _demo_form_fields(spec["code"])
    existing = catalog_services.find_procedure(spec["code"])
    if existing is not None:
        return _add_missing_form_fields(existing)
    legal = spec["legal_basis"]
    if isinstance(legal, str):
        legal = [line.strip().rstrip(";").strip() for line in legal.splitlines()]
    fees = tuple(FeeSpec(**fee) for fee in spec.get("fees", ()))
    if not fees and spec["fee_vnd"]:
        fees = (FeeSpec(kind="fee", amount_vnd=spec["fee_vnd"], case=spec["fee_text"][:300]),)
    version_spec = VersionSpec(
        code=spec["code"],
        name=spec["name"],
        sector_code=spec["sector"][0],
        sector_name=spec["sector"][1],
        level=spec["level"],
        agency=agency.electronic_id,
        agencies=tuple(sorted({agency.electronic_id, *(a.electronic_id for a in others or ())})),
        effective_from=DEMO_AT.date(),
        time_limit=Decimal(spec["time_limit"]),
        time_unit=spec["time_unit"],
        time_limit_text=spec["time_limit_text"],
        statutory_time_limit=(
            Decimal(spec["statutory_time_limit"]) if spec.get("statutory_time_limit") else None
        ),
        fee_vnd=spec["fee_vnd"],
        fee_text=spec["fee_text"],
        online_level=spec["online_level"],
        result_description=spec["result"][:300],
        requirements=spec["requirements"],
        regardless_of_boundary=spec.get("regardless_of_boundary", True),
        papers=tuple(PaperSpec(**paper) for paper in spec["papers_detail"])
        if "papers_detail" in spec
        else tuple(
            PaperSpec(name=name, form=form, count=count, is_required=required)
            for name, form, count, required in spec["papers"]
        ),
        fees=fees,
        results=(ResultSpec(name=spec["result"][:400]),),
        legal_bases=tuple(line for line in legal if line),
        process=_demo_graph(spec["steps"], spec.get("moves")),
        form_fields=form_fields,
        verification_note=spec.get("verification_note", ""),
    )
    version = catalog_services.publish_version(
        spec=version_spec,
        decision=_demo_decision(spec["level"], Decision.Kind.PUBLICATION),
        process_decision=_demo_decision(spec["level"], Decision.Kind.PROCESS_APPROVAL),
        actor=None,
        at=DEMO_AT,
    )
    for former in spec.get("former_codes", ()):
        catalog_services.record_former_code(
            procedure=version.procedure,
            code=former["code"],
            valid_until=date.fromisoformat(former["valid_until"]),
            note=former["note"],
            actor=None,
        )
    return version


@transaction.atomic
def seed_organisations_and_people() -> ProcedureVersion:
    """Create Nghệ An's agencies, centres, staff, citizens and the demo procedures."""
    load_administrative_units()
    province = AdministrativeUnit.objects.get(code=data.PROVINCE_CODE)
    centre, _ = ServiceCentre.objects.update_or_create(
        electronic_id=data.PROVINCIAL_CENTRE[1],
        defaults={
            "name": data.PROVINCIAL_CENTRE[0],
            "level": "province",
            "unit": province,
            "address": data.PROVINCIAL_CENTRE[2],
            "phone": data.PROVINCIAL_CENTRE[3],
        },
    )
    committee = _agency(*data.PROVINCE_COMMITTEE, kind="committee", level="province", unit=province)
    _agency(*data.PROVINCIAL_OFFICE, kind="office", level="province", unit=province, parent=committee)
    departments = {
        short: _agency(
            name,
            short,
            f"000.00.{num}.H41",
            "department",
            "province",
            province,
            parent=committee,
            service_centre=centre,
        )
        for name, short, num in data.DEPARTMENTS
    }
    commune_agencies = []
    for commune_name, num in data.COMMUNES:
        unit = AdministrativeUnit.objects.get(name=commune_name, parent=province)
        commune_centre, _ = ServiceCentre.objects.update_or_create(
            electronic_id=f"000.01.{num}.H41",
            defaults={
                "name": f"Trung tâm Phục vụ hành chính công {_lower_first(commune_name)}",
                "level": "commune",
                "unit": unit,
            },
        )
        # A commune centre may run several reception points (Decree 118 Art 8); one extra each here.
        ReceptionPoint.objects.get_or_create(
            centre=commune_centre, name=f"Điểm tiếp nhận và trả kết quả số 2 – {_lower_first(commune_name)}"
        )
        commune_agencies.append(
            _agency(
                f"Ủy ban nhân dân {_lower_first(commune_name)}",
                f"UBND {commune_name}",
                f"000.00.{num}.H41",
                "committee",
                "commune",
                unit,
                parent=committee,
                service_centre=commune_centre,
            )
        )
    justice = departments[data.JUSTICE_SHORT]
    for username, full_name, role, where, title in data.STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "kind": User.Kind.STAFF,
                "is_staff": role == "provincial_admin",
                "is_superuser": role == "provincial_admin",
            },
        )
        if created:
            user.set_password(data.PASSWORD)
            user.save(update_fields=["password"])
            Position.objects.create(
                user=user,
                role=role,
                title=title,
                agency=justice if where == "justice" else None,
                service_centre=centre if where == "centre" else None,
            )
    for username, full_name, pid, phone, email, address in data.CITIZENS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "personal_id": pid,
                "phone": phone,
                "email": email,
                "address": address,
                "kind": User.Kind.CITIZEN,
            },
        )
        if created:
            user.set_password(data.PASSWORD)
            user.save(update_fields=["password"])
    commune = commune_agencies[0]
    for username, full_name, role, title in data.COMMUNE_STAFF:
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name, "kind": User.Kind.STAFF}
        )
        if created:
            user.set_password(data.PASSWORD)
            user.save(update_fields=["password"])
            Position.objects.create(
                user=user,
                role=role,
                title=title,
                agency=commune if role != "desk_officer" else None,
                service_centre=commune.service_centre if role == "desk_officer" else None,
            )
    version = _procedure(data.EXTRACT_PROCEDURE, justice)
    _procedure(data.CERTIFY_PROCEDURE, commune, commune_agencies)
    agencies = {key: departments[short] for key, short in data.DEPARTMENT_KEYS.items()}
    agencies["commune_committee"] = commune
    for key, (name, short, eid, kind, level) in data.EXTRA_AGENCIES.items():
        unit = commune.unit if level == "commune" else province
        agencies[key] = _agency(
            name,
            short,
            eid,
            kind,
            level,
            unit,
            parent=None,
            service_centre=commune.service_centre if level == "commune" else centre,
        )
    seed_catalog_dataset(agencies, commune_committees=commune_agencies)
    return version


def seed_catalog_dataset(agencies: dict[str, Agency], commune_committees: list[Agency] | None = None) -> int:
    """Publish the researched demo catalog (catalog/data/demo_procedures.json); skip known codes.

    A procedure of the commune People's Committee is handled by every commune's People's
    Committee in `commune_committees` (the first demo commune leads), as after the 2025
    reorganisation each commune decides its own residents' civil status, certification… dossiers.
    """
    from motcua.catalog.data import DEMO_PROCEDURES_PATH

    created = 0
    for item in json.loads(DEMO_PROCEDURES_PATH.read_text(encoding="utf-8")):
        existing = catalog_services.find_procedure(item["code"])
        if existing is not None:
            _add_missing_form_fields(existing)
            continue
        verified = item.get("verified", {})
        unverified = [label for key, label in VERIFIED_LABELS.items() if not verified.get(key, False)]
        spec = {
            **item,
            "sector": (item["sector"]["code"], item["sector"]["name"]),
            "papers_detail": [
                {
                    "name": p["name"],
                    "form": p["form"],
                    "count": p["count"],
                    "is_required": p["required"],
                    "reusable_from_data_store": p.get("reusable_from_data_store", False),
                    "reusable_from_national_db": p.get("reusable_from_national_db", False),
                }
                for p in item["papers"]
            ],
            "steps": [
                (order, s["kind"], s["name"], s["role"], Decimal(s["allotted_hours"]))
                for order, s in enumerate(item["steps"], start=1)
            ],
            "verification_note": ("Chưa kiểm chứng: " + ", ".join(unverified)) if unverified else "",
        }
        others = commune_committees if item["competent_agency"] == "commune_committee" else None
        _procedure(spec, agencies[item["competent_agency"]], others)
        created += 1
    return created


VERIFIED_LABELS = {"code": "mã thủ tục", "time_limit": "thời hạn", "fee": "phí, lệ phí"}


def seed_dossiers(*, version: ProcedureVersion, now: datetime) -> int:
    """Create a few weeks of dossiers in every stage of the journey, through the real services."""
    if Dossier.objects.exists():
        return 0
    calendar = get_calendar()
    staff = {u.username: u for u in User.objects.filter(kind=User.Kind.STAFF)}
    citizens = list(User.objects.filter(kind=User.Kind.CITIZEN).order_by("username"))
    day = now.astimezone(VN_TZ).date() - timedelta(days=28)
    created = 0
    stages = [5, 5, 4, 3, 2, 1, 5, 0, 5, 4]
    for i, stage in enumerate(stages):
        day = calendar.next_working_day(day)
        at = datetime.combine(day, time(8, 30), tzinfo=VN_TZ)
        if at >= now:
            break
        citizen = citizens[i % len(citizens)]
        upload = check_upload(name="to-khai.pdf", stream=io.BytesIO(SAMPLE_PDF))
        paper = version.papers.get(order=1)
        dossier = dossier_services.submit_dossier(
            version=version,
            applicant=citizen,
            details=dossier_services.ApplicantDetails(
                full_name=citizen.full_name,
                personal_id=citizen.personal_id or "",
                phone=citizen.phone,
                email=citizen.email,
                address=citizen.address,
            ),
            request_summary="Xin cấp bản sao trích lục khai sinh",
            copies=1 + i % 2,
            papers=[dossier_services.PaperUpload(paper=paper, upload=upload)],
            at=at,
        )
        created += 1
        actors = ["tiepnhan", "chuyenvien", "lanhdao", "vanthu", "tiepnhan"]
        for step_no in range(stage):
            at = at + timedelta(minutes=50)
            actor = staff[actors[step_no]]
            if step_no == 0:
                dossier = dossier_services.receive_dossier(dossier=dossier, actor=actor, at=at)
            else:
                dossier = dossier_services.complete_step(dossier=dossier, actor=actor, at=at, note="")
        if stage == 0 and i == 7:
            dossier_services.refuse_dossier(
                dossier=dossier,
                actor=staff["tiepnhan"],
                at=at + timedelta(minutes=30),
                reason="Tờ khai thiếu chữ ký của người yêu cầu; đề nghị nộp lại tờ khai có chữ ký.",
            )
        day = day + timedelta(days=2)
    return created


def _demo_scan(lines: list[str]) -> bytes:
    """Return a one-page 'scanned' PDF (A5 at 100 dpi, grey) with the lines written on it."""
    from PIL import Image, ImageDraw, ImageFont

    from motcua.documents.signing.stamp import tinos_ttf

    page = Image.new("L", (583, 827), 250)
    draw = ImageDraw.Draw(page)
    title_font = ImageFont.truetype(io.BytesIO(tinos_ttf()), 26)
    font = ImageFont.truetype(io.BytesIO(tinos_ttf()), 18)
    draw.text((291, 60), lines[0], fill=0, font=title_font, anchor="mm")
    for n, line in enumerate(lines[1:]):
        draw.text((50, 120 + 32 * n), line, fill=0, font=font)
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=100)
    return buffer.getvalue()


def seed_data_store(*, now: datetime) -> int:
    """Give the demo citizen (congdan) a digitised birth certificate in their personal data store.

    The desk officer reused it in one of their dossiers, so the page shows who opened it and why.
    Skipped when congdan already holds an item (another seed may have put one there).
    """
    from motcua.documents import services as documents
    from motcua.documents.models import DataStoreItem

    citizen = User.objects.filter(username="congdan").first()
    officer = User.objects.filter(username="tiepnhan").first()
    if citizen is None or officer is None or not citizen.personal_id:
        return 0
    if DataStoreItem.objects.filter(holder_id=citizen.personal_id).exists():
        return 0
    at = now - timedelta(days=40)
    scan = _demo_scan(
        [
            "GIẤY KHAI SINH",
            f"Họ, chữ đệm, tên: {citizen.full_name}",
            f"Số định danh cá nhân: {citizen.personal_id}",
            "Nơi đăng ký: UBND phường Thành Vinh, tỉnh Nghệ An",
            "(Bản số hóa dùng cho bản demo)",
        ]
    )
    with transaction.atomic():
        paper = documents.digitise_paper(
            upload=check_upload(name="giay-khai-sinh.pdf", stream=io.BytesIO(scan)),
            title="Giấy khai sinh",
            holder_name=citizen.full_name,
            holder_id=citizen.personal_id,
            actor=officer,
            at=at,
            document_type_code="GKS",
            summary=f"Giấy khai sinh của {citizen.full_name} (bản chính, đã số hóa tại bộ phận một cửa)",
        )
        item = documents.add_to_data_store(holder_id=citizen.personal_id, paper=paper, at=at)
        dossier = Dossier.objects.filter(applicant=citizen).order_by("pk").first()
        if dossier is not None:
            documents.record_reuse(
                item=item,
                dossier_code=dossier.code,
                actor=officer,
                at=now - timedelta(days=20),
                note="Dùng lại bản số hóa, không yêu cầu nộp bản giấy",
            )
    return 1
