"""The citizen chooses which commune's People's Committee handles an online dossier.

Chứng thực bản sao (2.000815) is handled by every demo commune's People's Committee; a province-level
procedure (2.000635, Sở Tư pháp) has one agency and no choice.
"""

import io

from django.urls import reverse

import pytest

from conftest import MINIMAL_PDF
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier

pytestmark = pytest.mark.django_db

CERTIFY = "2.000815"
TRUONG_VINH, THANH_VINH = "000.00.61.H41", "000.00.62.H41"


def _post(**changes):
    version = Procedure.objects.get(code=CERTIFY).versions.order_by("-number").first()
    data = {
        "full_name": "Nguyễn Văn An",
        "personal_id": "040095001234",
        "phone": "0912345678",
        "address": "Số 5 Lê Lợi, phường Thành Vinh",
        "request_summary": "Chứng thực bản sao giấy khai sinh",
        "copies": "1",
        "delivery": "desk",
        "action": "submit",
    }
    for paper in version.papers.filter(is_required=True):
        f = io.BytesIO(MINIMAL_PDF)
        f.name = "ban-sao.pdf"
        data[f"paper_{paper.pk}"] = f
    data.update(changes)
    return data


def test_the_form_offers_every_commune_with_the_lead_selected(client, demo):
    client.force_login(demo.congdan)
    html = client.get(reverse("portal:submit", args=[CERTIFY])).content.decode()
    assert "Nộp tại (cơ quan giải quyết)" in html
    assert f'<option value="{TRUONG_VINH}" selected>Ủy ban nhân dân phường Trường Vinh</option>' in html
    assert f'<option value="{THANH_VINH}">Ủy ban nhân dân phường Thành Vinh</option>' in html
    assert html.count('<option value="000.00.6') == 5


def test_a_procedure_of_one_agency_has_no_choice(client, demo):
    client.force_login(demo.congdan)
    html = client.get(reverse("portal:submit", args=["2.000635"])).content.decode()
    assert 'name="agency"' not in html


def test_the_chosen_commune_handles_the_dossier(client, demo):
    client.force_login(demo.congdan)
    response = client.post(reverse("portal:submit", args=[CERTIFY]), _post(agency=THANH_VINH))
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert dossier.competent_agency.electronic_id == THANH_VINH
    assert dossier.receiving_centre.electronic_id == "000.01.62.H41"
    assert dossier.code.startswith(THANH_VINH)


def test_an_agency_not_offered_is_refused_and_nothing_is_sent(client, demo):
    client.force_login(demo.congdan)
    response = client.post(reverse("portal:submit", args=[CERTIFY]), _post(agency="000.00.12.H41"))
    assert response.status_code == 200
    assert "Lựa chọn không hợp lệ." in response.content.decode()
    assert not Dossier.objects.exists()


def test_the_procedure_page_lists_every_competent_agency(client, demo):
    html = client.get(reverse("portal:procedure", args=[CERTIFY])).content.decode()
    assert "Tại Bộ phận Một cửa của cơ quan giải quyết bạn chọn (5 cơ quan)" in html
    assert "Ủy ban nhân dân xã Con Cuông" in html
    assert "(cơ quan chủ trì)" in html
