"""The public verification page /xac-thuc/ and the QR address /xac-thuc/<code>/ (views called directly)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

import pytest

from motcua.documents import services
from motcua.documents.tests.pki import PASSWORD, TestPKI
from motcua.documents.tests.test_results import draft, signed_bytes
from motcua.portal import verify_views

pytestmark = pytest.mark.django_db

NOW = datetime.now(UTC)


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return TestPKI.create(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def trusted(settings, pki):
    return pki.trust(settings)


@pytest.fixture
def justice(demo):
    return demo.lanhdao.positions.get(role="leader").agency


@pytest.fixture
def agency_key(trusted, demo, justice):
    return trusted.register_agency_key(agency=justice, actor=demo.quantri)


@pytest.fixture
def issued(demo, agency_key):
    result = services.sign_result(key=agency_key, pin=PASSWORD, actor=demo.lanhdao, draft=draft(), at=NOW)
    return result, signed_bytes(result)


def upload(content: bytes, name: str = "ket-qua.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _request(method: str, path: str, **kwargs):
    factory = RequestFactory()
    request = getattr(factory, method)(path, **kwargs)
    request.user = AnonymousUser()
    return request


def test_public_page_checks_an_uploaded_file(issued):
    _result, content = issued
    request = _request("post", "/xac-thuc/", data={"file": upload(content)})
    response = verify_views.verify_upload(request)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="valid"' in html
    assert "Chữ ký số hợp lệ, nguyên vẹn và được tin cậy." in html


def test_public_page_without_a_file_asks_for_one(trusted):
    response = verify_views.verify_upload(_request("post", "/xac-thuc/", data={}))
    assert response.status_code == 422
    assert "Vui lòng chọn tệp PDF cần xác thực." in response.content.decode()


def test_qr_address_shows_the_result_and_checks_a_file_against_its_code(issued, demo, agency_key):
    result, _content = issued
    other = services.sign_result(
        key=agency_key, pin=PASSWORD, actor=demo.lanhdao, draft=draft(holder_id="040011112222"), at=NOW
    )
    # GET: the registered result, holder name masked
    response = verify_views.verify_code(
        _request("get", f"/xac-thuc/{result.document_code}/"), result.document_code
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert result.sha256 in html
    assert "N. V. An" in html
    assert "Nguyễn Văn An" not in html
    # POST another valid result's file under this code: not the registered file
    request = _request(
        "post", f"/xac-thuc/{result.document_code}/", data={"file": upload(signed_bytes(other))}
    )
    html = verify_views.verify_code(request, result.document_code).content.decode()
    assert 'data-status="unregistered"' in html
    assert f"Tệp này không phải là tệp đã đăng ký cho mã số giấy tờ {result.document_code}." in html


def test_qr_address_of_an_unknown_code_is_404(trusted):
    response = verify_views.verify_code(_request("get", "/xac-thuc/0400-X/"), "0400-X")
    assert response.status_code == 404
