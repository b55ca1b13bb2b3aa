"""Online payment in a browser: a citizen whose dossier awaits payment pays in the VNPay sandbox and
downloads the receipt; the sandbox calls the IPN over real HTTP and the dossier resumes."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from conftest import pdf_upload

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "motcua-demo"


def _dossier_awaiting_payment(version, amount_vnd: int) -> str:
    """Submit as the demo citizen, receive at the desk, ask for the fee: status 6."""
    from django.utils import timezone

    from motcua.accounts.models import User
    from motcua.dossiers.services import (
        ApplicantDetails,
        PaperUpload,
        receive_dossier,
        request_financial_obligation,
        submit_dossier,
    )

    users = {u.username: u for u in User.objects.filter(username__in=["congdan", "tiepnhan", "chuyenvien"])}
    citizen = users["congdan"]
    now = timezone.now()
    dossier = submit_dossier(
        version=version,
        applicant=citizen,
        details=ApplicantDetails(full_name=citizen.full_name, personal_id=citizen.personal_id or ""),
        request_summary="Xin cấp bản sao trích lục khai sinh",
        papers=[PaperUpload(paper=version.papers.get(order=1), upload=pdf_upload())],
        at=now - timedelta(minutes=10),
    )
    dossier = receive_dossier(dossier=dossier, actor=users["tiepnhan"], at=now - timedelta(minutes=5))
    dossier = request_financial_obligation(
        dossier=dossier,
        actor=users["chuyenvien"],
        at=now - timedelta(minutes=1),
        amount_vnd=amount_vnd,
        note="Lệ phí cấp bản sao trích lục hộ tịch",
    )
    return dossier.code


def test_citizen_pays_in_the_sandbox_and_gets_the_receipt(browser, live_server, seeded, artifacts):
    code = _dossier_awaiting_payment(seeded, 25_000)

    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("congdan")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    # the citizen opens the dossier awaiting payment
    page.goto(f"{live_server.url}/ho-so-cua-toi/")
    page.get_by_role("link", name=code).click()
    expect(page.get_by_test_id("status")).to_have_text("Yêu cầu thực hiện nghĩa vụ tài chính")
    page.get_by_role("link", name="Thanh toán trực tuyến").click()
    expect(page.get_by_test_id("amount-due")).to_have_text("25.000 đ")
    page.screenshot(path=artifacts / "pay-01-amount.png", full_page=True)
    page.get_by_role("button", name="Thanh toán qua VNPay").click()

    # the sandbox gateway checked the signed order and shows it
    expect(page.get_by_test_id("sandbox-amount")).to_have_text("25.000 đ")
    page.get_by_label("Ngân hàng").select_option("VCB")
    page.screenshot(path=artifacts / "pay-02-sandbox.png", full_page=True)
    page.get_by_role("button", name="Thanh toán thành công").click()

    # back on MộtCửa: the IPN already settled the payment
    expect(page.get_by_test_id("payment-state")).to_contain_text("Thanh toán thành công")
    page.screenshot(path=artifacts / "pay-03-result.png", full_page=True)
    href = page.get_by_role("link", name="Tải biên nhận thanh toán (PDF)").get_attribute("href")
    receipt = page.request.get(f"{live_server.url}{href}")
    assert receipt.status == 200
    assert receipt.headers["content-type"] == "application/pdf"
    body = receipt.body()
    assert body.startswith(b"%PDF")
    pdf_path = artifacts / "pay-04-receipt.pdf"
    pdf_path.write_bytes(body)
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        text = subprocess.run(  # noqa: S603 - fixed tool on a file this test wrote
            [pdftotext, str(pdf_path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "BIÊN NHẬN THANH TOÁN TRỰC TUYẾN" in text
        assert "25.000 đ" in text
        assert "Hai mươi lăm nghìn đồng" in text
        assert code in text

    # the financial obligation is met: the dossier is processed again and the event is public
    page.get_by_role("link", name="Xem hồ sơ").click()
    expect(page.get_by_test_id("status")).to_have_text("Đang xử lý")
    expect(page.locator(".mc-timeline")).to_contain_text("Đã thực hiện nghĩa vụ tài chính")
    page.screenshot(path=artifacts / "pay-05-dossier.png", full_page=True)

    # another citizen cannot open the payment
    other = browser.new_context(locale="vi-VN")
    other_page = other.new_page()
    other_page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    other_page.get_by_label("Tên đăng nhập").fill("congdan2")
    other_page.get_by_label("Mật khẩu").fill(PASSWORD)
    other_page.get_by_role("button", name="Đăng nhập").click()
    assert other_page.goto(f"{live_server.url}{href}").status == 404
    other.close()
    context.close()
