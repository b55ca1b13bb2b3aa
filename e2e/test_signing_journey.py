"""Signing a result in a browser: the leader signs one dossier from its page and another from the
batch page with one PIN, the clerk issues, and the citizen downloads the result and checks it on the
public verification page."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from conftest import pdf_upload

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "motcua-demo"


def _dossier_at_approval(version, citizen_name: str) -> str:
    """Submit as a demo citizen, receive at the desk, appraise: waiting at the leader's approval."""
    from django.utils import timezone

    from motcua.accounts.models import User
    from motcua.dossiers.services import (
        ApplicantDetails,
        PaperUpload,
        complete_step,
        receive_dossier,
        submit_dossier,
    )

    users = {
        u.username: u for u in User.objects.filter(username__in=[citizen_name, "tiepnhan", "chuyenvien"])
    }
    citizen = users[citizen_name]
    now = timezone.now()
    dossier = submit_dossier(
        version=version,
        applicant=citizen,
        details=ApplicantDetails(
            full_name=citizen.full_name, personal_id=citizen.personal_id or "", address=citizen.address
        ),
        request_summary="Xin cấp 01 bản sao trích lục khai sinh",
        papers=[PaperUpload(paper=version.papers.get(order=1), upload=pdf_upload())],
        at=now - timedelta(minutes=30),
    )
    dossier = receive_dossier(dossier=dossier, actor=users["tiepnhan"], at=now - timedelta(minutes=20))
    dossier = complete_step(dossier=dossier, actor=users["chuyenvien"], at=now - timedelta(minutes=10))
    return dossier.code


def _login(browser, live_server, username):
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    return context, page


def test_leader_signs_clerk_issues_citizen_verifies(
    browser, live_server, seeded, artifacts, settings, tmp_path
):
    from motcua.accounts.models import User
    from motcua.documents.tests.pki import PASSWORD as PIN
    from motcua.documents.tests.pki import TestPKI

    pki = TestPKI.create(tmp_path / "pki").trust(settings)

    def register_leader_key() -> None:
        # pyHanko's synchronous calls run their own event loop, which cannot start in this thread
        # while Playwright's runs here: register the leader's key from a worker thread
        from django.db import connection

        try:
            leader = User.objects.get(username="lanhdao")
            pki.register_agency_key(
                agency=leader.positions.get(role="leader").agency,
                holder=leader,
                actor=User.objects.get(username="quantri"),
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(register_leader_key).result()
    first = _dossier_at_approval(seeded, "congdan")
    second = _dossier_at_approval(seeded, "congdan2")

    # the leader opens the first dossier from the worklist, types the PIN and signs
    context, page = _login(browser, live_server, "lanhdao")
    page.get_by_role("link", name=first).click()
    form = page.get_by_test_id("sign-form")
    expect(form).to_contain_text("Ký số và ban hành kết quả")
    page.screenshot(path=artifacts / "signing-01-dossier.png", full_page=True)
    # a wrong PIN is refused in Vietnamese and the dossier stays at the leader's step
    page.get_by_label("Mã PIN của chữ ký số").fill("000000")
    page.get_by_role("button", name="Ký số và ban hành kết quả").click()
    expect(page.get_by_role("alert").first).to_contain_text("Sai mật khẩu của tệp khóa ký")
    page.screenshot(path=artifacts / "signing-02-wrong-pin.png", full_page=True)
    page.get_by_label("Mã PIN của chữ ký số").fill(PIN)
    page.get_by_role("button", name="Ký số và ban hành kết quả").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã ký số và ban hành kết quả")
    expect(page.get_by_test_id("results")).to_contain_text("040095001234-KQ.2.000635")
    page.screenshot(path=artifacts / "signing-03-signed.png", full_page=True)

    # the second one from the batch page: select all, one PIN
    page.get_by_role("link", name="Ký số hàng loạt").click()
    expect(page.get_by_role("link", name=second)).to_be_visible()
    page.get_by_label("Chọn tất cả").check()
    expect(page.get_by_role("button", name=re.compile(r"Ký số các hồ sơ đã chọn \(1\)"))).to_be_visible()
    page.get_by_label("Mã PIN của chữ ký số").fill(PIN)
    page.screenshot(path=artifacts / "signing-04-batch.png", full_page=True)
    page.get_by_role("button", name=re.compile("Ký số các hồ sơ đã chọn")).click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã ký số và ban hành 1 kết quả")
    expect(page.get_by_text("Không có hồ sơ nào đang chờ bạn ký kết quả.")).to_be_visible()
    page.screenshot(path=artifacts / "signing-05-batch-done.png", full_page=True)
    context.close()

    # the clerk issues the first dossier as before (the dossier is resolved)
    context, page = _login(browser, live_server, "vanthu")
    page.get_by_role("link", name=first).click()
    page.get_by_role("button", name="Ban hành kết quả").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã xử lý xong")
    context.close()

    # the citizen downloads the result and checks it on the public verification page
    context, page = _login(browser, live_server, "congdan")
    page.goto(f"{live_server.url}/ho-so-cua-toi/{first}/")
    results = page.get_by_test_id("results")
    expect(results).to_contain_text("Bản sao trích lục hộ tịch")
    page.screenshot(path=artifacts / "signing-06-citizen.png", full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải kết quả (PDF)").click()
    downloaded = tmp_path / "ket-qua.pdf"
    download_info.value.save_as(downloaded)
    assert downloaded.read_bytes().startswith(b"%PDF")
    page.get_by_role("link", name="Kiểm tra tính xác thực").click()
    expect(page.get_by_role("heading", name="Xác thực kết quả điện tử")).to_be_visible()
    page.get_by_label("Tệp PDF").set_input_files(str(downloaded))
    page.get_by_role("button", name="Xác thực", exact=True).click()
    report = page.get_by_test_id("verify-report")
    expect(report).to_have_attribute("data-status", "valid")
    expect(report).to_contain_text("Hợp lệ")
    expect(report).to_contain_text("Phạm Quốc Hùng")
    page.screenshot(path=artifacts / "signing-07-verified.png", full_page=True)
    context.close()
