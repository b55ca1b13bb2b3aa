"""The administrator's catalog pages and process editor: readable steps, a diagram, clear refusals."""

import io
from datetime import date

from django.urls import reverse

import pytest

from motcua.catalog.bpmn import export_bpmn
from motcua.catalog.models import Decision, Procedure, ProcessApproval
from motcua.catalog.services import record_decision
from motcua.catalog.specs import graph_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("motcua.workspace.catalog.tests.urls")]


@pytest.fixture
def version(demo):
    return Procedure.objects.get(code="1.004873").versions.get()


def _post_rows(version, changes=None, action="check"):
    from motcua.workspace.catalog.forms import initial_rows

    rows = initial_rows(graph_of(version))
    for i, change in (changes or {}).items():
        rows[i].update(change)
    data = {
        "buoc-TOTAL_FORMS": str(len(rows)),
        "buoc-INITIAL_FORMS": str(len(rows)),
        "buoc-MIN_NUM_FORMS": "0",
        "buoc-MAX_NUM_FORMS": "40",
        "action": action,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            if key in ("consult", "transfer"):
                if value:
                    data[f"buoc-{i}-{key}"] = value
            elif key == "supplement":
                if value:
                    data[f"buoc-{i}-{key}"] = "on"
            else:
                data[f"buoc-{i}-{key}"] = str(value)
    return data


def test_only_catalog_administrators_see_the_pages(client, demo, version):
    client.force_login(demo.chuyenvien)
    assert client.get(reverse("workspace:catalog:index")).status_code == 404
    assert client.get(reverse("workspace:catalog:process", args=[version.pk])).status_code == 404
    client.force_login(demo.congdan)
    assert client.get(reverse("workspace:catalog:index")).status_code == 302


def test_the_index_shows_figures_and_the_time_cut_sentence(client, demo):
    client.force_login(demo.quantri)
    html = client.get(
        reverse("workspace:catalog:index"), {"tu": "2025-01-01", "den": "2025-12-31"}
    ).content.decode()
    assert "1 đơn vị cắt giảm thời gian giải quyết 1 thủ tục, tổng cộng 2 ngày." in html
    assert "Trung tâm Phục vụ hành chính công tỉnh Nghệ An" in html
    assert "Chưa kiểm chứng" in html


def test_the_editor_shows_steps_and_an_accessible_diagram(client, demo, version):
    client.force_login(demo.quantri)
    html = client.get(reverse("workspace:catalog:process", args=[version.pk])).content.decode()
    assert 'role="img"' in html
    assert "<svg" in html
    assert "Tiếp nhận" in html
    assert "24 giờ làm việc" in html
    assert "được phê duyệt theo Quyết định 04/QĐ-UBND (minh họa)" in html


def test_steps_over_the_limit_are_refused_with_the_reason_and_nothing_saved(client, demo, version):
    client.force_login(demo.quantri)
    response = client.post(
        reverse("workspace:catalog:process", args=[version.pk]),
        _post_rows(version, {1: {"allotted_hours": "40"}}, action="save"),
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "vượt thời hạn giải quyết theo quy định là 24 giờ làm việc" in html
    version.process.refresh_from_db()
    assert version.process.draft is None


def test_a_bad_number_is_shown_beside_its_field(client, demo, version):
    client.force_login(demo.quantri)
    response = client.post(
        reverse("workspace:catalog:process", args=[version.pk]),
        _post_rows(version, {1: {"allotted_hours": "-2"}}),
    )
    assert response.status_code == 422
    assert "is-invalid" in response.content.decode()


def test_save_a_draft_then_approve_it_with_a_new_decision(client, demo, version):
    client.force_login(demo.quantri)
    rows = _post_rows(version, {1: {"allotted_hours": "4", "back": "", "supplement": True}}, action="save")
    response = client.post(reverse("workspace:catalog:process", args=[version.pk]), rows)
    assert response.status_code == 302
    version.process.refresh_from_db()
    assert version.process.draft is not None
    response = client.post(
        reverse("workspace:catalog:approve", args=[version.pk]),
        {"qd-number": "77/QĐ-UBND", "qd-issued_on": "2026-03-01", "qd-effective_from": "2026-03-05"},
    )
    assert response.status_code == 302
    version.process.refresh_from_db()
    assert version.process.approval.number == "77/QĐ-UBND"
    assert version.process.draft is None
    assert ProcessApproval.objects.filter(process=version.process, decision__number="77/QĐ-UBND").exists()


def test_approval_needs_a_decision(client, demo, version):
    client.force_login(demo.quantri)
    client.post(reverse("workspace:catalog:process", args=[version.pk]), _post_rows(version, action="save"))
    response = client.post(reverse("workspace:catalog:approve", args=[version.pk]), {})
    assert response.status_code == 422
    assert "Chọn quyết định phê duyệt đã có hoặc nhập số quyết định mới." in response.content.decode()


def test_approving_with_a_publication_decision_is_refused(client, demo, version):
    client.force_login(demo.quantri)
    client.post(reverse("workspace:catalog:process", args=[version.pk]), _post_rows(version, action="save"))
    record_decision(
        number="88/QĐ-UBND",
        issued_on=date(2026, 3, 1),
        effective_from=date(2026, 3, 1),
        kind=Decision.Kind.PUBLICATION,
        actor=None,
    )
    response = client.post(
        reverse("workspace:catalog:approve", args=[version.pk]),
        {"qd-number": "88/QĐ-UBND", "qd-issued_on": "2026-03-01", "qd-effective_from": "2026-03-01"},
    )
    assert response.status_code == 422
    version.process.refresh_from_db()
    assert version.process.draft is not None


def test_bpmn_download_and_upload_make_a_draft(client, demo, version):
    client.force_login(demo.quantri)
    response = client.get(reverse("workspace:catalog:bpmn", args=[version.pk]))
    assert response.status_code == 200
    upload = io.BytesIO(export_bpmn(graph_of(version), process_id="x", name="x"))
    upload.name = "quy-trinh.bpmn"
    response = client.post(reverse("workspace:catalog:bpmn-upload", args=[version.pk]), {"bpmn-file": upload})
    assert response.status_code == 302
    version.process.refresh_from_db()
    assert version.process.draft is not None


def test_unsafe_bpmn_is_refused_and_nothing_saved(client, demo, version):
    client.force_login(demo.quantri)
    upload = io.BytesIO(
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    )
    upload.name = "evil.bpmn"
    response = client.post(reverse("workspace:catalog:bpmn-upload", args=[version.pk]), {"bpmn-file": upload})
    assert response.status_code == 422
    assert "DOCTYPE" in response.content.decode()
    version.process.refresh_from_db()
    assert version.process.draft is None


def test_excel_export_downloads(client, demo):
    client.force_login(demo.quantri)
    response = client.get(reverse("workspace:catalog:excel"))
    assert response.status_code == 200
    assert response.content[:2] == b"PK"
