"""The personal data store page and its access log: who else opened a person's papers, seen by them only."""

from __future__ import annotations

import io
from datetime import date

import pytest

from conftest import MINIMAL_PDF, pdf_upload, vn
from motcua.documents import services
from motcua.documents.models import DataAccess
from motcua.documents.uploads import check_upload

pytestmark = pytest.mark.django_db

STORE_URL = "/kho-du-lieu/"


def _stored_paper(*, demo, holder, upload=None, title="Giấy khai sinh"):
    paper = services.digitise_paper(
        upload=upload or pdf_upload("giay-khai-sinh.pdf"),
        title=title,
        holder_name=holder.full_name,
        holder_id=holder.personal_id,
        actor=demo.tiepnhan,
        at=vn(2026, 3, 2, 9),
        document_type_code="GKS",
        summary="Bản chính giấy khai sinh",
        valid_until=date(2099, 12, 31),
    )
    return services.add_to_data_store(holder_id=holder.personal_id, paper=paper, at=vn(2026, 3, 2, 9))


def _other_pdf():
    return check_upload(name="khac.pdf", stream=io.BytesIO(MINIMAL_PDF.replace(b"%%EOF", b"% khac\n%%EOF")))


def test_staff_opening_a_stored_paper_in_a_dossier_is_logged_and_shown_to_the_owner(demo, submit, client):
    # given: congdan's birth certificate is in their data store and the same paper is in their dossier
    item = _stored_paper(demo=demo, holder=demo.congdan)
    dossier = submit(at=vn(2026, 3, 2, 10))
    component = dossier.components.exclude(file=None).first()
    # when: the desk officer opens the paper from the dossier in the workspace
    client.force_login(demo.tiepnhan)
    response = client.get(f"/can-bo/ho-so/{dossier.code}/giay-to/{component.pk}/")
    assert response.status_code == 200
    # then: one entry names who, where, why and the dossier
    access = DataAccess.objects.get(item=item)
    assert access.accessed_by == demo.tiepnhan
    assert access.accessor_name == str(demo.tiepnhan)
    assert access.place_name  # the officer's agency or service centre
    assert access.purpose == DataAccess.Purpose.DOSSIER
    assert access.dossier_code == dossier.code
    # and the owner sees it on their page
    client.force_login(demo.congdan)
    page = client.get(STORE_URL).content.decode()
    assert "Ai đã truy cập" in page
    assert str(demo.tiepnhan) in page
    assert access.place_name in page
    assert dossier.code in page


def test_another_citizen_sees_nothing_and_gets_404_for_the_file(demo, client):
    item = _stored_paper(demo=demo, holder=demo.congdan, title="Giấy khai sinh của An")
    client.force_login(demo.congdan2)
    page = client.get(STORE_URL)
    assert page.status_code == 200
    assert "Giấy khai sinh của An" not in page.content.decode()
    assert client.get(f"{STORE_URL}{item.pk}/tep/").status_code == 404
    assert client.get(f"{STORE_URL}{item.pk}/tep/?tai-ve=1").status_code == 404
    assert not DataAccess.objects.exists()


def test_staff_cannot_download_from_the_data_store_page(demo, client):
    item = _stored_paper(demo=demo, holder=demo.congdan)
    client.force_login(demo.tiepnhan)
    assert client.get(f"{STORE_URL}{item.pk}/tep/").status_code == 404


def test_visitor_is_sent_to_sign_in(demo, client):
    item = _stored_paper(demo=demo, holder=demo.congdan)
    assert client.get(STORE_URL).status_code == 302
    assert client.get(f"{STORE_URL}{item.pk}/tep/").status_code == 302


def test_owner_views_and_downloads_own_item_without_logging_themselves(demo, client):
    item = _stored_paper(demo=demo, holder=demo.congdan)
    client.force_login(demo.congdan)
    page = client.get(STORE_URL).content.decode()
    for text in ["Giấy khai sinh", "Bản chính giấy khai sinh", "GKS", "31/12/2099", "Giấy tờ số hóa"]:
        assert text in page
    assert "Chưa có ai khác mở giấy tờ này." in page
    inline = client.get(f"{STORE_URL}{item.pk}/tep/")
    assert inline.status_code == 200
    assert inline["Content-Type"] == "application/pdf"
    assert b"".join(inline.streaming_content) == MINIMAL_PDF
    assert not inline["Content-Disposition"].startswith("attachment")
    download = client.get(f"{STORE_URL}{item.pk}/tep/?tai-ve=1")
    assert download["Content-Disposition"].startswith("attachment")
    assert not DataAccess.objects.exists()


def test_the_holder_opening_their_own_item_anywhere_is_not_logged(demo):
    item = _stored_paper(demo=demo, holder=demo.congdan)
    stored = (item.paper or item.result).file
    rows = services.record_data_access(
        stored_file=stored,
        holder_id=demo.congdan.personal_id,
        actor=demo.congdan,
        purpose=DataAccess.Purpose.DOWNLOAD,
        at=vn(2026, 3, 2, 11),
    )
    assert rows == []
    assert not DataAccess.objects.exists()


def test_only_the_dossier_holders_items_are_logged(demo, submit, client):
    # given: both citizens hold a paper with the same content; congdan2 also holds a different one
    mine = _stored_paper(demo=demo, holder=demo.congdan)
    theirs = _stored_paper(demo=demo, holder=demo.congdan2)
    _stored_paper(demo=demo, holder=demo.congdan, upload=_other_pdf(), title="Sổ hộ khẩu")
    dossier = submit(at=vn(2026, 3, 2, 10))
    component = dossier.components.exclude(file=None).first()
    # when
    client.force_login(demo.chuyenvien)
    client.get(f"/can-bo/ho-so/{dossier.code}/giay-to/{component.pk}/")
    # then: congdan's matching item only
    assert list(DataAccess.objects.values_list("item_id", flat=True)) == [mine.pk]
    assert not DataAccess.objects.filter(item=theirs).exists()
    client.force_login(demo.congdan2)
    assert str(demo.chuyenvien) not in client.get(STORE_URL).content.decode()


def test_reuse_by_an_officer_is_logged_but_reuse_by_the_owner_is_not(demo, client):
    item = _stored_paper(demo=demo, holder=demo.congdan)
    services.record_reuse(
        item=item, dossier_code="000.00.12.H41-260302-0009", actor=demo.congdan, at=vn(2026, 3, 2, 10)
    )
    services.record_reuse(
        item=item, dossier_code="000.00.12.H41-260302-0010", actor=demo.tiepnhan, at=vn(2026, 3, 2, 11)
    )
    access = DataAccess.objects.get(item=item)
    assert access.purpose == DataAccess.Purpose.REUSE
    assert access.dossier_code == "000.00.12.H41-260302-0010"
    client.force_login(demo.congdan)
    page = client.get(STORE_URL).content.decode()
    assert "Sử dụng lại trong hồ sơ" in page
    assert "000.00.12.H41-260302-0009" in page  # both reuses are listed
    assert "000.00.12.H41-260302-0010" in page


def test_page_reads_are_bounded_whatever_the_number_of_items(demo, client, django_assert_max_num_queries):
    for n in range(5):
        item = _stored_paper(demo=demo, holder=demo.congdan, title=f"Giấy tờ {n}")
        services.record_reuse(item=item, dossier_code=f"HS-{n}", actor=demo.tiepnhan, at=vn(2026, 3, 2, 11))
    client.force_login(demo.congdan)
    with django_assert_max_num_queries(8):
        response = client.get(STORE_URL)
    assert response.content.decode().count("Sử dụng lại trong hồ sơ") == 5
