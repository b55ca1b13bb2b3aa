"""/api/v1 catalog router: search, one procedure, its BPMN process, figures; bad input answered in Vietnamese.

The router is exercised directly (ninja's TestClient), so these tests hold whether or not it is mounted.
"""

import pytest
from ninja.testing import TestClient

from motcua.api.catalog import router
from motcua.catalog.bpmn import import_bpmn

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return TestClient(router)


def test_search_is_accent_insensitive_and_ranked(api, demo):
    items = api.get("/procedures", query_params={"q": "dang ky khai sinh"}).json()
    assert items[0]["code"] == "1.001193"
    assert items[0]["url"] == "/thu-tuc/1.001193/"
    assert items[0]["competent_agency"].startswith("Ủy ban nhân dân")
    assert [i["code"] for i in api.get("/procedures", query_params={"q": "trich luc"}).json()] == ["2.000635"]


def test_search_filters_and_paging(api, demo):
    page = api.get("/procedures", query_params={"level": "province", "limit": 3, "offset": 1}).json()
    assert len(page) == 3
    assert all(i["level"] == "province" for i in page)
    online = api.get("/procedures", query_params={"online": "none"}).json()
    assert online
    assert all(i["online_level"] == "none" for i in online)


@pytest.mark.parametrize(
    "params", [{"level": "district"}, {"online": "level4"}, {"limit": 0}, {"limit": 500}, {"q": "x" * 201}]
)
def test_bad_search_parameters_are_422_in_vietnamese(api, demo, params):
    response = api.get("/procedures", query_params=params)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_one_procedure_tells_a_machine_everything_on_the_page(api, demo):
    body = api.get("/procedures/3.000333").json()
    assert body["code"] == "3.000333"
    assert body["former_codes"] == ["2.000488"]
    assert body["time_limit"]["value"] == 10
    assert body["time_limit"]["unit"] == "calendar_days"
    assert body["competent_agency"]["electronic_id"] == "000.00.30.H41"
    assert [f["amount_vnd"] for f in body["fees"]] == [200000, 100000]
    assert body["decision"]["number"] == "01/QĐ-UBND (minh họa)"
    assert body["process"][0]["kind"] == "receive"
    assert body["process"][-1]["kind"] == "return"
    assert body["process_approved_by"]["kind"] == "process_approval"
    assert body["legal_bases"]


def test_a_former_code_answers_with_the_current_procedure(api, demo):
    assert api.get("/procedures/2.000488").json()["code"] == "3.000333"


def test_unknown_or_not_yet_in_force_is_404(api, demo):
    assert api.get("/procedures/9.999999").status_code == 404
    response = api.get("/procedures/1.001193", query_params={"on": "2020-01-01"})
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Không tìm thấy thủ tục."}
    assert api.get("/procedures/1.001193", query_params={"on": "01/01/2026"}).status_code == 422


def test_process_as_bpmn(api, demo):
    response = api.get("/procedures/1.001193/process.bpmn")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    graph = import_bpmn(response.content)
    assert graph.steps[0].kind == "receive"


def test_statistics_and_time_cuts(api, demo):
    stats = api.get("/catalog/statistics").json()
    assert stats["total"] >= 40
    report = api.get("/catalog/time-cuts", query_params={"start": "2025-01-01", "end": "2025-12-31"}).json()
    assert report["sentence"] == "1 đơn vị cắt giảm thời gian giải quyết 1 thủ tục, tổng cộng 2 ngày."
    assert (
        api.get("/catalog/time-cuts", query_params={"start": "2026-01-01", "end": "2025-01-01"}).status_code
        == 422
    )


def test_search_keeps_a_small_query_budget(api, demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert api.get("/procedures", query_params={"q": "dang ky", "limit": 50}).status_code == 200
