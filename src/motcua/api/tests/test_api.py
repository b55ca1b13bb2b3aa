"""/healthz and /api/v1: health, schema, catalog and public tracking."""

from django.db import OperationalError

import pytest

from conftest import vn

pytestmark = pytest.mark.django_db


def test_healthz_reports_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_503_when_the_database_fails(client, monkeypatch):
    from motcua.api import views

    def broken_cursor():
        raise OperationalError("connection refused")

    monkeypatch.setattr(views.connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


def test_openapi_schema_is_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/tracking/{code}" in schema["paths"]


def test_procedure_search_is_accent_insensitive(client, demo):
    items = client.get("/api/v1/procedures", {"q": "trich luc"}).json()
    assert [i["code"] for i in items] == ["2.000635"]


def test_tracking_returns_status_and_no_personal_data(client, submit):
    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    body = client.get(f"/api/v1/tracking/{dossier.code}").json()
    assert body["status"] == 1
    assert body["status_label"] == "Mới đăng ký"
    assert dossier.applicant_name not in str(body)
    assert dossier.applicant_phone not in str(body)


def test_tracking_lists_the_public_timeline_in_one_query(client, submit, django_assert_num_queries):
    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    with django_assert_num_queries(1):  # the dossier's shown columns joined to its public events
        body = client.get(f"/api/v1/tracking/{dossier.code}").json()
    assert body["code"] == dossier.code
    assert body["procedure"] == dossier.procedure_version.procedure.name
    assert [(e["type"], e["label"], e["status"]) for e in body["events"]] == [
        ("submitted", "Nộp hồ sơ trực tuyến", 1)
    ]


def test_tracking_shows_public_events_in_order_and_hides_internal_ones(client, submit):
    from motcua.dossiers.models import EventType
    from motcua.dossiers.services._common import _lock, record_event

    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    dossier = _lock(dossier, None)
    record_event(
        dossier=dossier,
        type=EventType.ASSIGNED,
        actor=None,
        at=vn(2026, 3, 2, 9, 0),
        from_status=1,
        note="ghi chú nội bộ",
        is_public=False,
    )
    record_event(
        dossier=dossier,
        type=EventType.STEP_COMPLETED,
        actor=None,
        at=vn(2026, 3, 2, 10, 0),
        from_status=1,
        note="ghi chú công khai",
    )
    body = client.get(f"/api/v1/tracking/{dossier.code}").json()
    assert [e["type"] for e in body["events"]] == ["submitted", "step_completed"]
    assert "ghi chú nội bộ" not in str(body)


def test_tracking_unknown_code_is_404(client, demo):
    response = client.get("/api/v1/tracking/khong-co")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_workdays_router_is_mounted_under_api_v1(client):
    body = client.get("/api/v1/workdays/due-date", {"start": "2026-03-02T09:00", "working_days": "3"}).json()
    assert body["due_at"] == "2026-03-05T09:00:00+07:00"
    assert client.get("/api/v1/workdays/calendar", {"year": "1900"}).status_code == 422


def test_tracking_shows_the_applicant_only_with_the_phone_digits(client, submit):
    dossier = submit(at=vn(2026, 3, 2, 8, 0), phone="0912345678")
    assert client.get(f"/api/v1/tracking/{dossier.code}").json()["applicant_name"] is None
    body = client.get(f"/api/v1/tracking/{dossier.code}", {"phone_last4": "5678"}).json()
    assert body["applicant_name"] == dossier.applicant_name
    assert (
        client.get(f"/api/v1/tracking/{dossier.code}", {"phone_last4": "0000"}).json()["applicant_name"]
        is None
    )


def test_lookups_are_rate_limited_per_client(client, submit, settings):
    from django.core.cache import cache

    cache.clear()
    settings.MOTCUA_LOOKUP_RATE_PER_MINUTE = 3
    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    statuses = [client.get(f"/api/v1/tracking/{dossier.code}").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    page = client.get("/tra-cuu/", {"ma": dossier.code})
    assert page.status_code == 429
    assert "Quá nhiều lượt tra cứu" in page.content.decode()
    cache.clear()
