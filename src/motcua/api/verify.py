"""/api/v1/verify: check a signed PDF (upload) or a registered result (document code from its QR).

Mounted by `views` with ``api.add_router("/verify", router)``. Public: anyone holding a result can
check it. Answers say whether each signature is intact, valid, trusted, who signed and when, and
whether the file is the one registered for its document code (Decree 118/2025/NĐ-CP Art 22(4)).
The code lookup shows the holder's name masked, and both endpoints share the public lookup rate
limit (MOTCUA_LOOKUP_RATE_PER_MINUTE).
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from motcua.core.errors import InvalidInput
from motcua.core.ratelimit import allow, client_address
from motcua.documents import verification
from motcua.documents.models import ElectronicResult
from motcua.documents.signing.pades import max_pdf_bytes

from .schemas import ErrorOut

router = Router(tags=["verification"])


class SignatureOut(Schema):
    field_name: str
    signer: str
    organisation: str
    issuer: str
    certificate_serial: str
    certificate_not_after: datetime | None
    signed_at: datetime | None
    timestamp_at: datetime | None
    timestamp_trusted: bool
    intact: bool
    valid: bool
    trusted: bool
    revoked: bool
    unchanged_since_signing: bool
    expired_since_signing: bool
    problems: list[str]


class RegisteredOut(Schema):
    document_code: str
    title: str
    result_type_code: str
    holder_name_masked: str
    agency: str
    signer_name: str
    signed_at: datetime
    valid_until: date | None
    sha256: str
    timestamped: bool


class VerificationOut(Schema):
    status: str
    valid: bool
    sha256: str
    document_code: str
    matches_registered: bool | None
    messages: list[str]
    signatures: list[SignatureOut]
    registered: RegisteredOut | None


def _registered(result: ElectronicResult | None) -> RegisteredOut | None:
    if result is None:
        return None
    return RegisteredOut(
        document_code=result.document_code,
        title=result.title,
        result_type_code=result.result_type_code,
        holder_name_masked=verification.mask_name(result.holder_name),
        agency=result.agency.name,
        signer_name=result.signer_name,
        signed_at=result.signed_at,
        valid_until=result.valid_until,
        sha256=result.sha256,
        timestamped=result.timestamped,
    )


def report_out(report: verification.VerificationReport) -> VerificationOut:
    """Serialise a verification report (shared with the public page's JSON needs)."""
    return VerificationOut(
        status=report.status,
        valid=report.is_valid,
        sha256=report.sha256,
        document_code=report.document_code,
        matches_registered=report.matches_registered,
        messages=[str(m) for m in report.messages],
        signatures=[
            SignatureOut(
                field_name=s.field_name,
                signer=s.signer,
                organisation=s.organisation,
                issuer=s.issuer,
                certificate_serial=s.serial,
                certificate_not_after=s.not_after,
                signed_at=s.signed_at,
                timestamp_at=s.timestamp_at,
                timestamp_trusted=s.timestamp_trusted,
                intact=s.intact,
                valid=s.valid,
                trusted=s.trusted,
                revoked=s.revoked,
                unchanged_since_signing=s.unchanged,
                expired_since_signing=s.expired_since_signing,
                problems=[str(p) for p in s.problems],
            )
            for s in report.signatures
        ],
        registered=_registered(report.registered),
    )


def _too_many(request: HttpRequest) -> bool:
    return not allow(
        scope="verify", key=client_address(request), per_minute=settings.MOTCUA_LOOKUP_RATE_PER_MINUTE
    )


@router.post(
    "",
    response={200: VerificationOut, 422: ErrorOut, 429: ErrorOut},
    summary="Verify a signed PDF: signatures, signer, time, trust, and the registered file",
    description=(
        "Tải lên tệp PDF (multipart, trường `file`). Trả về: trạng thái tổng hợp (valid, tampered, "
        "untrusted, unregistered, unsigned), từng chữ ký (nguyên vẹn, hợp lệ, tin cậy, người ký, thời "
        "điểm ký, dấu thời gian) và tệp có trùng với tệp đã đăng ký cho mã số giấy tờ hay không. "
        "`code` (không bắt buộc): mã số giấy tờ cần đối chiếu; mặc định đọc từ siêu dữ liệu của tệp."
    ),
)
def verify_upload(request: HttpRequest, file: File[UploadedFile], code: Form[str] = ""):
    if _too_many(request):
        return Status(
            429,
            ErrorOut(code="too_many_requests", message=_("Quá nhiều lượt tra cứu. Vui lòng thử lại sau.")),
        )
    limit = max_pdf_bytes()
    content = file.read(limit + 1)
    try:
        report = verification.verify_pdf(content, code=code[:64])
    except InvalidInput as exc:
        return Status(422, ErrorOut(code=exc.code, message=str(exc.message)))
    return Status(200, report_out(report))


@router.get(
    "/{code}",
    response={200: RegisteredOut, 404: ErrorOut, 429: ErrorOut},
    summary="The result registered under a document code (from the QR code on the result)",
    description=(
        "Kết quả điện tử đã đăng ký với mã số giấy tờ (Nghị định 118/2025/NĐ-CP Điều 22 khoản 4): "
        "tên giấy tờ, cơ quan ban hành, người ký, thời điểm ký, mã băm SHA-256 của tệp đã ký. Họ tên "
        "chủ giấy tờ được che một phần. Để kiểm tra một tệp, dùng POST /verify."
    ),
)
def verify_code(request: HttpRequest, code: str):
    if _too_many(request):
        return Status(
            429,
            ErrorOut(code="too_many_requests", message=_("Quá nhiều lượt tra cứu. Vui lòng thử lại sau.")),
        )
    try:
        result = verification.get_result_by_code(code)
    except ElectronicResult.DoesNotExist:
        return Status(
            404, ErrorOut(code="not_found", message=_("Không có kết quả nào với mã số giấy tờ này."))
        )
    return Status(200, _registered(result))
