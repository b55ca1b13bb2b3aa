"""/api/v1/reports: the same figures as the pages, the same scope, clear errors."""

from __future__ import annotations

import pytest

from conftest import vn
from motcua.reports import selectors

from .conftest import generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(province):
    generate(province, seed=5, count=20, start=vn(2026, 9, 1, 8), hours=900)
    return province


def test_overview_and_breakdown_match_the_dashboard(client, filled):
    client.force_login(filled.demo.bancidao)
    data = client.get("/api/v1/reports/overview", {"ky": "nam", "nam": 2026}).json()
    assert data["unit"] == "Toàn tỉnh Nghệ An"
    assert data["period"]["start"] == "2026-01-01"
    rows = client.get("/api/v1/reports/breakdown/agency", {"ky": "nam", "nam": 2026}).json()
    assert sum(r["figures"]["received"] for r in rows["rows"]) == data["figures"]["received"]
    assert rows["total"] == data["figures"]
    assert data["figures"]["received"] == (
        data["figures"]["received_online"]
        + data["figures"]["received_counter"]
        + data["figures"]["received_postal"]
    )


def test_form_06_and_index_766(client, filled):
    client.force_login(filled.demo.bancidao)
    form = client.get("/api/v1/reports/form-06", {"ky": "quy", "nam": 2026, "so": 3}).json()
    assert len(form["columns"]) == 11
    assert form["rows"][-1]["kind"] == "total"
    index = client.get("/api/v1/reports/index-766", {"ky": "nam", "nam": 2026}).json()
    assert index["max_points"] == "100"
    assert [g["max_points"] for g in index["groups"]] == ["18", "20", "12", "10", "22", "18"]


def test_errors_are_clear_and_leak_nothing(client, filled):
    assert client.get("/api/v1/reports/overview").status_code == 401
    client.force_login(filled.demo.chuyenvien)
    assert client.get("/api/v1/reports/overview").status_code == 403
    client.force_login(filled.demo.lanhdao)
    response = client.get("/api/v1/reports/overview", {"don_vi": filled.commune.electronic_id})
    assert response.status_code == 404
    assert filled.commune.name not in response.content.decode()
    bad = client.get("/api/v1/reports/overview", {"ky": "thang", "nam": 2026, "so": 14})
    assert bad.status_code == 422
    assert bad.json()["message"] == "Tháng phải từ 1 đến 12."
    assert client.get("/api/v1/reports/breakdown/huyen").status_code == 404


def test_a_leaders_api_figures_are_their_agencys(client, filled):
    client.force_login(filled.demo.lanhdao)
    data = client.get("/api/v1/reports/overview", {"ky": "nam", "nam": 2026}).json()
    from datetime import date

    from motcua.reports.slices import Slice

    mine = selectors.flows(
        slice_=Slice(frozenset({filled.justice.pk})), start=date(2026, 1, 1), end=date(2026, 12, 31)
    )
    assert data["figures"]["received"] == mine.received
