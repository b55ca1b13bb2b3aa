"""GET /api/v1/reform/progress: completion per group and overall for systems reporting upward."""

import pytest

from conftest import vn
from motcua.reform.services import report_progress

pytestmark = pytest.mark.django_db

URL = "/api/v1/reform/progress"


def test_progress_per_group_and_overall(client, reform, demo):
    report_progress(
        task=reform.digital,
        status="completed",
        percent=100,
        comment="Xong",
        files=[],
        actor=demo.lanhdao,
        at=vn(2026, 3, 30, 9),
    )
    client.force_login(demo.bancidao)
    body = client.get(URL, {"year": 2026, "as_of": "2026-07-15"}).json()
    assert body["overall"] == {
        "name": "Tổng cộng",
        "planned": 2,
        "completed": 1,
        "completed_on_time": 1,
        "completed_late": 0,
        "overdue": 1,
        "open": 0,
        "completion_rate": "50.00",
    }
    assert [g["name"] for g in body["groups"]] == ["Chuyển đổi số", "Cải cách thủ tục hành chính"]
    unit = client.get(URL, {"year": 2026, "unit": "000.00.12.H41", "as_of": "2026-07-15"}).json()
    assert unit["unit"]["name"] == "Sở Tư pháp tỉnh Nghệ An"
    assert unit["overall"]["completion_rate"] == "100.00"


def test_agency_staff_read_only_their_own_unit(client, reform, demo):
    client.force_login(demo.lanhdao)
    assert client.get(URL, {"year": 2026}).status_code == 403
    assert client.get(URL, {"year": 2026, "unit": "000.00.12.H41"}).status_code == 200
    assert client.get(URL, {"year": 2026, "unit": "000.00.02.H41"}).status_code == 403


def test_bad_input_gets_vietnamese_errors(client, reform, demo):
    assert client.get(URL, {"year": 2026}).status_code == 401
    client.force_login(demo.bancidao)
    assert client.get(URL, {"year": 1900}).json()["message"] == "Năm không hợp lệ."
    assert client.get(URL, {"year": 2026, "unit": "000.00.99.H99"}).status_code == 404
    assert client.get(URL, {"year": "abc"}).status_code == 422
    # no plan that year: nothing planned, no rate
    assert client.get(URL, {"year": 2031}).json()["overall"]["completion_rate"] is None
