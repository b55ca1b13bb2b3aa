"""Digitisation: scans become a signed PDF with the Art 19(2) metadata; reuse is recorded."""

from __future__ import annotations

import io
import subprocess
from datetime import UTC, date, datetime

import pytest
from PIL import Image, ImageDraw, ImageFont

from motcua.core.errors import InvalidInput, NotAllowed
from motcua.documents import services, verification
from motcua.documents.models import DataStoreItem, DigitisedPaper, ReuseRecord
from motcua.documents.signing.digitise import ocr_available
from motcua.documents.signing.metadata import read_fields
from motcua.documents.signing.pades import open_pdf
from motcua.documents.signing.stamp import tinos_ttf
from motcua.documents.tests.conftest import pdfsig
from motcua.documents.tests.pki import PASSWORD
from motcua.documents.tests.test_results import draft
from motcua.documents.uploads import check_upload

pytestmark = pytest.mark.django_db

NOW = datetime.now(UTC)
HOLDER = "040012345678"


def scan(text: str, name: str = "trang.png", fmt: str = "PNG"):
    """A 'scanned' A5 page at 200 dpi with Vietnamese text on it."""
    image = Image.new("L", (1169, 1654), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(io.BytesIO(tinos_ttf()), 48)
    draw.text((100, 200), text, fill=0, font=font)
    buffer = io.BytesIO()
    image.save(buffer, fmt, dpi=(200, 200))
    buffer.seek(0)
    return check_upload(name=name, stream=buffer)


def digitise(demo, key, **overrides):
    values = {
        "scans": [scan("GIẤY KHAI SINH"), scan("Họ và tên: Nguyễn Văn An", fmt="JPEG", name="trang2.jpg")],
        "title": "Giấy khai sinh",
        "holder_name": "Nguyễn Văn An",
        "holder_id": HOLDER,
        "key": key,
        "pin": PASSWORD,
        "actor": demo.tiepnhan,
        "at": NOW,
        "document_type_code": "GKS",
        "summary": "Bản chính giấy khai sinh",
        "valid_until": date(2099, 12, 31),
        "validity_scope": "Toàn quốc",
        "ocr": False,
    }
    values.update(overrides)
    return services.digitise_and_sign(**values)


def paper_bytes(paper: DigitisedPaper):
    paper.file.file.open("rb")
    try:
        return paper.file.file.read()
    finally:
        paper.file.file.close()


def test_scans_become_one_signed_pdf_with_art_19_metadata(demo, officer_key, tmp_path, trusted):
    # when
    paper = digitise(demo, officer_key)
    # then: the row has the metadata, and so has the PDF (XMP), under the officer's signature
    assert (paper.document_type_code, paper.holder_id, paper.validity_scope) == ("GKS", HOLDER, "Toàn quốc")
    assert paper.digitised_by == demo.tiepnhan
    content = paper_bytes(paper)
    reader = open_pdf(content)
    assert int(reader.root["/Pages"]["/Count"]) == 2
    fields = read_fields(reader)
    assert fields["maLoaiGiayTo"] == "GKS"
    assert fields["soDinhDanh"] == HOLDER
    assert fields["chuGiayTo"] == "Nguyễn Văn An"
    assert fields["trichYeu"] == "Bản chính giấy khai sinh"
    assert fields["thoiHanHieuLuc"] == "2099-12-31"
    assert fields["phamViHieuLuc"] == "Toàn quốc"
    report = verification.verify_pdf(content)
    assert report.status == verification.VALID, report.messages
    assert report.signatures[0].signer == demo.tiepnhan.full_name
    assert report.registered_paper == paper
    path = tmp_path / "so-hoa.pdf"
    path.write_bytes(content)
    assert "Signature is Valid." in pdfsig(path, trust_root=trusted.root_path, tmp=tmp_path)
    assert DataStoreItem.objects.get(paper=paper).kind == DataStoreItem.Kind.DIGITISED


def test_a_scanned_pdf_is_kept_and_signed(demo, officer_key):
    from motcua.documents.tests.conftest import one_page_pdf

    upload = check_upload(name="quet.pdf", stream=io.BytesIO(one_page_pdf()))
    paper = digitise(demo, officer_key, scans=[upload])
    assert verification.verify_pdf(paper_bytes(paper)).is_valid


def test_only_the_digitising_officers_own_key_signs(demo, agency_key):
    with pytest.raises(NotAllowed) as exc:
        digitise(demo, agency_key)
    assert exc.value.code == "key_not_allowed"
    assert not DigitisedPaper.objects.exists()


def test_holder_without_number_needs_a_birth_year(demo, officer_key):
    with pytest.raises(InvalidInput) as exc:
        digitise(demo, officer_key, holder_id="")
    assert exc.value.field == "holder_birth_year"
    paper = digitise(demo, officer_key, holder_id="", holder_birth_year=1990)
    assert paper.holder_birth_year == 1990
    assert not DataStoreItem.objects.filter(paper=paper).exists()  # no number, no personal store


def test_wrong_pin_writes_nothing(demo, officer_key):
    with pytest.raises(InvalidInput) as exc:
        digitise(demo, officer_key, pin="sai")
    assert exc.value.code == "wrong_pin"
    assert not DigitisedPaper.objects.exists()


def test_mixing_a_pdf_with_images_is_refused(demo, officer_key):
    from motcua.documents.tests.conftest import one_page_pdf

    pdf = check_upload(name="quet.pdf", stream=io.BytesIO(one_page_pdf()))
    with pytest.raises(InvalidInput) as exc:
        digitise(demo, officer_key, scans=[pdf, scan("x")])
    assert exc.value.code == "mixed_scans"


@pytest.mark.skipif(
    not ocr_available(), reason="Tesseract with Vietnamese data (tesseract-ocr-vie) not installed"
)
def test_ocr_adds_searchable_vietnamese_text(demo, officer_key, tmp_path):
    paper = digitise(demo, officer_key, scans=[scan("GIẤY KHAI SINH Nguyễn Văn An")], ocr=True)
    path = tmp_path / "ocr.pdf"
    path.write_bytes(paper_bytes(paper))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "KHAI SINH" in text
    assert "Nguyễn" in text
    assert verification.verify_pdf(path.read_bytes()).is_valid


def test_reuse_of_data_store_items_is_recorded_once_per_dossier(demo, agency_key, officer_key):
    result = services.sign_result(key=agency_key, pin=PASSWORD, actor=demo.lanhdao, draft=draft(), at=NOW)
    paper = digitise(demo, officer_key)
    items = list(services.list_data_store(holder_id=HOLDER))
    assert {i.kind for i in items} == {"result", "digitised"}
    item = next(i for i in items if i.result == result)
    first = services.record_reuse(
        item=item, dossier_code="000.00.12.H41-261201-0007", actor=demo.tiepnhan, at=NOW
    )
    again = services.record_reuse(
        item=item, dossier_code="000.00.12.H41-261201-0007", actor=demo.tiepnhan, at=NOW
    )
    assert first == again
    assert ReuseRecord.objects.count() == 1
    services.record_reuse(
        item=DataStoreItem.objects.get(paper=paper),
        dossier_code="000.00.12.H41-261201-0008",
        actor=None,
        at=NOW,
    )
    assert ReuseRecord.objects.count() == 2
    with pytest.raises(InvalidInput):
        services.record_reuse(item=item, dossier_code=" ", actor=None, at=NOW)
