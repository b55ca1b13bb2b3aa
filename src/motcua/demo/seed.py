"""Build the demo province. Idempotent: a second run changes nothing and returns quickly."""

from __future__ import annotations

import io
import json
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from motcua.accounts.models import User
from motcua.catalog.models import Procedure, ProcedureVersion, Process, ProcessStep, RequiredPaper, Sector
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


def _procedure(spec: dict[str, Any], agency: Agency) -> ProcedureVersion:
    sector, _ = Sector.objects.get_or_create(code=spec["sector"][0], defaults={"name": spec["sector"][1]})
    procedure, _ = Procedure.objects.get_or_create(
        code=spec["code"], defaults={"name": spec["name"], "sector": sector, "level": spec["level"]}
    )
    version, created = ProcedureVersion.objects.get_or_create(
        procedure=procedure,
        number=1,
        defaults={
            "effective_from": datetime(2025, 7, 1, tzinfo=VN_TZ).date(),
            "decision": "Quyết định công bố danh mục TTHC (minh họa)",
            "competent_agency": agency,
            "time_limit": spec["time_limit"],
            "time_unit": spec["time_unit"],
            "time_limit_text": spec["time_limit_text"],
            "fee_vnd": spec["fee_vnd"],
            "fee_text": spec["fee_text"],
            "online_level": spec["online_level"],
            "result_description": spec["result"],
            "requirements": spec["requirements"],
            "legal_basis": spec["legal_basis"],
        },
    )
    if created:
        for order, (name, form, count, required) in enumerate(spec["papers"], start=1):
            RequiredPaper.objects.create(
                version=version, order=order, name=name, form=form, count=count, is_required=required
            )
        process = Process.objects.create(
            version=version, decision="Quyết định phê duyệt quy trình nội bộ (minh họa)"
        )
        for order, kind, name, role, hours in spec["steps"]:
            ProcessStep.objects.create(
                process=process, order=order, kind=kind, name=name, role=role, allotted_hours=hours
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
    _procedure(data.CERTIFY_PROCEDURE, commune)
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
    seed_catalog_dataset(agencies)
    return version


def seed_catalog_dataset(agencies: dict[str, Agency]) -> int:
    """Publish the researched demo catalog (catalog/data/demo_procedures.json); skip known codes."""
    from pathlib import Path

    from motcua.catalog import models as catalog_models

    path = Path(catalog_models.__file__).with_name("data") / "demo_procedures.json"
    created = 0
    for item in json.loads(path.read_text(encoding="utf-8")):
        if Procedure.objects.filter(code=item["code"]).exists():
            continue
        spec = {
            "code": item["code"],
            "name": item["name"],
            "sector": (item["sector"]["code"], item["sector"]["name"]),
            "level": item["level"],
            "time_limit": Decimal(item["time_limit"]),
            "time_unit": item["time_unit"],
            "time_limit_text": item["time_limit_text"],
            "fee_vnd": item["fee_vnd"],
            "fee_text": item["fee_text"],
            "online_level": item["online_level"],
            "result": item["result"],
            "requirements": item["requirements"],
            "legal_basis": "\n".join(item["legal_basis"]),
            "papers": [(p["name"], p["form"], p["count"], p["required"]) for p in item["papers"]],
            "steps": [
                (order, s["kind"], s["name"], s["role"], Decimal(s["allotted_hours"]))
                for order, s in enumerate(item["steps"], start=1)
            ],
        }
        _procedure(spec, agencies[item["competent_agency"]])
        created += 1
    return created


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
