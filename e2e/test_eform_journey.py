"""The e-form journey on a phone: a citizen starts the re-registration of their birth, saves a draft,
comes back later, resumes it, reuses their digitised birth certificate from the personal data store,
asks for the result by post and submits; the commune desk officer sees the answers on the dossier."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import MINIMAL_PDF

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "motcua-demo"
CODE = "1.004884"  # Thủ tục đăng ký lại khai sinh: fully online, with an e-form in the demo


def _login(browser, live_server, username, *, phone=False):
    viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    context = browser.new_context(locale="vi-VN", viewport=viewport)
    page = context.new_page()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    return context, page


@pytest.fixture
def birth_certificate(seeded):
    """A birth certificate digitised for congdan at the desk earlier, in their personal data store."""
    import io
    from datetime import timedelta

    from django.utils import timezone

    from motcua.accounts.models import User
    from motcua.documents.services import add_to_data_store, digitise_paper
    from motcua.documents.uploads import check_upload

    citizen = User.objects.get(username="congdan")
    at = timezone.now() - timedelta(days=40)
    paper = digitise_paper(
        upload=check_upload(name="giay-khai-sinh.pdf", stream=io.BytesIO(MINIMAL_PDF)),
        title="Giấy khai sinh",
        holder_name=citizen.full_name,
        holder_id=citizen.personal_id,
        actor=None,
        at=at,
    )
    return add_to_data_store(holder_id=citizen.personal_id, paper=paper, at=at)


def test_citizen_drafts_resumes_reuses_a_stored_paper_and_submits(
    browser, live_server, seeded, birth_certificate, artifacts, tmp_path
):
    # the citizen opens the procedure and starts the e-form on a phone
    context, page = _login(browser, live_server, "congdan", phone=True)
    page.goto(f"{live_server.url}/thu-tuc/{CODE}/")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    expect(page.get_by_role("group", name="2. Tờ khai điện tử")).to_be_visible()
    page.get_by_label("Họ, chữ đệm, tên người được đăng ký lại khai sinh").fill("Nguyễn Văn An")
    page.get_by_label("Ngày, tháng, năm sinh").fill("1995-03-12")
    page.get_by_role("group", name="Giới tính").get_by_label("Nam", exact=True).check()
    page.screenshot(path=artifacts / "eform-01-started.png", full_page=True)

    # … saves a draft and leaves
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã lưu nháp lúc")
    page.screenshot(path=artifacts / "eform-02-draft-saved.png", full_page=True)
    page.goto(f"{live_server.url}/")

    # … comes back through "Hồ sơ của tôi" and resumes where they stopped
    page.goto(f"{live_server.url}/ho-so-cua-toi/")
    page.screenshot(path=artifacts / "eform-03-my-dossiers-draft.png", full_page=True)
    page.get_by_role("link", name="Tiếp tục hồ sơ đang soạn").click()
    expect(page.get_by_test_id("draft-notice")).to_be_visible()
    expect(page.get_by_label("Họ, chữ đệm, tên người được đăng ký lại khai sinh")).to_have_value(
        "Nguyễn Văn An"
    )
    expect(page.get_by_label("Ngày, tháng, năm sinh")).to_have_value("1995-03-12")
    expect(page.get_by_role("group", name="Giới tính").get_by_label("Nam", exact=True)).to_be_checked()

    # … completes the form, uploads the declaration and picks the stored birth certificate
    page.get_by_label("Nội dung yêu cầu").fill("Đăng ký lại khai sinh do sổ hộ tịch bị mất")
    page.get_by_label(re.compile("^Nơi sinh")).fill("Trạm y tế xã Nghi Phong, Nghệ An")
    page.get_by_label("Nơi đã đăng ký khai sinh trước đây").fill("UBND xã Nghi Phong (cũ)")
    page.get_by_role("group", name=re.compile("^Quan hệ của người đi đăng ký")).get_by_label(
        "Bản thân"
    ).check()
    page.get_by_label("Lý do đăng ký lại").fill(
        "Sổ hộ tịch và bản chính Giấy khai sinh đều bị mất do lũ năm 2024."
    )
    page.get_by_role("group", name=re.compile("^Còn giữ bản sao")).get_by_label("Có", exact=True).check()
    pdf = tmp_path / "to-khai.pdf"
    pdf.write_bytes(MINIMAL_PDF)
    page.get_by_label(re.compile("^Tờ khai đăng ký lại khai sinh")).set_input_files(str(pdf))
    page.get_by_label(re.compile("kho dữ liệu của bạn – Bản sao Giấy khai sinh")).select_option(
        value=str(birth_certificate.pk)
    )
    page.get_by_role("group", name="Hình thức nhận kết quả").get_by_label(
        "Nhận qua dịch vụ bưu chính"
    ).check()
    page.get_by_label("Địa chỉ nhận kết quả qua bưu chính").fill(
        "Số 5 đường Lê Lợi, phường Thành Vinh, Nghệ An"
    )
    page.screenshot(path=artifacts / "eform-04-completed.png", full_page=True)
    page.get_by_role("button", name="Gửi hồ sơ").click()
    expect(page.get_by_role("alert").first).to_contain_text("Mã hồ sơ của bạn là")
    code = re.search(
        r"\d{3}\.\d{2}\.\d{2}\.H41-\d{6}-\d{4}", page.get_by_role("alert").first.inner_text()
    ).group(0)
    page.screenshot(path=artifacts / "eform-05-submitted.png", full_page=True)
    page.goto(f"{live_server.url}/ho-so-cua-toi/")
    expect(page.get_by_role("link", name="Tiếp tục hồ sơ đang soạn")).to_have_count(0)
    context.close()

    from motcua.documents.models import ReuseRecord

    assert ReuseRecord.objects.get(item=birth_certificate).dossier_code == code

    # the commune desk officer sees the answers, the delivery and the reused paper
    context, page = _login(browser, live_server, "tiepnhan_xa")
    page.goto(f"{live_server.url}/can-bo/ho-so/{code}/")
    answers = page.get_by_test_id("eform-answers")
    expect(answers).to_contain_text("Nguyễn Văn An")
    expect(answers).to_contain_text("12/03/1995")
    expect(answers).to_contain_text("Bản thân")
    expect(answers).to_contain_text("Nhận qua dịch vụ bưu chính – Số 5 đường Lê Lợi")
    expect(answers).to_contain_text("lấy từ kho dữ liệu của người nộp")
    page.screenshot(path=artifacts / "eform-06-staff-dossier.png", full_page=True)
    context.close()
