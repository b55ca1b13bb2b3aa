"""The steering committee's year, in a browser: the secretary creates the year's plan and assigns
tasks, an agency reports progress with evidence, the chair sees completion against plan and the
overdue list. Also: the demo seed builds the reform plan once."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import MINIMAL_PDF

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "motcua-demo"


def _login(browser, live_server, username):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    return context, page


def _committee():
    from motcua.accounts.models import User
    from motcua.organisations.models import Agency, Position
    from motcua.reform.services import add_member, create_committee

    admin = User.objects.get(username="quantri")
    committee = create_committee(name="Ban Chỉ đạo CCHC tỉnh Nghệ An", decision="", actor=admin)
    home = Agency.objects.get(electronic_id="000.00.02.H41")
    for username, name, role, position in [
        ("thukycchc", "Hoàng Minh Tuấn", "secretary", "specialist"),
        ("truongbancchc", "Lê Hồng Vinh", "chair", "steering_viewer"),
    ]:
        user = User.objects.create(username=username, full_name=name, kind="staff")
        user.set_password(PASSWORD)
        user.save()
        Position.objects.create(
            user=user, role=position, agency=home if position != "steering_viewer" else None
        )
        add_member(committee=committee, user=user, role=role, actor=admin, agency=home)


def test_secretary_plans_agency_reports_chair_sees_completion(
    browser, live_server, seeded, artifacts, tmp_path
):
    _committee()
    from django.utils import timezone

    year = timezone.localdate().year
    base = f"{live_server.url}/can-bo/cai-cach"

    # the secretary creates the year's plan: five key task groups by default
    context, page = _login(browser, live_server, "thukycchc")
    page.goto(f"{base}/ke-hoach/")
    page.get_by_label("Tên kế hoạch").fill(f"Kế hoạch cải cách hành chính năm {year}")
    page.get_by_label("Từ năm").fill(str(year))
    page.get_by_label("Đến năm").fill(str(year))
    page.get_by_role("button", name="Tạo kế hoạch").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã tạo kế hoạch")
    expect(page.get_by_role("heading", name="1. Chuyển đổi số")).to_be_visible()
    page.screenshot(path=artifacts / "reform-01-plan-created.png", full_page=True)

    # assigns a task without a deadline: a clear error, nothing created
    page.get_by_role("link", name="Giao nhiệm vụ").first.click()
    page.get_by_label("Nhiệm vụ", exact=True).fill("Số hóa kết quả giải quyết TTHC lĩnh vực hộ tịch")
    page.get_by_label("Đơn vị chủ trì").select_option(label="Sở Tư pháp tỉnh Nghệ An")
    page.get_by_role("button", name="Giao nhiệm vụ", exact=True).click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("Nhiệm vụ phải có thời hạn hoàn thành.")
    page.screenshot(path=artifacts / "reform-02-task-error.png", full_page=True)
    page.get_by_label("Thời hạn hoàn thành").fill(f"{year}-12-15")
    page.get_by_label("Sản phẩm dự kiến").fill("Báo cáo kết quả số hóa")
    page.get_by_role("button", name="Giao và tiếp tục giao nhiệm vụ khác").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã giao nhiệm vụ")
    # a second task, already past its deadline
    page.get_by_label("Nhiệm vụ", exact=True).fill("Phê duyệt quy trình nội bộ giải quyết TTHC cấp xã")
    page.get_by_label("Đơn vị chủ trì").select_option(label="Sở Nội vụ tỉnh Nghệ An")
    page.get_by_label("Thời hạn hoàn thành").fill(f"{year}-01-31")
    page.get_by_role("button", name="Giao nhiệm vụ", exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã giao nhiệm vụ")

    # and records the decision that issues the plan
    page.get_by_label("Số quyết định").fill("45/QĐ-UBND")
    page.get_by_label("Ngày ban hành").fill(f"{year}-01-10")
    page.get_by_role("button", name="Ghi nhận ban hành").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã ghi nhận quyết định ban hành")
    page.screenshot(path=artifacts / "reform-03-plan-issued.png", full_page=True)
    context.close()

    # the owner agency (Sở Tư pháp) reports: over 100 % is refused, then completion with evidence
    context, page = _login(browser, live_server, "lanhdao")
    page.goto(f"{base}/")
    page.get_by_role("link", name="Số hóa kết quả giải quyết TTHC lĩnh vực hộ tịch").first.click()
    page.get_by_label("Tiến độ (%)").fill("150")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("không được vượt quá 100%")
    page.screenshot(path=artifacts / "reform-04-progress-error.png", full_page=True)
    page.get_by_label("Tình trạng").select_option(label="Đã hoàn thành")
    page.get_by_label("Tiến độ (%)").fill("100")
    page.get_by_label("Nội dung báo cáo, kết quả").fill("Đã số hóa 100% sổ hộ tịch còn hiệu lực")
    pdf = tmp_path / "bao-cao-ket-qua.pdf"
    pdf.write_bytes(MINIMAL_PDF)
    page.get_by_label("Tệp minh chứng (PDF, JPEG, PNG)").set_input_files(str(pdf))
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã gửi báo cáo tiến độ")
    expect(page.get_by_test_id("task-status")).to_have_text("Đã hoàn thành")
    expect(page.get_by_role("link", name="bao-cao-ket-qua.pdf")).to_be_visible()
    page.screenshot(path=artifacts / "reform-05-progress-reported.png", full_page=True)
    context.close()

    # the chair sees completion against plan and the overdue list
    context, page = _login(browser, live_server, "truongbancchc")
    page.goto(f"{base}/?nam={year}")
    expect(page.get_by_test_id("planned")).to_have_text("2")
    expect(page.get_by_test_id("completed")).to_have_text("1")
    expect(page.get_by_test_id("rate")).to_have_text(re.compile(r"50[,.]00 %"))
    overdue = page.get_by_test_id("overdue-list")
    expect(overdue).to_contain_text("Phê duyệt quy trình nội bộ giải quyết TTHC cấp xã")
    expect(overdue).not_to_contain_text("Số hóa kết quả")
    page.screenshot(path=artifacts / "reform-06-chair-progress.png", full_page=True)
    context.close()


def test_demo_seed_builds_the_reform_year_once(browser, live_server, seeded, artifacts):
    from django.utils import timezone

    from motcua.demo.reform_seed import seed_reform
    from motcua.reform.models import IndexResult, PilotUnit, ReformPlan

    committee = seed_reform(timezone.now())
    assert seed_reform(timezone.now()) == committee
    plan = ReformPlan.objects.get(committee=committee)
    assert plan.tasks.filter(source="plan").count() == 20
    assert PilotUnit.objects.filter(year=2026).count() == 7
    assert not IndexResult.objects.filter(is_illustrative=False).exists()
    context, page = _login(browser, live_server, "truongbancchc")
    for path, shot in [
        ("?nam=2026", "reform-07-demo-progress"),
        ("chi-so/", "reform-08-indices"),
        ("chi-dao-diem/", "reform-09-pilots"),
        ("vi-tri-nhay-cam/", "reform-10-posts"),
        ("tiep-cong-dan/", "reform-11-reception"),
        ("hop/?nam=2026", "reform-12-meetings"),
    ]:
        page.goto(f"{live_server.url}/can-bo/cai-cach/{path}")
        expect(page.locator("h1")).to_be_visible()
        page.screenshot(path=artifacts / f"{shot}.png", full_page=True)
    expect(page.get_by_text("Trực tuyến với các sở, ngành và UBND cấp xã").first).to_be_visible()
    context.close()
