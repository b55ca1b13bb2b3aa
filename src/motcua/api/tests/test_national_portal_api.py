"""POST /api/v1/national-portal/dossiers: the national portal's adapter hands submitted dossiers over."""

import base64
import json
from datetime import datetime, timedelta

from django.contrib.auth.models import Permission
from django.utils import timezone

import pytest

from conftest import MINIMAL_PDF
from motcua.accounts.tokens import create_api_token
from motcua.core.timeutil import VN_TZ
from motcua.dossiers.models import Dossier, DossierComponent, DossierEvent
from motcua.dossiers.transitions import Channel, DossierStatus

pytestmark = pytest.mark.django_db

URL = "/api/v1/national-portal/dossiers"


@pytest.fixture
def adapter(demo, django_user_model):
    """The integration account of the national portal's adapter, with the permission and a token."""
    user = django_user_model.objects.create(username="cong-dvcqg", kind="staff", full_name="Cổng DVCQG")
    user.user_permissions.add(Permission.objects.get(codename="receive_from_national_portal"))
    return create_api_token(user=user, name="dvcqg", at=timezone.now())


def _body(demo, **overrides):
    citizen = demo.congdan
    body = {
        "national_code": "G22.99-261122-000123",
        "submitted_at": (timezone.now() - timedelta(hours=1)).astimezone(VN_TZ).isoformat(),
        "procedure": demo.version.procedure.code,
        "applicant": {
            "full_name": citizen.full_name,
            "personal_id": citizen.personal_id,
            "phone": "0912345678",
            "address": citizen.address,
        },
        "request_summary": "Xin cấp bản sao trích lục khai sinh",
        "papers": [
            {"paper": 1, "filename": "to-khai.pdf", "content_base64": base64.b64encode(MINIMAL_PDF).decode()}
        ],
    }
    body.update(overrides)
    return body


def _post(client, token, body):
    return client.post(
        URL, data=json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def test_a_national_portal_dossier_waits_for_acceptance_at_the_desk(client, demo, adapter):
    from motcua.dossiers.clock import online_acceptance_due

    # submitted on the portal three days ago, handed over only now
    body = _body(demo, submitted_at=(timezone.now() - timedelta(days=3)).astimezone(VN_TZ).isoformat())
    before = timezone.now()
    response = _post(client, adapter, body)
    assert response.status_code == 201
    out = response.json()
    dossier = Dossier.objects.get(code=out["code"])
    assert out["national_code"] == dossier.national_portal_code == "G22.99-261122-000123"
    assert dossier.status == out["status"] == DossierStatus.SUBMITTED
    assert dossier.channel == Channel.ONLINE
    assert dossier.submitted_at == datetime.fromisoformat(body["submitted_at"])
    # the 8 working hours of Art 17(2) run from the arrival here, not from the submission there
    arrived_at = dossier.events.get().at
    assert arrived_at >= before
    assert dossier.acceptance_due_at == online_acceptance_due(arrived_at=arrived_at)
    assert datetime.fromisoformat(out["acceptance_due_at"]) == dossier.acceptance_due_at
    assert dossier.applicant == demo.congdan  # same personal number: in the citizen's own dossiers
    assert dossier.code.startswith(dossier.competent_agency.electronic_id)
    assert DossierComponent.objects.filter(dossier=dossier).count() == 1
    event = dossier.events.get()
    assert event.type == "submitted"
    assert "G22.99-261122-000123" in event.note  # the timeline says where and when it was submitted


def test_the_same_dossier_handed_over_again_returns_the_first_answer(client, demo, adapter):
    first = _post(client, adapter, _body(demo))
    again = _post(client, adapter, _body(demo))
    assert again.status_code == 200
    assert again.json() == first.json()
    assert Dossier.objects.count() == 1
    assert DossierEvent.objects.count() == 1


def test_a_national_code_reused_for_another_applicant_is_a_conflict(client, demo, adapter):
    _post(client, adapter, _body(demo))
    other = _body(demo)
    other["applicant"] = {**other["applicant"], "personal_id": "040185009999"}
    response = _post(client, adapter, other)
    assert response.status_code == 409
    assert Dossier.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"national_code": "mã có dấu"}, "Mã hồ sơ trên Cổng DVCQG không hợp lệ"),
        ({"national_code": ""}, "Mã hồ sơ trên Cổng DVCQG không hợp lệ"),
        ({"procedure": "9.999999"}, "Không tìm thấy thủ tục 9.999999"),
        ({"submitted_at": "2099-01-01T08:00:00+07:00"}, "ở tương lai"),
        ({"submitted_at": "2026-11-20T08:00:00"}, "múi giờ"),
        ({"agency": "000.00.00.X99"}, "Không tìm thấy cơ quan"),
        ({"papers": []}, "Thiếu giấy tờ bắt buộc"),
        ({"delivery": "drone"}, "Hình thức nhận kết quả"),
    ],
)
def test_bad_submissions_are_refused_with_the_reason_and_write_nothing(
    client, demo, adapter, change, message
):
    response = _post(client, adapter, _body(demo, **change))
    assert response.status_code == 422
    assert message in response.json()["message"]
    assert not Dossier.objects.exists()


def test_a_bad_personal_number_is_refused(client, demo, adapter):
    body = _body(demo)
    body["applicant"] = {**body["applicant"], "personal_id": "12345"}
    response = _post(client, adapter, body)
    assert response.status_code == 422
    assert not Dossier.objects.exists()


def test_an_account_without_the_permission_cannot_hand_dossiers_over(client, demo):
    token = create_api_token(user=demo.tiepnhan, name="desk", at=timezone.now())
    response = _post(client, token, _body(demo))
    assert response.status_code == 403
    assert not Dossier.objects.exists()


def test_without_a_token_nothing_is_received(client, demo):
    response = client.post(URL, data=json.dumps(_body(demo)), content_type="application/json")
    assert response.status_code == 401
    assert not Dossier.objects.exists()


def test_the_desk_accepts_it_like_any_online_dossier(client, demo, adapter):
    code = _post(client, adapter, _body(demo)).json()["code"]
    client.force_login(demo.tiepnhan)
    page = client.get("/can-bo/", {"hang_doi": "to_receive"}).content.decode()
    assert code in page
    dossier = Dossier.objects.get(code=code)
    response = client.post(f"/can-bo/ho-so/{code}/thao-tac/receive/", {"version": dossier.version})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED
    assert "G22.99-261122-000123" in client.get(f"/can-bo/ho-so/{code}/").content.decode()


def test_a_concurrent_second_hand_over_finds_the_first_dossier(client, demo, adapter, monkeypatch):
    """The other transaction registered the code after this one looked: the unique code decides."""
    from motcua.dossiers.services import intake

    first = _post(client, adapter, _body(demo)).json()
    lookups = []
    real = intake._national_dossier

    def not_yet_visible(**kwargs):
        lookups.append(kwargs["code"])
        return None if len(lookups) == 1 else real(**kwargs)

    monkeypatch.setattr(intake, "_national_dossier", not_yet_visible)
    again = _post(client, adapter, _body(demo))
    assert again.status_code == 200
    assert again.json()["code"] == first["code"]
    assert len(lookups) == 2
    assert Dossier.objects.count() == 1
