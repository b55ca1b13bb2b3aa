"""Catalog administrators attach the published form files of a version's papers; citizens download them."""

import io
import zipfile

from django.urls import reverse

import pytest

from conftest import MINIMAL_PDF
from motcua.catalog.models import Procedure, RequiredPaper

pytestmark = [pytest.mark.django_db, pytest.mark.urls("motcua.workspace.catalog.tests.urls")]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def paper(demo):
    version = Procedure.objects.get(code="1.004873").versions.get()
    return version.papers.order_by("order").first()


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _upload(client, paper, name: str, content: bytes):
    url = reverse("workspace:catalog:templates", args=[paper.version_id])
    return client.post(url, {"paper": paper.pk, "file": _named(name, content)})


def _named(name: str, content: bytes):
    f = io.BytesIO(content)
    f.name = name
    return f


@pytest.mark.parametrize(("name", "content"), [("mau-01.pdf", MINIMAL_PDF), ("mau-01.docx", _docx())])
def test_an_administrator_attaches_a_form_and_the_procedure_page_offers_it(
    client, demo, paper, name, content
):
    client.force_login(demo.quantri)
    response = _upload(client, paper, name, content)
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.template_file.name.endswith("." + name.rsplit(".", 1)[1])
    assert paper.template_file.read() == content
    page = client.get(reverse("portal:procedure", args=[paper.version.procedure.code])).content.decode()
    assert paper.template_file.url in page


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("mau.pdf", b"MZ\x90\x00 not a pdf"),  # an executable renamed
        ("mau.docx", MINIMAL_PDF),  # the name disagrees with the content
        ("mau.docx", b"PK\x03\x04 broken zip"),
        ("mau.pdf", b""),
    ],
)
def test_a_file_that_is_not_a_form_is_refused_and_nothing_changes(client, demo, paper, name, content):
    client.force_login(demo.quantri)
    response = _upload(client, paper, name, content)
    assert response.status_code == 422
    assert "Tệp mẫu" in response.content.decode()
    assert not RequiredPaper.objects.get(pk=paper.pk).template_file


def test_only_catalog_administrators_reach_the_page(client, demo, paper):
    client.force_login(demo.chuyenvien)
    assert _upload(client, paper, "mau.pdf", MINIMAL_PDF).status_code == 404
    assert not RequiredPaper.objects.get(pk=paper.pk).template_file
    client.force_login(demo.quantri)
    page = client.get(reverse("workspace:catalog:templates", args=[paper.version_id])).content.decode()
    assert paper.name in page
