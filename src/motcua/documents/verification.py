"""Verify a signed PDF: is each signature intact and valid, who signed, when, trusted, registered?

What is checked against what (docs/signatures.md has the long version):

* **Intact** — the SHA-256 digest of the bytes each signature covers equals the digest it signed.
* **Valid** — the signature value checks with the public key of the certificate embedded in it.
* **Unchanged since signing** — the signature covers the whole file, or what was appended later is
  only what PAdES allows (validation data, further signatures); anything else is *tampered*.
* **Trusted** — the signer's certificate chains to a root configured by the province
  (MOTCUA_TRUSTED_ROOTS), was valid at the time of signing, may sign documents, and is not known to
  be revoked (revocation is looked up online only with MOTCUA_VERIFY_FETCH_REVOCATION).
* **Time** — the time the signer's software stated, and the RFC 3161 timestamp when there is one
  (attested by the timestamp authority, itself checked against the same roots).
* **Registered** — the file's SHA-256 equals the one MộtCửa stored when it issued the result with
  that document code (Mã số giấy tờ, Decree 118/2025/NĐ-CP Art 22(4)), read from the file's
  metadata or given by the caller (the QR address).

Nothing here writes; the report's messages are translated and safe to show to anyone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.core.errors import InvalidInput

from .signing.keys import organisation_name, subject_name, trusted_roots
from .signing.metadata import read_document_code
from .signing.pades import open_pdf

if TYPE_CHECKING:
    from .models import DigitisedPaper, ElectronicResult

VALID = "valid"
TAMPERED = "tampered"
UNTRUSTED = "untrusted"
UNREGISTERED = "unregistered"
UNSIGNED = "unsigned"


@dataclass
class SignatureReport:
    """The verdict on one signature of the file."""

    field_name: str
    signer: str = ""
    organisation: str = ""
    issuer: str = ""
    serial: str = ""
    not_after: datetime | None = None
    signed_at: datetime | None = None
    timestamp_at: datetime | None = None
    timestamp_trusted: bool = False
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    revoked: bool = False
    expired_since_signing: bool = False
    unchanged: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.unchanged and self.trusted


@dataclass
class VerificationReport:
    """The verdict on a file: overall status, every signature, and its registration."""

    status: str
    sha256: str
    signatures: list[SignatureReport]
    document_code: str = ""
    registered: ElectronicResult | None = None
    registered_paper: DigitisedPaper | None = None
    matches_registered: bool | None = None
    messages: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return self.status == VALID


def _roots_context(moment: datetime | None = None) -> Any:
    from pyhanko_certvalidator import ValidationContext

    fetch = bool(getattr(settings, "MOTCUA_VERIFY_FETCH_REVOCATION", False))
    kwargs: dict[str, Any] = {
        "trust_roots": trusted_roots(),
        "allow_fetching": fetch,
        "revocation_mode": "soft-fail",
    }
    if moment is not None:
        kwargs["moment"] = moment
    return ValidationContext(**kwargs)


def _validate(embedded: Any, moment: datetime | None = None) -> Any:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    context = _roots_context(moment)
    return validate_pdf_signature(
        embedded,
        signer_validation_context=context,
        ts_validation_context=context,
        key_usage_settings=KeyUsageConstraints(
            key_usage={"non_repudiation", "digital_signature"}, match_all_key_usages=False
        ),
    )


def _report_signature(embedded: Any, registered_at: datetime | None) -> SignatureReport:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    report = SignatureReport(field_name=str(embedded.field_name or ""))
    try:
        status = _validate(embedded)
    except Exception as exc:  # any parsing failure of the signature itself means it cannot be trusted
        report.problems.append(_("Không đọc được chữ ký số (dữ liệu chữ ký bị hỏng)."))
        report.problems.append(str(type(exc).__name__))
        return report
    cert = status.signing_cert
    report.signer = subject_name(cert)
    report.organisation = organisation_name(cert)
    report.issuer = str(cert.issuer.native.get("common_name") or cert.issuer.human_friendly)
    report.serial = format(cert.serial_number, "X")
    report.not_after = cert["tbs_certificate"]["validity"]["not_after"].native
    report.signed_at = status.signer_reported_dt
    report.intact, report.valid = bool(status.intact), bool(status.valid)
    ts = status.timestamp_validity
    if ts is not None:
        report.timestamp_at = ts.timestamp
        report.timestamp_trusted = bool(ts.intact and ts.valid and ts.trusted)
    coverage = status.coverage
    modification = status.modification_level
    report.unchanged = coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and modification is not None
        and modification <= ModificationLevel.FORM_FILLING
        and bool(status.docmdp_ok)
    )
    report.revoked = bool(status.revoked)
    report.trusted = bool(status.trusted)
    if not report.trusted and report.intact and report.valid and not report.revoked:
        # A certificate that expired after signing still proves the signature when the signing
        # time is attested: by a trusted timestamp, or by MộtCửa's own registration of this file.
        reference = report.timestamp_at if report.timestamp_trusted else registered_at
        if reference is not None and report.not_after is not None and reference <= report.not_after:
            try:
                again = _validate(embedded, moment=reference)
            except Exception:  # same as above: an unreadable signature is simply not trusted
                again = None
            if again is not None and again.trusted:
                report.trusted = True
                report.expired_since_signing = True
    if not report.intact:
        report.problems.append(_("Nội dung tệp đã bị thay đổi sau khi ký (chữ ký không còn nguyên vẹn)."))
    elif not report.valid:
        report.problems.append(_("Giá trị chữ ký số không đúng với chứng thư số của người ký."))
    if report.intact and not report.unchanged:
        report.problems.append(_("Tệp đã bị sửa đổi hoặc thêm nội dung sau khi ký."))
    if report.revoked:
        report.problems.append(_("Chứng thư số của người ký đã bị thu hồi."))
    elif report.intact and report.valid and not report.trusted:
        now_expired = report.not_after is not None and report.not_after < _now()
        if now_expired:
            report.problems.append(
                _("Chứng thư số của người ký đã hết hạn; không có dấu thời gian tin cậy chứng minh lúc ký.")
            )
        else:
            report.problems.append(
                _("Chứng thư số của người ký không thuộc tổ chức chứng thực tin cậy được tỉnh cấu hình.")
            )
    return report


def _now() -> datetime:
    from django.utils import timezone

    return timezone.now()


def verify_pdf(content: bytes, *, code: str = "") -> VerificationReport:
    """Verify a PDF's signatures and its registration; raise InvalidInput for unreadable files.

    `code` is the document code the file claims (from the QR address); without it the code written
    in the file's metadata is used.
    """
    from .models import DigitisedPaper, ElectronicResult

    reader = open_pdf(content)
    sha256 = hashlib.sha256(content).hexdigest()
    claimed = (code or read_document_code(reader)).strip()
    registered = ElectronicResult.objects.filter(document_code=claimed).first() if claimed else None
    by_hash = ElectronicResult.objects.filter(sha256=sha256).first()
    if registered is None and by_hash is not None and not claimed:
        registered, claimed = by_hash, by_hash.document_code
    paper = DigitisedPaper.objects.filter(file__sha256=sha256).first()
    try:
        embedded = list(reader.embedded_regular_signatures)
    except Exception as exc:  # a broken AcroForm is a broken file
        raise InvalidInput(_("Tệp PDF bị hỏng hoặc không đọc được."), code="pdf_corrupted") from exc
    registered_at = registered.signed_at if registered is not None and registered.sha256 == sha256 else None
    signatures = [_report_signature(sig, registered_at) for sig in embedded]
    report = VerificationReport(
        status=VALID,
        sha256=sha256,
        signatures=signatures,
        document_code=claimed,
        registered=registered,
        registered_paper=paper,
        matches_registered=(registered.sha256 == sha256) if registered is not None else None,
    )
    if not signatures:
        report.status = UNSIGNED
        report.messages.append(_("Tệp không có chữ ký số."))
    elif any(not (s.intact and s.valid and s.unchanged) for s in signatures):
        report.status = TAMPERED
        report.messages.append(
            _("Tệp đã bị chỉnh sửa sau khi ký hoặc chữ ký không hợp lệ: KHÔNG được tin cậy.")
        )
    elif any(not s.trusted for s in signatures):
        report.status = UNTRUSTED
        report.messages.append(_("Chữ ký nguyên vẹn nhưng chứng thư số không được tin cậy."))
    if claimed and registered is None:
        report.messages.append(
            _("Không có kết quả nào được đăng ký với mã số giấy tờ %(code)s.") % {"code": claimed}
        )
        if report.status == VALID:
            report.status = UNREGISTERED
    elif registered is not None and registered.sha256 != sha256:
        report.messages.append(
            _("Tệp này không phải là tệp đã đăng ký cho mã số giấy tờ %(code)s.") % {"code": claimed}
        )
        if report.status == VALID:
            report.status = UNREGISTERED
    elif registered is not None:
        report.messages.append(
            _("Tệp trùng khớp với kết quả đã đăng ký cho mã số giấy tờ %(code)s.") % {"code": claimed}
        )
    elif paper is not None:
        report.messages.append(_("Tệp trùng khớp với một bản số hóa đã lưu trong hệ thống."))
    elif report.status == VALID:
        report.messages.append(_("Tệp không mang mã số giấy tờ do hệ thống cấp."))
    if report.status == VALID:
        report.messages.insert(0, _("Chữ ký số hợp lệ, nguyên vẹn và được tin cậy."))
    return report


def get_result_by_code(code: str) -> ElectronicResult:
    """Return the electronic result registered under a document code; raise DoesNotExist otherwise."""
    from .models import ElectronicResult

    return ElectronicResult.objects.select_related("agency", "file").get(document_code=code.strip()[:64])


def mask_name(name: str) -> str:
    """Return a holder's name with only initials and the given name shown (privacy on public pages)."""
    words = name.split()
    if len(words) <= 1:
        return (name[:1] + "***") if name else ""
    return " ".join([*(w[:1] + "." for w in words[:-1]), words[-1]])
