"""Intake chooses which of a procedure's competent agencies handles the dossier.

A commune-level procedure (here Chứng thực bản sao, 2.000815) is handled by every demo commune's
People's Committee. The desk of a commune receives for its own committee; any other desk (non-boundary
reception, Decree 118/2025/NĐ-CP Art 14(2)) forwards to the lead agency unless another is named; an
online applicant chooses. The dossier code carries the chosen agency's identifier (Art 28).
"""

import base64
import io
import json

from django.utils import timezone

import pytest

from conftest import MINIMAL_PDF, pdf_upload, vn
from motcua.accounts.models import User
from motcua.accounts.tokens import create_api_token
from motcua.catalog.models import Procedure
from motcua.core.errors import InvalidInput
from motcua.documents.models import StoredFile
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import ApplicantDetails, PaperUpload, receive_at_desk, submit_dossier
from motcua.organisations.models import Agency, Position, Role, ServiceCentre

pytestmark = pytest.mark.django_db

CERTIFY = "2.000815"
TRUONG_VINH, THANH_VINH, ANH_SON = "000.00.61.H41", "000.00.62.H41", "000.00.64.H41"
PROVINCIAL_CENTRE, TRUONG_VINH_CENTRE, THANH_VINH_CENTRE = "000.01.01.H41", "000.01.61.H41", "000.01.62.H41"
APPLICANT = ApplicantDetails(
    full_name="Lê Thị Cúc", personal_id="040185001111", phone="0911222333", address="Phường Thành Vinh"
)


def _version():
    return Procedure.objects.get(code=CERTIFY).versions.order_by("-number").first()


def _papers(version):
    return [PaperUpload(paper=p, upload=pdf_upload()) for p in version.papers.all() if p.is_required]


def _desk(actor, centre, **kwargs):
    version = _version()
    return receive_at_desk(
        version=version,
        centre=ServiceCentre.objects.get(electronic_id=centre),
        actor=actor,
        details=APPLICANT,
        request_summary="Chứng thực bản sao giấy khai sinh",
        papers=_papers(version),
        at=vn(2026, 3, 2, 9, 0),
        **kwargs,
    )


def _online(citizen, **kwargs):
    version = _version()
    return submit_dossier(
        version=version,
        applicant=citizen,
        details=APPLICANT,
        request_summary="Chứng thực bản sao giấy khai sinh",
        papers=_papers(version),
        at=vn(2026, 3, 2, 9, 0),
        **kwargs,
    )


@pytest.fixture
def thanh_vinh_desk(demo):
    """A desk officer of Phường Thành Vinh's service centre."""
    officer = User.objects.create(username="tiepnhan_tv", full_name="Đỗ Thị Hà", kind=User.Kind.STAFF)
    Position.objects.create(
        user=officer,
        role=Role.DESK_OFFICER,
        service_centre=ServiceCentre.objects.get(electronic_id=THANH_VINH_CENTRE),
    )
    return officer


def test_a_commune_desk_receives_for_its_own_peoples_committee(demo, thanh_vinh_desk):
    own = _desk(demo.tiepnhan_xa, TRUONG_VINH_CENTRE)
    other = _desk(thanh_vinh_desk, THANH_VINH_CENTRE)
    assert own.competent_agency.electronic_id == TRUONG_VINH
    assert other.competent_agency.electronic_id == THANH_VINH
    assert other.code.startswith(THANH_VINH)
    assert other.receiving_centre.electronic_id == THANH_VINH_CENTRE


def test_a_desk_that_serves_none_of_them_forwards_to_the_lead_or_the_named_agency(demo):
    lead = _desk(demo.tiepnhan, PROVINCIAL_CENTRE)
    named = _desk(demo.tiepnhan, PROVINCIAL_CENTRE, agency=Agency.objects.get(electronic_id=ANH_SON))
    assert lead.competent_agency.electronic_id == TRUONG_VINH
    assert named.competent_agency.electronic_id == ANH_SON
    assert named.code.startswith(ANH_SON)
    assert named.receiving_centre.electronic_id == PROVINCIAL_CENTRE


