"""The steering committee's dashboard in a browser: the province at a glance, a figure drilled down
to its dossiers, Biểu 06 on screen and as Excel. Screenshots go to e2e/artifacts/."""

from __future__ import annotations

import io
import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "motcua-demo"


def _province():
    from motcua.accounts.models import User
    from motcua.catalog.models import ProcedureVersion
    from motcua.demo import data
    from motcua.organisations.models import ServiceCentre

    users = {u.username: u for u in User.objects.all()}
    extract = ProcedureVersion.objects.get(procedure__code=data.EXTRACT_PROCEDURE["code"])
    certify = ProcedureVersion.objects.get(procedure__code=data.CERTIFY_PROCEDURE["code"])
    for version in (extract, certify):
        version.time_limit, version.time_unit = 5, "working_days"
        version.save(update_fields=["time_limit", "time_unit"])
    roles = ("desk_officer", "specialist", "leader", "clerk", "unit_head")
    province_staff = ("tiepnhan", "chuyenvien", "lanhdao", "vanthu", "truongphong")
    commune_staff = ("tiepnhan_xa", "tuphap_xa", "lanhdao_xa", "vanthu_xa", "truongphong_xa")
    return SimpleNamespace(
        demo=SimpleNamespace(congdan=users["congdan"]),
        versions=[extract, certify],
        centre=ServiceCentre.objects.get(electronic_id="000.01.01.H41"),
        commune_centre=certify.competent_agency.service_centre,
        staff={
            extract.pk: {r: users[u] for r, u in zip(roles, province_staff, strict=True)},
            certify.pk: {r: users[u] for r, u in zip(roles, commune_staff, strict=True)},
        },
    )


def test_steering_member_reads_the_dashboard_drills_down_and_downloads_form_06(
    browser, live_server, seeded, artifacts
):
    from django.utils import timezone

    from conftest import vn
    from motcua.reports.tests.conftest import generate

    today = timezone.localdate()
    generate(_province(), seed=11, count=40, start=vn(today.year, 1, 5, 8), hours=2400)

    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("bancidao")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.goto(f"{live_server.url}/can-bo/bao-cao/?ky=nam&nam={today.year}")
    expect(
        page.get_by_role("heading", name="Tổng quan tình hình giải quyết thủ tục hành chính")
    ).to_be_visible()
    expect(page.get_by_text("Toàn tỉnh Nghệ An").first).to_be_visible()
    page.screenshot(path=str(artifacts / "reports-overview.png"), full_page=True)

    # the headline "received" figure drills down to exactly as many dossiers
    card = page.locator(".mc-kpi").first
    received = card.locator(".display-6 a").inner_text()
    card.locator(".display-6 a").click()
    expect(
        page.get_by_role("heading", name=re.compile(r"Hồ sơ tiếp nhận trong kỳ: " + re.escape(received)))
    ).to_be_visible()

    # Biểu 06 for the first quarter, on screen and as Excel
    page.goto(f"{live_server.url}/can-bo/bao-cao/bieu/06/?ky=quy&nam={today.year}&so=1")
    expect(page.get_by_text("Biểu số 06/VPCP/KSTT").first).to_be_visible()
    expect(page.get_by_role("cell", name="Tổng cộng")).to_be_visible()
    page.screenshot(path=str(artifacts / "reports-form-06.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel").click()
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert ws["A1"].value == "Biểu số 06/VPCP/KSTT"

    # a bad period is refused in Vietnamese, with a way back
    page.goto(f"{live_server.url}/can-bo/bao-cao/?ky=thang&nam={today.year}&so=13")
    expect(page.get_by_text("Tháng phải từ 1 đến 12.")).to_be_visible()
    context.close()
