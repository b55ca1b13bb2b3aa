"""The walking skeleton, in a browser, as each actor: submit online → receive → appraise → approve
→ issue → return → the citizen sees every status on the public lookup page."""

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


def _lookup_status(browser, live_server, code):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/tra-cuu/")
    page.get_by_label("Mã hồ sơ").fill(code)
    page.get_by_role("button", name="Tra cứu").click()
    status = page.get_by_test_id("status").inner_text()
    context.close()
    return status


def _act(browser, live_server, username, code, button, shot, artifacts):
    context, page = _login(browser, live_server, username)
    page.get_by_role("link", name=code).click()
    page.get_by_role("button", name=button).click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã")
    page.screenshot(path=artifacts / shot, full_page=True)
    context.close()


def test_citizen_to_desk_to_leader_to_result(browser, live_server, seeded, artifacts, tmp_path):
    # the citizen finds the procedure with an accented and with an unaccented query, and submits online
    context, page = _login(browser, live_server, "congdan")
    page.goto(live_server.url + "/")
    page.screenshot(path=artifacts / "01-home.png", full_page=True)
    page.get_by_label("Tìm thủ tục").fill("Trích lục hộ tịch")
    page.get_by_role("button", name="Tìm thủ tục").click()
    expect(page.get_by_role("link", name="Cấp bản sao trích lục hộ tịch")).to_be_visible()
    page.goto(live_server.url + "/")
    page.get_by_label("Tìm thủ tục").fill("trich luc ho tich")
    page.get_by_role("button", name="Tìm thủ tục").click()
    page.get_by_role("link", name="Cấp bản sao trích lục hộ tịch").click()
    page.screenshot(path=artifacts / "02-procedure.png", full_page=True)
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.get_by_label("Nội dung yêu cầu").fill("Xin cấp 01 bản sao trích lục khai sinh")
    pdf = tmp_path / "to-khai.pdf"
    pdf.write_bytes(MINIMAL_PDF)
    page.get_by_label(re.compile("^Tờ khai cấp bản sao trích lục hộ tịch")).set_input_files(str(pdf))
    page.screenshot(path=artifacts / "03-form.png", full_page=True)
    page.get_by_role("button", name="Gửi hồ sơ").click()
    expect(page.get_by_role("alert").first).to_contain_text("Mã hồ sơ của bạn là")
    code = re.search(
        r"\d{3}\.\d{2}\.\d{2}\.H41-\d{6}-\d{4}", page.get_by_role("alert").first.inner_text()
    ).group(0)
    page.screenshot(path=artifacts / "04-submitted.png", full_page=True)
    context.close()
    assert _lookup_status(browser, live_server, code) == "Mới đăng ký"

    # the desk officer receives it; the clock starts
    _act(browser, live_server, "tiepnhan", code, "Tiếp nhận hồ sơ", "05-received.png", artifacts)
    assert _lookup_status(browser, live_server, code) == "Được tiếp nhận"

    # the specialist appraises, the leader approves, the clerk issues
    _act(
        browser,
        live_server,
        "chuyenvien",
        code,
        "Hoàn thành thẩm định, trình phê duyệt",
        "06-appraised.png",
        artifacts,
    )
    assert _lookup_status(browser, live_server, code) == "Đang xử lý"
    _act(browser, live_server, "lanhdao", code, "Phê duyệt", "07-approved.png", artifacts)
    _act(browser, live_server, "vanthu", code, "Ban hành kết quả", "08-issued.png", artifacts)
    assert _lookup_status(browser, live_server, code) == "Đã xử lý xong"

    # the desk returns the result
    _act(browser, live_server, "tiepnhan", code, "Trả kết quả cho người nộp", "09-returned.png", artifacts)

    # the citizen sees the whole history on the public lookup page
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/tra-cuu/?ma={code}")
    expect(page.get_by_test_id("status")).to_have_text("Đã trả kết quả")
    timeline = page.locator(".mc-timeline").inner_text()
    for label in ["Nộp hồ sơ trực tuyến", "Tiếp nhận hồ sơ", "Có kết quả giải quyết", "Trả kết quả"]:
        assert label in timeline
    page.screenshot(path=artifacts / "10-lookup.png", full_page=True)
    context.close()

    # the citizen rates the handling on the Art 33 criteria, once
    context, page = _login(browser, live_server, "congdan")
    page.goto(f"{live_server.url}/ho-so-cua-toi/{code}/")
    page.get_by_role("link", name="Đánh giá mức độ hài lòng").click()
    for criterion in page.locator("fieldset").all():
        criterion.get_by_label("Rất hài lòng").check()
    page.get_by_label("Ý kiến khác (không bắt buộc)").fill("Cán bộ hướng dẫn tận tình.")
    page.screenshot(path=artifacts / "11-rate.png", full_page=True)
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_role("alert").first).to_contain_text("Cảm ơn")
    context.close()


def test_unknown_code_and_staff_page_without_login(browser, live_server, seeded, artifacts):
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(f"{live_server.url}/tra-cuu/?ma=000.00.12.H41-260101-9999")
    assert response.status == 404
    expect(page.get_by_role("alert")).to_contain_text("Không tìm thấy hồ sơ")
    page.goto(f"{live_server.url}/can-bo/")
    expect(page).to_have_url(re.compile("/tai-khoan/dang-nhap/"))
    context.close()


def test_fake_pdf_upload_shows_a_vietnamese_error(browser, live_server, seeded, artifacts, tmp_path):
    context, page = _login(browser, live_server, "congdan2")
    page.goto(f"{live_server.url}/thu-tuc/2.000635/nop-ho-so/")
    page.get_by_label("Nội dung yêu cầu").fill("Bản sao trích lục")
    fake = tmp_path / "gia.pdf"
    fake.write_text("not a pdf at all")
    page.get_by_label(re.compile("^Tờ khai cấp bản sao trích lục hộ tịch")).set_input_files(str(fake))
    page.get_by_role("button", name="Gửi hồ sơ").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("không phải PDF, JPEG hoặc PNG")
    page.screenshot(path=artifacts / "11-bad-upload.png", full_page=True)
    context.close()