def test_an_agency_outside_the_set_is_refused_and_nothing_is_written(demo):
    justice = Agency.objects.get(electronic_id="000.00.12.H41")
    with pytest.raises(InvalidInput) as refused:
        _desk(demo.tiepnhan, PROVINCIAL_CENTRE, agency=justice)
    assert refused.value.field == "agency"
    assert "không giải quyết thủ tục này" in str(refused.value.message)
    with pytest.raises(InvalidInput):
        _online(demo.congdan, agency=justice)
    assert not Dossier.objects.exists()
    assert not StoredFile.objects.exists()


def test_an_online_applicant_chooses_the_commune_and_its_centre_receives(demo):
    chosen = _online(demo.congdan, agency=Agency.objects.get(electronic_id=THANH_VINH))
    default = _online(demo.congdan2)
    assert chosen.competent_agency.electronic_id == THANH_VINH
    assert chosen.receiving_centre.electronic_id == THANH_VINH_CENTRE
    assert chosen.code.startswith(THANH_VINH)
    assert default.competent_agency.electronic_id == TRUONG_VINH


def _api_body(**overrides):
    body = {
        "procedure": CERTIFY,
        "channel": "counter",
        "centre": PROVINCIAL_CENTRE,
        "applicant": {"full_name": "Lê Thị Cúc", "personal_id": "040185001111"},
        "papers": [
            {"paper": n, "filename": "ban-sao.pdf", "content_base64": base64.b64encode(MINIMAL_PDF).decode()}
            for n in (1, 2)
        ],
        **overrides,
    }
    return json.dumps(body)


def test_api_intake_takes_an_optional_agency_identifier(client, demo):
    token = create_api_token(user=demo.tiepnhan, name="test", at=timezone.now())

    def post(key, body):
        return client.post(
            "/api/v1/dossiers",
            data=body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            HTTP_IDEMPOTENCY_KEY=key,
        )

    chosen = post("k-1", _api_body(agency=THANH_VINH))
    assert chosen.status_code == 201, chosen.json()
    assert Dossier.objects.get(code=chosen.json()["code"]).competent_agency.electronic_id == THANH_VINH
    lead = post("k-2", _api_body())
    assert Dossier.objects.get(code=lead.json()["code"]).competent_agency.electronic_id == TRUONG_VINH
    for key, agency in (("k-3", "000.00.97.H41"), ("k-4", "000.00.12.H41")):
        refused = post(key, _api_body(agency=agency))
        assert refused.status_code == 422
        assert refused.json()["code"] == "invalid_input"
    assert Dossier.objects.count() == 2


def _desk_page_post(version, **changes):
    data = {
        "procedure": CERTIFY,
        "channel": "1",
        "full_name": "Lê Thị Cúc",
        "personal_id": "040185001111",
        "address": "Phường Anh Sơn",
        "copies": "1",
        "delivery": "desk",
        **changes,
    }
    for paper in version.papers.filter(is_required=True):
        f = io.BytesIO(MINIMAL_PDF)
        f.name = "ban-sao.pdf"
        data[f"paper_{paper.pk}"] = f
    return data


def test_the_desk_page_proposes_its_own_committee_and_takes_the_officers_choice(client, demo):
    client.force_login(demo.tiepnhan_xa)
    html = client.get("/can-bo/tiep-nhan/", {"thu_tuc": CERTIFY}).content.decode()
    assert f'<option value="{TRUONG_VINH}" selected>' in html
    client.post("/can-bo/tiep-nhan/", _desk_page_post(_version(), agency=ANH_SON))
    assert Dossier.objects.get().competent_agency.electronic_id == ANH_SON
    client.post("/can-bo/tiep-nhan/", _desk_page_post(_version(), agency="000.00.12.H41"))
    assert Dossier.objects.count() == 1
