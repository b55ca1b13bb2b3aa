"""POST /api/v1/dossiers: token auth, idempotent by key, validated whole, nothing half-written."""

import base64
import json
from datetime import datetime

from django.utils import timezone

import pytest

from conftest import MINIMAL_PDF
from motcua.accounts.tokens import create_api_token
from motcua.dossiers.models import Dossier

pytestmark = pytest.mark.django_db


def _body(**overrides):
    body = {
        "procedure": "2.000635",
        "channel": "counter",
        "centre": "000.01.01.H41",
        "applicant": {
            "full_name": "Lê Thị Cúc",
            "personal_id": "040185001111",
            "phone": "0911222333",
            "address": "Phường Vinh Hưng",
        },
        "request_summary": "Bản sao trích lục kết hôn",
        "papers": [
            {"paper": 1, "filename": "to-khai.pdf", "content_base64": base64.b64encode(MINIMAL_PDF).decode()}
        ],
    }
    body.update(overrides)
    return body


@pytest.fixture
def token(demo):
    return create_api_token(user=demo.tiepnhan, name="test", at=timezone.now())


def _post(client, token, body, key="k-1"):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post("/api/v1/dossiers", data=json.dumps(body), content_type="application/json", **headers)


def test_intake_creates_a_received_dossier(client, token):
    response = _post(client, token, _body())
    assert response.status_code == 201
    body = response.json()
    dossier = Dossier.objects.get(code=body["code"])
    assert dossier.status == 2
    assert datetime.fromisoformat(body["due_at"]) == dossier.due_at
    assert body["due_at"].endswith("+07:00")


def test_repeating_the_key_returns_the_first_answer_without_a_second_dossier(client, token):
    first = _post(client, token, _body())
    again = _post(client, token, _body())
    assert again.status_code == 200
    assert again.json() == first.json()
    assert Dossier.objects.count() == 1


def test_same_key_with_another_body_is_a_conflict(client, token):
    _post(client, token, _body())
    response = _post(client, token, _body(copies=2))
    assert response.status_code == 409
    assert Dossier.objects.count() == 1


def test_missing_key_is_refused(client, token):
    response = _post(client, token, _body(), key=None)
    assert response.status_code == 422
    assert not Dossier.objects.exists()


def test_bad_token_is_refused(client, demo):
    assert _post(client, "mc_wrong", _body()).status_code == 401
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"procedure": "9.999999"}, "Không tìm thấy thủ tục"),
        ({"channel": "fax"}, "counter hoặc postal"),
        ({"papers": [{"paper": 1, "filename": "a.pdf", "content_base64": "not base64!"}]}, "base64"),
        (
            {
                "papers": [
                    {"paper": 1, "filename": "a.pdf", "content_base64": base64.b64encode(b"text").decode()}
                ]
            },
            "không phải PDF",
        ),
        ({"papers": []}, "Chưa số hóa giấy tờ bắt buộc"),
    ],
)
def test_bad_input_gets_a_vietnamese_error_and_writes_nothing(client, token, override, message):
    response = _post(client, token, _body(**override))
    assert response.status_code == 422
    assert message in response.json()["message"]
    assert not Dossier.objects.exists()


def test_citizen_token_cannot_receive_at_a_desk(client, demo):
    citizen_token = create_api_token(user=demo.congdan, name="x", at=timezone.now())
    response = _post(client, citizen_token, _body())
    assert response.status_code == 403
    assert not Dossier.objects.exists()


def test_an_intake_is_written_in_a_pinned_number_of_statements(client, token, django_assert_num_queries):
    from motcua.dossiers.models import DossierEvent, DueDateChange, IntakeRequest

    body = _body(applicant={"full_name": "Lê Thị Cúc", "personal_id": "040185001111"})  # no notice to send
    _post(client, token, body, key="warm")  # the version, the centre and the officer's positions are cached
    # the token, an earlier answer to the key, the reference revision, the day's code number, then
    # the file, scan, dossier, paper, event, due-date change, counters and key in one statement;
    # the transaction is a savepoint inside the test's (BEGIN and COMMIT otherwise)
    with django_assert_num_queries(7):
        response = _post(client, token, body, key="k-2")
    assert response.status_code == 201
    dossier = Dossier.objects.get(code=response.json()["code"])
    assert dossier.components.get().digitised.file.original_name == "to-khai.pdf"
    assert DossierEvent.objects.get(dossier=dossier).seq == 1
    assert DueDateChange.objects.get(dossier=dossier).after == dossier.due_at
    assert IntakeRequest.objects.get(key="k-2").receipt == response.json()


def test_a_catalog_change_reaches_the_next_intake_at_once(client, token, demo):
    assert _post(client, token, _body(), key="before").status_code == 201
    demo.version.papers.create(order=9, name="Giấy ủy quyền", form="copy", count=1, is_required=True)
    response = _post(client, token, _body(), key="after")
    assert response.status_code == 422
    assert "Giấy ủy quyền" in response.json()["message"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reseed_demo_afterwards")
def test_the_notice_of_an_intake_is_queued_with_the_dossier_and_sent_by_the_worker(
    client, demo, settings, tmp_path
):
    import json as json_module

    from django.core.management import call_command

    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MOTCUA_SMS_PROVIDER = "motcua.notifications.sms.FileSmsProvider"
    settings.MOTCUA_SMS_FILE_DIR = str(tmp_path)
    token = create_api_token(user=demo.tiepnhan, name="test", at=timezone.now())
    response = _post(client, token, _body())
    assert response.status_code == 201
    code = response.json()["code"]
    [queued] = DBTaskResult.objects.ready()
    assert queued.args_kwargs["kwargs"] == {"dossier_code": code, "seq": 1}
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    [sent] = [json_module.loads(line) for f in tmp_path.iterdir() for line in f.read_text().splitlines()]
    assert sent["to"] == "0911222333"
    assert code in sent["text"]
