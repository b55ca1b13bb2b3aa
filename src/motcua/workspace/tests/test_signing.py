"""Signing results from the workspace: the dossier page's form, batch signing, and the citizen's page."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from motcua.documents.models import DataAccess, DataStoreItem, ElectronicResult, StoredFile
from motcua.documents.tests.conftest import pdfsig
from motcua.documents.tests.pki import PASSWORD, TestPKI
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import complete_step, receive_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def pki(tmp_path_factory) -> TestPKI:
    return TestPKI.create(tmp_path_factory.mktemp("workspace-pki"))


@pytest.fixture
def leader_key(settings, pki, demo):
    pki.trust(settings)
    justice = demo.lanhdao.positions.get(role="leader").agency
    return pki.register_agency_key(agency=justice, actor=demo.quantri, holder=demo.lanhdao)


@pytest.fixture
def at_approval(demo, submit):
    def _make(citizen=None) -> Dossier:
        now = timezone.now()
        dossier = submit(at=now - timedelta(minutes=30), citizen=citizen)
        dossier = receive_dossier(dossier=dossier, actor=demo.tiepnhan, at=now - timedelta(minutes=20))
        return complete_step(dossier=dossier, actor=demo.chuyenvien, at=now - timedelta(minutes=10))

    return _make


def _state(dossier: Dossier) -> tuple[object, ...]:
    dossier.refresh_from_db()
    return (
        dossier.status,
        dossier.current_step_id,
        dossier.version,
        DossierEvent.objects.filter(dossier=dossier).count(),
        ElectronicResult.objects.count(),
        StoredFile.objects.count(),
        DataStoreItem.objects.count(),
    )


def _page(client, dossier: Dossier) -> str:
    content: bytes = client.get(reverse("workspace:dossier", args=[dossier.code])).content
    return content.decode()


def _sign(client, dossier: Dossier, pin: str = PASSWORD):
    return client.post(
        reverse("workspace:sign", args=[dossier.code]),
        {"pin": pin, "version": dossier.version, "note": "Đồng ý"},
        follow=True,
    )


def test_the_signing_form_is_shown_only_to_the_leader_at_the_signing_step(client, demo, at_approval, submit):
    dossier = at_approval()
    client.force_login(demo.lanhdao)
    page = _page(client, dossier)
    assert "Ký số và ban hành kết quả" in page
    assert 'name="pin"' in page
    for officer in (demo.chuyenvien, demo.vanthu, demo.truongphong):
        client.force_login(officer)
        assert 'data-testid="sign-form"' not in _page(client, dossier)
    # at the appraisal step the leader sees no signing form yet
    now = timezone.now()
    early = receive_dossier(dossier=submit(at=now, citizen=demo.congdan2), actor=demo.tiepnhan, at=now)
    client.force_login(demo.lanhdao)
    assert 'data-testid="sign-form"' not in _page(client, early)


def test_leader_signs_from_the_dossier_page_and_finds_the_result_there(
    client, demo, at_approval, leader_key, tmp_path
):
    dossier = at_approval()
    client.force_login(demo.lanhdao)
    response = _sign(client, dossier)
    page = response.content.decode()
    result = ElectronicResult.objects.get(source_reference=dossier.code)
    assert f"Đã ký số và ban hành kết quả, mã số giấy tờ {result.document_code}" in page
    assert "Đóng dấu, vào sổ, ban hành" in page  # the step the dossier moved to
    assert 'data-testid="sign-form"' not in page  # signed once
    download = reverse("workspace:result-file", args=[dossier.code, result.document_code])
    assert download in page
    assert reverse("portal:verify-code", args=[result.document_code]) in page
    dossier.refresh_from_db()
    assert dossier.current_step.kind == "issue"
    # the downloaded file is the registered one and poppler accepts its signature
    response = client.get(download)
    content = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/pdf"
    assert content.startswith(b"%PDF")
    path = tmp_path / "kq.pdf"
    path.write_bytes(content)
    assert "Signature is Valid." in pdfsig(path)
    # the holder will see that the leader opened their result
    access = DataAccess.objects.get(item__result=result)
    assert access.accessed_by == demo.lanhdao
    assert access.dossier_code == dossier.code


def test_wrong_pin_shows_a_vietnamese_error_and_changes_nothing(client, demo, at_approval, leader_key):
    dossier = at_approval()
    before = _state(dossier)
    client.force_login(demo.lanhdao)
    page = _sign(client, dossier, pin="000000").content.decode()
    assert "Sai mật khẩu của tệp khóa ký (PKCS#12)." in page
    assert _state(dossier) == before
    assert 'data-testid="sign-form"' in page  # the leader can try again


def test_signing_without_a_key_says_so_and_changes_nothing(client, demo, at_approval, settings, pki):
    pki.trust(settings)
    dossier = at_approval()
    before = _state(dossier)
    client.force_login(demo.lanhdao)
    page = _sign(client, dossier).content.decode()
    assert "Cơ quan chưa có khóa ký số cho người ký này." in page
    assert _state(dossier) == before


def test_a_specialist_cannot_sign_by_posting_the_form(client, demo, at_approval, leader_key):
    dossier = at_approval()
    before = _state(dossier)
    client.force_login(demo.chuyenvien)
    page = _sign(client, dossier).content.decode()
    assert "Bạn không có quyền ký kết quả của hồ sơ này." in page
    assert _state(dossier) == before


def test_result_files_are_not_served_outside_the_dossiers_agencies(
    client, demo, at_approval, leader_key, django_user_model
):
    from motcua.organisations.models import Agency, Position

    dossier = at_approval()
    client.force_login(demo.lanhdao)
    _sign(client, dossier)
    result = ElectronicResult.objects.get(source_reference=dossier.code)
    other = django_user_model.objects.create(username="lanhdao_yte", kind="staff")
    Position.objects.create(user=other, role="leader", agency=Agency.objects.get(short_name="Sở Y tế"))
    client.force_login(other)
    url = reverse("workspace:result-file", args=[dossier.code, result.document_code])
    assert client.get(url).status_code == 404
    client.force_login(demo.lanhdao)
    assert (
        client.get(reverse("workspace:result-file", args=[dossier.code, "040095001234-X"])).status_code == 404
    )


def test_batch_page_lists_the_leaders_waiting_dossiers_in_a_pinned_number_of_queries(
    client, demo, at_approval, leader_key, submit, django_assert_num_queries
):
    waiting = [at_approval(demo.congdan), at_approval(demo.congdan2), at_approval(demo.congdan)]
    now = timezone.now()
    appraising = receive_dossier(dossier=submit(at=now, citizen=demo.congdan2), actor=demo.tiepnhan, at=now)
    client.force_login(demo.lanhdao)
    client.get(reverse("workspace:home"))  # warm the session and the user's positions
    # session, user, positions, the waiting dossiers (one query) and the signing key
    with django_assert_num_queries(5):
        response = client.get(reverse("workspace:signing-batch"))
    page = response.content.decode()
    for dossier in waiting:
        assert f'value="{dossier.pk}"' in page
    assert appraising.code not in page
    assert "Chọn tất cả" in page
    assert "Chữ ký số cá nhân" in page or leader_key.label in page
    # other people's pages: nothing to sign, or another agency's dossiers only
    for officer in (demo.chuyenvien, demo.vanthu, demo.lanhdao_xa):
        client.force_login(officer)
        page = client.get(reverse("workspace:signing-batch")).content.decode()
        assert "Không có hồ sơ nào đang chờ bạn ký kết quả." in page
        assert waiting[0].code not in page


def test_batch_signs_the_selected_dossiers_with_one_pin(client, demo, at_approval, leader_key):
    first, second, left = at_approval(demo.congdan), at_approval(demo.congdan2), at_approval(demo.congdan)
    client.force_login(demo.lanhdao)
    response = client.post(
        reverse("workspace:signing-batch"),
        {
            "ho_so": [first.pk, second.pk],
            f"v-{first.pk}": first.version,
            f"v-{second.pk}": second.version,
            "pin": PASSWORD,
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Đã ký số và ban hành 2 kết quả" in page
    assert set(ElectronicResult.objects.values_list("source_reference", flat=True)) == {
        first.code,
        second.code,
    }
    for dossier in (first, second):
        dossier.refresh_from_db()
        assert dossier.current_step.kind == "issue"
    # the one not selected still waits, and is the only one left on the page
    assert f'value="{left.pk}"' in page
    assert f'value="{first.pk}"' not in page


def test_batch_with_a_wrong_pin_keeps_the_selection_and_changes_nothing(
    client, demo, at_approval, leader_key
):
    first, second = at_approval(demo.congdan), at_approval(demo.congdan2)
    before = (_state(first), _state(second))
    client.force_login(demo.lanhdao)
    response = client.post(
        reverse("workspace:signing-batch"), {"ho_so": [first.pk, second.pk], "pin": "000000"}
    )
    page = response.content.decode()
    assert "Sai mật khẩu của tệp khóa ký (PKCS#12)." in page
    assert f'value="{first.pk}" id="ho-so-{first.pk}" checked' in page
    assert (_state(first), _state(second)) == before


def test_batch_with_a_stale_dossier_names_it_and_changes_nothing(client, demo, at_approval, leader_key):
    first, second = at_approval(demo.congdan), at_approval(demo.congdan2)
    before_first = _state(first)
    client.force_login(demo.lanhdao)
    page = client.post(
        reverse("workspace:signing-batch"),
        {"ho_so": [first.pk, second.pk], f"v-{second.pk}": second.version - 1, "pin": PASSWORD},
    ).content.decode()
    assert f"Hồ sơ {second.code}: " in page
    assert "vừa được người khác cập nhật" in page
    assert _state(first) == before_first
    assert not ElectronicResult.objects.exists()


def test_batch_cannot_reach_a_dossier_of_another_agency(client, demo, at_approval, leader_key):
    dossier = at_approval()
    client.force_login(demo.lanhdao_xa)
    page = client.post(
        reverse("workspace:signing-batch"), {"ho_so": [dossier.pk], "pin": PASSWORD}
    ).content.decode()
    assert "Không tìm thấy một số hồ sơ đã chọn" in page
    assert not ElectronicResult.objects.exists()


def test_batch_without_a_selection_asks_for_one(client, demo, at_approval, leader_key):
    at_approval()
    client.force_login(demo.lanhdao)
    page = client.post(reverse("workspace:signing-batch"), {"pin": PASSWORD}).content.decode()
    assert "Chưa chọn hồ sơ nào để ký." in page


def test_the_citizen_gets_the_issued_result_and_its_verification_link(client, demo, at_approval, leader_key):
    dossier = at_approval()
    client.force_login(demo.lanhdao)
    _sign(client, dossier)
    result = ElectronicResult.objects.get(source_reference=dossier.code)
    page_url = reverse("portal:my-dossier", args=[dossier.code])
    # signed, not yet issued by the clerk: the citizen does not see it yet
    client.force_login(demo.congdan)
    assert 'data-testid="results"' not in client.get(page_url).content.decode()
    assert client.get(page_url, {"tai-ket-qua": result.document_code}).status_code == 404
    dossier.refresh_from_db()
    complete_step(dossier=dossier, actor=demo.vanthu, at=timezone.now())
    page = client.get(page_url).content.decode()
    assert result.document_code in page
    assert f"?tai-ket-qua={result.document_code}" in page
    assert reverse("portal:verify-code", args=[result.document_code]) in page
    response = client.get(page_url, {"tai-ket-qua": result.document_code})
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    # another citizen cannot reach the dossier nor its file
    client.force_login(demo.congdan2)
    assert client.get(page_url, {"tai-ket-qua": result.document_code}).status_code == 404
    # and the public verification page says the registered result is valid
    client.logout()
    verify = client.get(reverse("portal:verify-code", args=[result.document_code]))
    assert verify.status_code == 200
    assert result.title in verify.content.decode()
