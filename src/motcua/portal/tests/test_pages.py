"""Citizen pages: search, procedure page, submission with bad uploads, lookup, own dossiers only."""

import io

from django.urls import reverse

import pytest

from conftest import MINIMAL_PDF, vn
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import receive_dossier

pytestmark = pytest.mark.django_db

CODE = "2.000635"


def _form(**files):
    data = {
        "full_name": "Nguyễn Văn An",
        "personal_id": "040095001234",
        "phone": "0912345678",
        "email": "",
        "address": "Số 5 Lê Lợi",
        "request_summary": "Bản sao trích lục khai sinh",
        "copies": "2",
    }
    data.update(files)
    return data


def _paper_field(demo):
    return f"paper_{demo.version.papers.get(order=1).pk}"


def test_home_page_speaks_vietnamese_and_lists_procedures(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Cấp bản sao trích lục hộ tịch" in html


def test_home_page_switches_to_english(client, demo):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Look up a dossier" in html


def test_search_folds_accents_and_d_with_stroke(client, demo):
    html = client.get(reverse("portal:procedures"), {"q": "trich luc ho tich"}).content.decode()
    assert "Cấp bản sao trích lục hộ tịch" in html
    html = client.get(reverse("portal:procedures"), {"q": "chung thuc ban sao"}).content.decode()
    assert "Chứng thực bản sao từ bản chính" in html


def test_procedure_page_shows_time_limit_fee_and_papers(client, demo):
    html = client.get(reverse("portal:procedure", args=[CODE])).content.decode()
    assert "8.000 đồng/bản sao trích lục" in html
    assert "Tờ khai cấp bản sao trích lục hộ tịch" in html
    assert "Sở Tư pháp tỉnh Nghệ An" in html


def test_unknown_procedure_is_a_friendly_404(client, demo):
    response = client.get(reverse("portal:procedure", args=["9.999999"]))
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_submission_requires_sign_in(client, demo):
    response = client.get(reverse("portal:submit", args=[CODE]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_citizen_submits_with_a_real_pdf(client, demo):
    client.force_login(demo.congdan)
    upload = io.BytesIO(MINIMAL_PDF)
    upload.name = "to-khai.pdf"
    response = client.post(reverse("portal:submit", args=[CODE]), _form(**{_paper_field(demo): upload}))
    dossier = Dossier.objects.get(applicant=demo.congdan)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:my-dossier", args=[dossier.code])
    assert dossier.copies == 2
    assert dossier.applicant_personal_id == "040095001234"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"This is plain text pretending to be a PDF", "gia-mao.pdf", "không phải PDF, JPEG hoặc PNG"),
        (b"", "rong.pdf", "rỗng"),
    ],
)
def test_fake_or_empty_upload_gets_a_vietnamese_error_and_saves_nothing(client, demo, content, name, message):
    client.force_login(demo.congdan)
    upload = io.BytesIO(content)
    upload.name = name
    response = client.post(reverse("portal:submit", args=[CODE]), _form(**{_paper_field(demo): upload}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Dossier.objects.filter(applicant=demo.congdan).exists()


def test_too_large_upload_is_refused(client, demo, settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 100
    client.force_login(demo.congdan)
    upload = io.BytesIO(MINIMAL_PDF + b"0" * 200)
    upload.name = "lon.pdf"
    response = client.post(reverse("portal:submit", args=[CODE]), _form(**{_paper_field(demo): upload}))
    assert "vượt quá dung lượng cho phép" in response.content.decode()
    assert not Dossier.objects.exists()


def test_missing_required_paper_is_refused(client, demo):
    client.force_login(demo.congdan)
    response = client.post(reverse("portal:submit", args=[CODE]), _form())
    assert "Vui lòng tải lên giấy tờ này." in response.content.decode()
    assert not Dossier.objects.exists()


def test_invalid_personal_number_is_refused(client, demo):
    client.force_login(demo.congdan)
    upload = io.BytesIO(MINIMAL_PDF)
    upload.name = "a.pdf"
    data = _form(**{_paper_field(demo): upload})
    data["personal_id"] = "12345"
    response = client.post(reverse("portal:submit", args=[CODE]), data)
    assert "12 chữ số" in response.content.decode()
    assert not Dossier.objects.exists()


def test_lookup_shows_status_without_personal_data(client, submit):
    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    html = client.get(reverse("portal:lookup"), {"ma": dossier.code}).content.decode()
    assert "Mới đăng ký" in html
    assert dossier.applicant_name not in html


def test_lookup_with_last_four_phone_digits_shows_the_applicant(client, submit):
    dossier = submit(at=vn(2026, 3, 2, 8, 0), phone="0912345678")
    html = client.get(reverse("portal:lookup"), {"ma": dossier.code, "phone_last4": "5678"}).content.decode()
    assert dossier.applicant_name in html


def test_unknown_code_lookup_is_a_404_that_reveals_nothing(client, demo):
    response = client.get(reverse("portal:lookup"), {"ma": "000.00.12.H41-260302-9999"})
    assert response.status_code == 404
    assert "Không tìm thấy hồ sơ với mã này" in response.content.decode()


def test_citizen_cannot_open_another_citizens_dossier(client, demo, submit):
    dossier = submit(at=vn(2026, 3, 2, 8, 0), citizen=demo.congdan)
    client.force_login(demo.congdan2)
    assert client.get(reverse("portal:my-dossier", args=[dossier.code])).status_code == 404
    assert dossier.code not in client.get(reverse("portal:my-dossiers")).content.decode()
    assert client.get(reverse("workspace:dossier", args=[dossier.code])).status_code == 302


def test_my_dossiers_shows_own_dossiers_with_due_date(client, demo, submit):
    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    receive_dossier(dossier=dossier, actor=demo.tiepnhan, at=vn(2026, 3, 2, 9, 0))
    client.force_login(demo.congdan)
    html = client.get(reverse("portal:my-dossiers")).content.decode()
    assert dossier.code in html
    assert "17:00 02/03/2026" in html


def test_my_dossiers_query_count_is_pinned(client, demo, submit, django_assert_max_num_queries):
    for day in range(2, 7):
        submit(at=vn(2026, 3, day, 8, 0))
    client.force_login(demo.congdan)
    with django_assert_max_num_queries(6):
        client.get(reverse("portal:my-dossiers"))


def test_browser_language_alone_does_not_switch_to_english(client, demo):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in html


def test_login_page_shows_the_product_name_not_the_host(client, demo):
    html = client.get(reverse("accounts:login")).content.decode()
    assert "Đăng nhập · MộtCửa" in html
