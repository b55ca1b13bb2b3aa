"""The demo province: a real catalog with processes, and a commune procedure its staff can handle."""

from datetime import timedelta

import pytest

from conftest import pdf_upload, vn
from motcua.catalog.models import Procedure
from motcua.dossiers.services import (
    ApplicantDetails,
    PaperUpload,
    complete_step,
    receive_dossier,
    submit_dossier,
)
from motcua.dossiers.transitions import DossierStatus

pytestmark = pytest.mark.django_db


def test_demo_catalog_has_forty_procedures_each_with_a_process(demo):
    procedures = Procedure.objects.prefetch_related("versions__process__steps")
    assert procedures.count() >= 40
    for procedure in procedures:
        steps = list(procedure.versions.get().process.steps.order_by("order"))
        assert steps[0].kind == "receive"
        assert steps[-1].kind == "return"
    assert {p.level for p in procedures} == {"commune", "province"}


def test_birth_registration_goes_through_the_commune_staff(demo):
    version = Procedure.objects.get(code="1.001193").versions.get()
    papers = [PaperUpload(paper=p, upload=pdf_upload()) for p in version.papers.filter(is_required=True)]
    dossier = submit_dossier(
        version=version,
        applicant=demo.congdan2,
        details=ApplicantDetails(full_name="Trần Thị Bình"),
        request_summary="Đăng ký khai sinh cho con",
        papers=papers,
        at=vn(2026, 3, 2, 8, 0),
    )
    t = vn(2026, 3, 2, 8, 30)
    dossier = receive_dossier(dossier=dossier, actor=demo.users["tiepnhan_xa"], at=t)
    by_role = {
        "specialist": "tuphap_xa",
        "unit_head": "truongphong_xa",
        "leader": "lanhdao_xa",
        "clerk": "vanthu_xa",
        "desk_officer": "tiepnhan_xa",
    }
    offset = 0
    while dossier.current_step is not None:
        offset += 1
        actor = demo.users[by_role[dossier.current_step.role]]
        dossier = complete_step(dossier=dossier, actor=actor, at=t + timedelta(minutes=20 * offset))
    assert dossier.status == DossierStatus.RETURNED
