"""Electronic results: signed as PAdES with a visible stamp, registered under their document code."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pytest

from motcua.core.errors import InvalidInput, NotAllowed
from motcua.documents import services, verification
from motcua.documents.models import DataStoreItem, ElectronicResult, SigningKey, StoredFile
from motcua.documents.signing.metadata import read_fields
from motcua.documents.signing.pades import open_pdf
from motcua.documents.tests.conftest import one_page_pdf, pdfsig
from motcua.documents.tests.pki import PASSWORD

pytestmark = pytest.mark.django_db

HOLDER = "040012345678"


NOW = datetime.now(UTC)


def draft(**overrides):
    values = {
        "holder_id": HOLDER,
        "holder_name": "Nguyễn Văn An",
        "result_type_code": "KQ.2.000635",
        "title": "Bản sao trích lục khai sinh",
        "pdf": one_page_pdf(),
        "source_reference": "000.00.12.H41-261120-0001",
    }
    values.update(overrides)
    return services.ResultDraft(**values)


def sign(demo, key, **overrides):
    return services.sign_result(key=key, pin=PASSWORD, actor=demo.lanhdao, draft=draft(**overrides), at=NOW)


def signed_bytes(result: ElectronicResult):
    result.file.file.open("rb")
    try:
        return result.file.file.read()
    finally:
        result.file.file.close()


def test_result_is_signed_registered_and_placed_in_the_data_store(demo, agency_key, justice):
    # when
    result = sign(demo, agency_key)
    # then: Decree 118 Art 22(4) code = holder number + result type code
    assert result.document_code == f"{HOLDER}-KQ.2.000635"
    content = signed_bytes(result)
    assert result.sha256 == result.file.sha256
    assert result.agency == justice
    assert result.signed_by == demo.lanhdao
    assert result.signer_name == demo.lanhdao.full_name
    assert DataStoreItem.objects.get(result=result).holder_id == HOLDER
    fields = read_fields(open_pdf(content))
    assert fields["maSoGiayTo"] == result.document_code
    assert fields["tenGiayTo"] == "Bản sao trích lục khai sinh"
    report = verification.verify_pdf(content)
    assert report.status == verification.VALID, report.messages
    assert report.registered == result
    assert report.matches_registered
    (sig,) = report.signatures
    assert sig.signer == justice.name
    assert sig.trusted
    assert sig.intact
    assert sig.unchanged


def test_the_stamp_shows_signer_agency_time_code_and_qr_link(demo, agency_key, justice, tmp_path):
    result = sign(demo, agency_key)
    path = tmp_path / "kq.pdf"
    path.write_bytes(signed_bytes(result))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    # the stamp is the signature field's appearance; poppler renders it as page text
    assert "Ký số bởi: Phạm Quốc Hùng" in text
    assert f"Cơ quan: {justice.name}" in text
    assert f"Mã số giấy tờ: {result.document_code}" in text
    assert "(GMT+7)" in text
    page = open_pdf(path.read_bytes()).root["/Pages"]["/Kids"][0]
    links = [str(a.get_object()["/A"]["/URI"]) for a in page["/Annots"] if "/A" in a.get_object()]
    assert f"https://motcua.example/xac-thuc/{result.document_code}/" in links  # the QR code's link


def test_pdfsig_confirms_the_signature_outside_motcua(demo, agency_key, trusted, tmp_path):
    result = sign(demo, agency_key)
    path = tmp_path / "kq.pdf"
    path.write_bytes(signed_bytes(result))
    out = pdfsig(path, trust_root=trusted.root_path, tmp=tmp_path)
    assert "Signature is Valid." in out
    assert "Total document signed" in out
    assert "ETSI.CAdES.detached" in out
    if shutil.which("certutil"):
        assert "Certificate is Trusted." in out


def test_a_second_result_of_the_same_type_gets_a_suffix(demo, agency_key):
    first = sign(demo, agency_key)
    second = sign(demo, agency_key)
    assert second.document_code == f"{first.document_code}-2"


def test_result_from_a_template_puts_the_stamp_where_the_template_marks_it(demo, agency_key):
    result = sign(
        demo,
        agency_key,
        pdf=b"",
        template="documents_test/ket_qua.html",
        context={"title": "Giấy xác nhận", "holder_name": "Nguyễn Văn An", "content": "Xác nhận tình trạng."},
    )
    content = signed_bytes(result)
    report = verification.verify_pdf(content)
    assert report.status == verification.VALID
    (embedded,) = open_pdf(content).embedded_signatures
    rect = [float(v) for v in embedded.sig_field["/Rect"]]
    # 95 × 30 mm at the marked place, not the default bottom-right box
    assert abs((rect[2] - rect[0]) - 269) <= 1
    assert abs((rect[3] - rect[1]) - 85) <= 1
    assert rect[1] > 150


def test_wrong_password_is_refused_and_writes_nothing(demo, agency_key):
    before = (ElectronicResult.objects.count(), StoredFile.objects.count(), DataStoreItem.objects.count())
    with pytest.raises(InvalidInput) as exc:
        services.sign_result(key=agency_key, pin="000000", actor=demo.lanhdao, draft=draft(), at=NOW)
    assert exc.value.code == "wrong_pin"
    assert str(exc.value.message) == "Sai mật khẩu của tệp khóa ký (PKCS#12)."
    assert (
        ElectronicResult.objects.count(),
        StoredFile.objects.count(),
        DataStoreItem.objects.count(),
    ) == before


def test_only_leaders_and_clerks_of_the_agency_use_its_key(demo, agency_key):
    services.sign_result(key=agency_key, pin=PASSWORD, actor=demo.vanthu, draft=draft(), at=NOW)
    with pytest.raises(NotAllowed) as exc:
        services.sign_result(key=agency_key, pin=PASSWORD, actor=demo.chuyenvien, draft=draft(), at=NOW)
    assert exc.value.code == "key_not_allowed"


def test_expired_certificate_is_refused_at_signing(demo, agency_key):
    with pytest.raises(InvalidInput) as exc:
        services.sign_result(
            key=agency_key, pin=PASSWORD, actor=demo.lanhdao, draft=draft(), at=NOW + timedelta(days=400)
        )
    assert exc.value.code == "certificate_expired"
    assert "đã hết hạn" in str(exc.value.message)
    assert not ElectronicResult.objects.exists()


def test_certificate_of_an_untrusted_ca_is_refused_at_registration(demo, justice, trusted):
    path = trusted.p12("rogue", common_name="Giả mạo", issuer=trusted.rogue)
    with pytest.raises(InvalidInput) as exc:
        services.register_signing_key(
            agency=justice,
            holder=None,
            label="rogue",
            storage="pkcs12",
            pkcs12_path=str(path),
            pin=PASSWORD,
            actor=demo.quantri,
            at=NOW,
        )
    assert exc.value.code == "certificate_untrusted"
    assert not SigningKey.objects.filter(label="rogue").exists()


def test_signing_without_configured_roots_is_refused(demo, agency_key, settings):
    settings.MOTCUA_TRUSTED_ROOTS = []
    with pytest.raises(InvalidInput) as exc:
        sign(demo, agency_key)
    assert exc.value.code == "no_trusted_roots"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"not a pdf at all", "pdf_invalid"),
        (
            b"%PDF-1.7\n1 0 obj <</Type /Catalog /Pages 9 0 R>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF",
            "pdf_corrupted",
        ),
    ],
)
def test_bad_input_pdf_is_refused_and_writes_nothing(demo, agency_key, content, code):
    with pytest.raises(InvalidInput) as exc:
        sign(demo, agency_key, pdf=content)
    assert exc.value.code == code
    assert not ElectronicResult.objects.exists()


def test_oversized_pdf_is_refused(demo, agency_key, settings):
    settings.MOTCUA_SIGN_MAX_BYTES = 1024 * 1024
    with pytest.raises(InvalidInput) as exc:
        sign(demo, agency_key, pdf=one_page_pdf() + b"%" * (1024 * 1024))
    assert exc.value.code == "pdf_too_large"


def test_encrypted_pdf_is_refused(demo, agency_key):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(one_page_pdf())))
    writer.encrypt("chu-so-huu", "nguoi-dung")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(InvalidInput) as exc:
        sign(demo, agency_key, pdf=out.getvalue())
    assert exc.value.code == "pdf_encrypted"


def test_holder_number_and_type_code_are_checked(demo, agency_key):
    with pytest.raises(InvalidInput) as exc:
        sign(demo, agency_key, holder_id="abc")
    assert exc.value.field == "holder_id"
    with pytest.raises(InvalidInput) as exc:
        sign(demo, agency_key, result_type_code="KQ 1/2")
    assert exc.value.field == "result_type_code"


def test_batch_signing_signs_all_with_one_pin(demo, agency_key):
    drafts = [draft(holder_id=f"04001234567{i}") for i in range(3)]
    results = services.sign_results(key=agency_key, pin=PASSWORD, actor=demo.lanhdao, drafts=drafts, at=NOW)
    assert [r.document_code for r in results] == [f"04001234567{i}-KQ.2.000635" for i in range(3)]
    assert all(verification.verify_pdf(signed_bytes(r)).is_valid for r in results)


def test_batch_with_one_bad_result_writes_none(demo, agency_key):
    drafts = [draft(), draft(holder_id="040099990000", pdf=b"%PDF-broken")]
    with pytest.raises(InvalidInput):
        services.sign_results(key=agency_key, pin=PASSWORD, actor=demo.lanhdao, drafts=drafts, at=NOW)
    assert not ElectronicResult.objects.exists()
    assert not DataStoreItem.objects.exists()


def test_rfc3161_timestamp_when_a_tsa_is_configured(demo, agency_key, settings, trusted, tmp_path):
    server = trusted.timestamp_server()
    try:
        settings.MOTCUA_TSA_URL = server.url
        result = sign(demo, agency_key)
    finally:
        server.stop()
    assert result.timestamped
    report = verification.verify_pdf(signed_bytes(result))
    (sig,) = report.signatures
    assert sig.timestamp_at is not None
    assert sig.timestamp_trusted
    assert report.status == verification.VALID
    path = tmp_path / "ts.pdf"
    path.write_bytes(signed_bytes(result))
    assert "Signature is Valid." in pdfsig(path)


def test_unreachable_tsa_fails_the_signing_and_writes_nothing(demo, agency_key, settings):
    settings.MOTCUA_TSA_URL = "http://127.0.0.1:9/tsa"
    settings.MOTCUA_TSA_TIMEOUT = 2
    with pytest.raises(InvalidInput) as exc:
        sign(demo, agency_key)
    assert exc.value.code == "timestamp_failed"
    assert not ElectronicResult.objects.exists()
