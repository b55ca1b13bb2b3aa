"""Verification: intact, valid, trusted, registered; tampered and unsigned files are named as such."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from motcua.core.errors import InvalidInput
from motcua.documents import services, verification
from motcua.documents.tests.conftest import one_page_pdf, pdfsig
from motcua.documents.tests.pki import PASSWORD
from motcua.documents.tests.test_results import draft, signed_bytes

pytestmark = pytest.mark.django_db

NOW = datetime.now(UTC)


@pytest.fixture
def issued(demo, agency_key):
    result = services.sign_result(key=agency_key, pin=PASSWORD, actor=demo.lanhdao, draft=draft(), at=NOW)
    return result, signed_bytes(result)


def test_a_changed_byte_is_reported_as_tampered(issued, tmp_path):
    _result, content = issued
    # given: one byte of the signed content changed (inside the first signed range)
    at = content.index(b"stream") + 20
    tampered = content[:at] + bytes([content[at] ^ 0x01]) + content[at + 1 :]
    # when
    report = verification.verify_pdf(tampered)
    # then
    assert report.status == verification.TAMPERED
    assert not report.signatures[0].intact
    assert "Nội dung tệp đã bị thay đổi sau khi ký" in " ".join(report.signatures[0].problems)
    assert report.matches_registered is False  # the code in the file is registered, the bytes are not
    path = tmp_path / "sua.pdf"
    path.write_bytes(tampered)
    assert "Signature is Valid." not in pdfsig(path)


def test_content_added_after_signing_is_reported_as_tampered(issued):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    _, content = issued
    # given: an incremental update that draws over the first page after signing
    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    stream = writer.add_object(generic.StreamObject(stream_data=b"0 0 1 rg 100 700 200 50 re f"))
    writer.add_stream_to_page(0, stream)
    out = io.BytesIO()
    writer.write(out)
    # when
    report = verification.verify_pdf(out.getvalue())
    # then: the signature itself is intact, but the file was changed after it
    (sig,) = report.signatures
    assert sig.intact
    assert not sig.unchanged
    assert report.status == verification.TAMPERED


def test_unsigned_pdf_is_reported_as_unsigned(trusted):
    report = verification.verify_pdf(one_page_pdf())
    assert report.status == verification.UNSIGNED
    assert report.messages == ["Tệp không có chữ ký số."]


def test_signature_of_an_untrusted_ca_is_reported(issued, settings, tmp_path, pki):
    # given: the province trusts another root only
    other = tmp_path / "other.pem"
    other.write_text(pki.rogue.pem)
    settings.MOTCUA_TRUSTED_ROOTS = [str(other)]
    # when
    report = verification.verify_pdf(issued[1])
    # then
    assert report.status == verification.UNTRUSTED
    assert report.signatures[0].intact
    assert not report.signatures[0].trusted
    assert "không thuộc tổ chức chứng thực tin cậy" in report.signatures[0].problems[0]


def test_a_valid_file_under_a_foreign_code_is_not_the_registered_one(issued):
    _result, content = issued
    report = verification.verify_pdf(content, code="040099999999-KQ.1")
    assert report.status == verification.UNREGISTERED
    assert "Không có kết quả nào được đăng ký với mã số giấy tờ 040099999999-KQ.1." in report.messages


def test_the_registered_file_matches_its_code(issued):
    result, content = issued
    report = verification.verify_pdf(content, code=result.document_code)
    assert report.status == verification.VALID
    assert report.matches_registered is True
    assert report.messages[0] == "Chữ ký số hợp lệ, nguyên vẹn và được tin cậy."


def test_corrupted_and_non_pdf_files_are_refused_with_clear_errors(trusted):
    with pytest.raises(InvalidInput) as exc:
        verification.verify_pdf(b"GIF89a....")
    assert exc.value.code == "pdf_invalid"
    with pytest.raises(InvalidInput) as exc:
        verification.verify_pdf(b"%PDF-1.4\ngarbage without structure\n")
    assert exc.value.code == "pdf_corrupted"


def test_expired_signer_certificate_is_trusted_when_the_registry_attests_the_signing_time(
    issued, monkeypatch
):
    from datetime import timedelta

    _result, content = issued
    later = NOW + timedelta(days=400)  # the test agency certificate is valid one year
    monkeypatch.setattr(verification, "_now", lambda: later)

    import pyhanko_certvalidator.context as ctx

    real = ctx.ValidationContext.__init__

    def at_later(self, *args, **kwargs):
        kwargs.setdefault("moment", later)
        real(self, *args, **kwargs)

    monkeypatch.setattr(ctx.ValidationContext, "__init__", at_later)
    report = verification.verify_pdf(content)
    (sig,) = report.signatures
    # the registry recorded the file at signing time, so the signature still counts
    assert sig.trusted
    assert sig.expired_since_signing
    assert report.status == verification.VALID


def test_mask_name_keeps_initials_and_given_name():
    assert verification.mask_name("Nguyễn Văn An") == "N. V. An"
    assert verification.mask_name("An") == "A***"
