"""Official forms: rebuilt from events, rendered to PDF, downloadable only by those who see the dossier."""

import subprocess
from datetime import timedelta

import pytest

from conftest import vn
from motcua.core.errors import NotAllowed
from motcua.dossiers import services
from motcua.dossiers.official_forms import available_forms, form_context, render_form_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def received(demo, submit):
    return services.receive_dossier(
        dossier=submit(at=vn(2026, 3, 2, 8)), actor=demo.tiepnhan, at=vn(2026, 3, 2, 9)
    )


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_receipt_shows_code_applicant_and_due_date(received, tmp_path):
    pdf = render_form_pdf(received, "receipt")
    assert pdf.startswith(b"%PDF")
    context = form_context(received, "receipt")
    assert context["due_at"] == vn(2026, 3, 2, 17, 0)
    assert "<svg" in context["qr"]
    # read back independently with poppler (installed by `make test`)
    text = _pdf_text(pdf, tmp_path)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert received.code in text
    assert "Nguyễn Văn An" in text
    assert "17:00 02/03/2026" in text


def test_control_sheet_lists_each_hand_over_with_its_timeliness(demo, received):
    d = services.complete_step(dossier=received, actor=demo.chuyenvien, at=vn(2026, 3, 2, 10))
    d = services.complete_step(dossier=d, actor=demo.lanhdao, at=vn(2026, 3, 4, 10))
    rows = form_context(d, "control-sheet")["step_rows"]
    assert [r["step"] for r in rows] == ["Thẩm định, tra cứu sổ hộ tịch", "Phê duyệt, ký bản sao trích lục"]
    assert [r["result"] for r in rows] == ["Đúng hạn", "Quá hạn"]
    assert render_form_pdf(d, "control-sheet").startswith(b"%PDF")


def test_refusal_and_extension_forms_follow_their_events(demo, submit):
    refused = services.refuse_dossier(
        dossier=submit(at=vn(2026, 3, 2, 8)),
        actor=demo.tiepnhan,
        at=vn(2026, 3, 2, 9),
        reason="Tờ khai thiếu chữ ký",
    )
    assert [slug for slug, _ in available_forms(refused)] == ["refusal"]
    assert form_context(refused, "refusal")["event"].note == "Tờ khai thiếu chữ ký"
    with pytest.raises(NotAllowed):
        form_context(refused, "receipt")


def test_form_endpoint_serves_pdf_to_the_applicant_and_staff_only(client, demo, received):
    url = f"/api/v1/dossiers/{received.code}/forms/receipt.pdf"
    assert client.get(url).status_code == 404  # anonymous
    client.force_login(demo.congdan2)
    assert client.get(url).status_code == 404  # another citizen
    client.force_login(demo.congdan)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    client.force_login(demo.tiepnhan)
    assert client.get(url).status_code == 200
    assert client.get(f"/api/v1/dossiers/{received.code}/forms/refusal.pdf").status_code == 404
    assert client.get(f"/api/v1/dossiers/{received.code}/forms/khong-co.pdf").status_code == 404


def test_extension_form_has_the_old_and_new_dates(demo, submit):
    demo.version.time_limit, demo.version.time_unit = 3, "working_days"
    demo.version.save(update_fields=["time_limit", "time_unit"])
    d = services.receive_dossier(
        dossier=submit(at=vn(2026, 3, 2, 8)), actor=demo.tiepnhan, at=vn(2026, 3, 2, 9)
    )
    original_due = d.due_at
    d = services.extend_due_date(
        dossier=d,
        actor=demo.lanhdao,
        at=vn(2026, 3, 2, 10),
        new_due_at=original_due + timedelta(days=2),
        reason="Cần xác minh",
    )
    context = form_context(d, "extension")
    assert context["before"] == original_due
    assert context["after"] == original_due + timedelta(days=2)
    assert context["event"].note == "Cần xác minh"
