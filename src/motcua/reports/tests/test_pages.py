"""The report pages: who sees what, bad input, downloads, drill-down, pinned query counts."""

from __future__ import annotations

import io

from django.urls import reverse

import pytest

from conftest import vn
from motcua.reports import drilldown

from .conftest import generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(province):
    generate(province, seed=3, count=30, start=vn(2026, 9, 1, 8), hours=1200)
    return province


def _login(client, user):
    client.force_login(user)
    return client


def test_steering_viewer_sees_the_province_overview_with_every_figure_linked(client, filled):
    demo = filled.demo
    response = _login(client, demo.bancidao).get(
        reverse("workspace:reports:overview"), {"ky": "nam", "nam": 2026}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Toàn tỉnh Nghệ An" in html
    fig = response.context["fig"]
    assert fig.flows.received > 0
    # the headline number links to exactly the dossiers behind it
    assert f">{fig.flows.received}<" in html.replace(".", "")
    assert "chi_so=received&" in html or 'chi_so=received"' in html
    listed = _login(client, demo.bancidao).get(
        reverse("workspace:reports:dossiers"), {"ky": "nam", "nam": 2026, "chi_so": "received"}
    )
    assert listed.context["page"].paginator.count == fig.flows.received
    # the applicant's personal data is not on the drill-down list
    assert "040185001111" not in listed.content.decode()


def test_overview_runs_a_fixed_number_of_queries(client, filled, django_assert_max_num_queries):
    _login(client, filled.demo.bancidao)
    url = reverse("workspace:reports:overview")
    client.get(url)  # warm the session
    with django_assert_max_num_queries(24):
        assert client.get(url, {"ky": "nam", "nam": 2026}).status_code == 200
    generate(filled, seed=4, count=15, start=vn(2026, 10, 1, 8), hours=400)
    with django_assert_max_num_queries(24):
        assert client.get(url, {"ky": "nam", "nam": 2026}).status_code == 200
    with django_assert_max_num_queries(26):
        assert client.get(url, {"ky": "thang", "nam": 2026, "so": 9}).status_code == 200


def test_a_leader_sees_their_agency_and_below_and_nothing_else(client, filled):
    demo = filled.demo
    _login(client, demo.lanhdao)  # leader of Sở Tư pháp
    response = client.get(reverse("workspace:reports:breakdown", args=["agency"]), {"ky": "nam", "nam": 2026})
    assert response.status_code == 200
    assert {r.key for r in response.context["rows"]} <= {filled.justice.pk}
    # another agency's figures: not found, as if it did not exist
    other = client.get(reverse("workspace:reports:overview"), {"don_vi": filled.commune.electronic_id})
    assert other.status_code == 404
    assert client.get(reverse("workspace:reports:overview"), {"don_vi": "000.99.99.H99"}).status_code == 404
    # the commune's dossiers never appear in the leader's drill-down lists
    listed = client.get(
        reverse("workspace:reports:dossiers"), {"ky": "nam", "nam": 2026, "chi_so": "received"}
    )
    assert all(d.competent_agency_id == filled.justice.pk for d in listed.context["page"])


def test_the_province_committee_leader_sees_the_agencies_below_it(client, filled):
    from motcua.accounts.models import User
    from motcua.organisations.models import Position

    chairman = User.objects.create(username="chutich", full_name="Chủ tịch UBND tỉnh", kind="staff")
    Position.objects.create(user=chairman, role="leader", agency=filled.committee)
    response = _login(client, chairman).get(
        reverse("workspace:reports:breakdown", args=["agency"]), {"ky": "nam", "nam": 2026}
    )
    assert {filled.justice.pk, filled.commune.pk} <= {r.key for r in response.context["rows"]}


def test_staff_without_a_reporting_role_and_citizens_are_refused(client, filled):
    demo = filled.demo
    response = _login(client, demo.chuyenvien).get(reverse("workspace:reports:overview"))
    assert response.status_code == 403
    assert "Ban Chỉ đạo CCHC" in response.content.decode()
    client.logout()
    assert _login(client, demo.congdan).get(reverse("workspace:reports:overview")).status_code == 302
    client.logout()
    assert client.get(reverse("workspace:reports:overview")).status_code == 302


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"ky": "tuan"}, "Loại kỳ báo cáo không hợp lệ"),
        ({"ky": "thang", "nam": 2026, "so": 13}, "Tháng phải từ 1 đến 12"),
        ({"ky": "quy", "nam": 2026, "so": "x"}, "Quý không hợp lệ"),
        ({"ky": "nam", "nam": 1990}, "Năm báo cáo phải từ 2015"),
        ({"ky": "khoang", "tu_ngay": "2026-05-01", "den_ngay": "2026-04-01"}, "phải trước hoặc bằng"),
        ({"ky": "khoang", "tu_ngay": "31/02/2026", "den_ngay": "2026-04-01"}, "“Từ ngày” không hợp lệ"),
        ({"ky": "khoang", "tu_ngay": "2020-01-01", "den_ngay": "2026-04-01"}, "tối đa ba năm"),
        ({"ky": "khoang", "tu_ngay": "2099-01-01", "den_ngay": "2099-02-01"}, "chưa bắt đầu"),
        ({"cap": "huyen"}, "Cấp không hợp lệ"),
    ],
)
def test_bad_periods_get_a_clear_vietnamese_error_and_no_figures(client, filled, params, message):
    response = _login(client, filled.demo.bancidao).get(reverse("workspace:reports:overview"), params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "fig" not in response.context


def test_unknown_measure_sector_or_form_is_refused(client, filled):
    _login(client, filled.demo.bancidao)
    assert client.get(reverse("workspace:reports:dossiers"), {"chi_so": "x"}).status_code == 400
    assert client.get(reverse("workspace:reports:overview"), {"linh_vuc": "KHONGCO"}).status_code == 404
    assert client.get(reverse("workspace:reports:statutory", args=["99"])).status_code == 404
    assert client.get(reverse("workspace:reports:breakdown", args=["x"])).status_code == 404


@pytest.mark.parametrize("dimension", ["agency", "commune", "sector", "procedure", "level"])
def test_breakdowns_download_as_csv_and_excel(client, filled, dimension):
    from openpyxl import load_workbook

    _login(client, filled.demo.bancidao)
    url = reverse("workspace:reports:breakdown", args=[dimension])
    page = client.get(url, {"ky": "nam", "nam": 2026})
    assert page.status_code == 200
    csv = client.get(url, {"ky": "nam", "nam": 2026, "dinh_dang": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert len(lines) == len(page.context["rows"]) + 2  # header, rows, total
    xlsx = client.get(url, {"ky": "nam", "nam": 2026, "dinh_dang": "xlsx"})
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws.max_row == len(page.context["rows"]) + 3  # title, header, rows, total


@pytest.mark.parametrize("form", ["06", "06a", "07b"])
def test_statutory_reports_render_and_export(client, filled, form):
    from openpyxl import load_workbook

    _login(client, filled.demo.bancidao)
    url = reverse("workspace:reports:statutory", args=[form])
    params = {"ky": "quy", "nam": 2026, "so": 3}
    if form == "06a":
        assert client.get(url, params).status_code == 200  # asks which centre
        params["trung_tam"] = filled.centre.electronic_id
    page = client.get(url, params)
    assert page.status_code == 200
    report = page.context["report"]
    assert report.rows[-1].kind == "total"
    xlsx = client.get(url, {**params, "dinh_dang": "xlsx"})
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws["A1"].value == report.subtitle
    pdf = client.get(url, {**params, "dinh_dang": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_form_06a_links_each_cell_to_the_dossiers_received_at_the_centre(client, filled):
    import html as html_lib
    import re
    from urllib.parse import parse_qs, urlsplit

    from .conftest import received_elsewhere

    received_elsewhere(filled, at=vn(2026, 9, 2, 9))  # Sở Tư pháp's dossier at the commune's desk
    _login(client, filled.demo.bancidao)
    url = reverse("workspace:reports:statutory", args=["06a"])
    params = {"ky": "quy", "nam": 2026, "so": 3, "trung_tam": filled.commune_centre.electronic_id}
    page = client.get(url, params)
    report = page.context["report"]
    justice = next(r for r in report.rows if r.label == filled.justice.name)
    assert justice.cells[2] == 1  # received at the desk of this centre, not of its own
    links = [
        html_lib.unescape(h)
        for h in re.findall(r'href="([^"]*chi_so=received_desk_or_post[^"]*)"', page.content.decode())
    ]
    link = next(h for h in links if f"don_vi={filled.justice.electronic_id}" in h)
    query = parse_qs(urlsplit(link).query)
    assert query["noi_nhan"] == [filled.commune_centre.electronic_id]
    assert "trung_tam" not in query
    listed = client.get(link)
    assert listed.status_code == 200
    assert listed.context["page"].paginator.count == 1


def test_the_place_of_reception_filter_is_refused_where_counters_answer(client, filled):
    _login(client, filled.demo.bancidao)
    response = client.get(
        reverse("workspace:reports:overview"),
        {"ky": "nam", "nam": 2026, "noi_nhan": filled.commune_centre.electronic_id},
    )
    assert response.status_code == 400
    assert "nơi tiếp nhận" in response.content.decode()


def test_out_of_scope_centre_is_not_found(client, filled):
    _login(client, filled.demo.lanhdao_xa)
    url = reverse("workspace:reports:statutory", args=["06a"])
    assert client.get(url, {"trung_tam": filled.centre.electronic_id}).status_code == 404


def test_index_766_shows_scores_with_formula_inputs_and_dossiers(client, filled):
    _login(client, filled.demo.bancidao)
    response = client.get(reverse("workspace:reports:index766"), {"ky": "nam", "nam": 2026})
    assert response.status_code == 200
    result = response.context["result"]
    progress = next(s for g in result.groups for s in g.scores if s.indicator.code == "PROGRESS")
    fig = response.context["sel"]
    from motcua.reports import selectors

    flows = selectors.flows(slice_=fig.slice, start=fig.period.start, end=fig.period.end)
    assert (progress.numerator, progress.denominator) == (flows.resolved_in_time, flows.resolved)
    assert "chi_so=resolved_in_time" in response.content.decode()
    assert result.max_points == 100
    assert client.get(reverse("workspace:reports:index766"), {"dinh_dang": "csv"}).status_code == 200


def test_overdue_digital_and_reform_pages_render_and_export(client, filled):
    _login(client, filled.demo.bancidao)
    for name in ("overdue", "digital", "reform"):
        url = reverse(f"workspace:reports:{name}")
        assert client.get(url, {"ky": "nam", "nam": 2026}).status_code == 200
        if name != "reform":
            assert client.get(url, {"ky": "nam", "nam": 2026, "dinh_dang": "csv"}).status_code == 200
    response = client.get(
        reverse("workspace:reports:reform"), {"ky": "nam", "nam": 2026, "muc": "overdue", "dinh_dang": "xlsx"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    for measure in drilldown.MEASURES:
        assert client.get(reverse("workspace:reports:dossiers"), {"chi_so": measure}).status_code == 200


def test_export_command_writes_the_report(filled, tmp_path):
    from django.core.management import CommandError, call_command

    from openpyxl import load_workbook

    out = tmp_path / "bieu06.xlsx"
    call_command("export_report", form="06", ky="quy", nam="2026", so="3", out=str(out))
    assert load_workbook(out).active["A1"].value == "Biểu số 06/VPCP/KSTT"
    with pytest.raises(CommandError, match="Quý phải từ 1 đến 4"):
        call_command("export_report", form="06", ky="quy", nam="2026", so="5", out=str(out))
    pdf = tmp_path / "bieu07b.pdf"
    call_command("export_report", form="07b", out=str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("name", "args", "budget"),
    [
        ("breakdown", ["agency"], 20),
        ("breakdown", ["sector"], 20),
        ("statutory", ["06"], 28),
        ("index766", [], 24),
        ("overdue", [], 22),
    ],
)
def test_report_pages_run_a_fixed_number_of_queries(
    client, filled, django_assert_max_num_queries, name, args, budget
):
    _login(client, filled.demo.bancidao)
    url = reverse(f"workspace:reports:{name}", args=args)
    client.get(url)
    for params in ({"ky": "nam", "nam": 2026}, {"ky": "quy", "nam": 2026, "so": 3}):
        with django_assert_max_num_queries(budget):
            assert client.get(url, params).status_code == 200
