"""POST /api/v1/verify and GET /api/v1/verify/{code}, on the router (ninja test client)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from ninja.testing import TestClient

from motcua.api.verify import router
from motcua.documents import services
from motcua.documents.tests.conftest import one_page_pdf
from motcua.documents.tests.pki import PASSWORD, TestPKI
from motcua.documents.tests.test_results import draft, signed_bytes

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
def api() -> TestClient:
    return TestClient(router)


@pytest.fixture
def issued(demo, agency_key):
    result = services.sign_result(key=agency_key, pin=PASSWORD, actor=demo.lanhdao, draft=draft(), at=NOW)
    return result, signed_bytes(result)


def upload(content: bytes, name: str = "ket-qua.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_api_verifies_an_uploaded_result(api, issued, justice):
    result, content = issued
    response = api.post("", FILES={"file": upload(content)})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "valid"
    assert body["valid"] is True
    assert body["matches_registered"] is True
    assert body["document_code"] == result.document_code
    (sig,) = body["signatures"]
    assert sig["signer"] == justice.name
    assert sig["trusted"] is True
    assert sig["intact"] is True
    assert body["registered"]["holder_name_masked"] == "N. V. An"


def test_api_reports_a_tampered_upload(api, issued):
    _result, content = issued
    at = content.index(b"stream") + 20
    tampered = content[:at] + bytes([content[at] ^ 0x01]) + content[at + 1 :]
    body = api.post("", FILES={"file": upload(tampered)}).json()
    assert body["status"] == "tampered"
    assert body["valid"] is False


def test_api_refuses_a_non_pdf_with_a_vietnamese_message(api, trusted):
    response = api.post("", FILES={"file": upload(b"hello", name="a.pdf")})
    assert response.status_code == 422
    assert response.json() == {"code": "pdf_invalid", "message": "Tệp không phải là tài liệu PDF."}


def test_api_unsigned_pdf(api, trusted):
    body = api.post("", FILES={"file": upload(one_page_pdf())}).json()
    assert body["status"] == "unsigned"
    assert body["signatures"] == []


def test_api_code_lookup_shows_the_registered_result_masked(api, issued, justice):
    result, _content = issued
    response = api.get(f"/{result.document_code}")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Bản sao trích lục khai sinh"
    assert body["agency"] == justice.name
    assert body["sha256"] == result.sha256
    assert body["holder_name_masked"] == "N. V. An"
    assert "Nguyễn Văn An" not in response.content.decode()


def test_api_unknown_code_is_404(api, trusted):
    response = api.get("/040000000000-KQ.9")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_api_lookups_are_rate_limited(api, issued, settings):
    from django.core.cache import cache

    cache.clear()
    settings.MOTCUA_LOOKUP_RATE_PER_MINUTE = 2
    result, _content = issued
    codes = [api.get(f"/{result.document_code}").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    cache.clear()
