"""Public verification of electronic results: upload a PDF, or follow the QR code on a result.

Anyone may check a result (no login). `/xac-thuc/` takes a PDF and says whether its signatures are
intact, valid and trusted, who signed and when, and whether it is the file registered for its
document code; `/xac-thuc/<code>/` (the QR code's address) shows the registered result and checks an
uploaded file against that code. Lookups share the public rate limit.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.core.errors import InvalidInput
from motcua.core.ratelimit import allow, client_address
from motcua.documents import verification
from motcua.documents.models import ElectronicResult
from motcua.documents.signing.pades import max_pdf_bytes


def _limited(request: HttpRequest) -> bool:
    return not allow(
        scope="verify", key=client_address(request), per_minute=settings.MOTCUA_LOOKUP_RATE_PER_MINUTE
    )


def _check_upload(request: HttpRequest, code: str) -> tuple[verification.VerificationReport | None, str]:
    upload = request.FILES.get("file")
    if upload is None:
        return None, _("Vui lòng chọn tệp PDF cần xác thực.")
    limit = max_pdf_bytes()
    if upload.size is not None and upload.size > limit:
        return None, _("Tệp PDF vượt quá dung lượng cho phép (%(limit)d MB).") % {
            "limit": limit // (1024 * 1024)
        }
    try:
        return verification.verify_pdf(upload.read(limit + 1), code=code), ""
    except InvalidInput as exc:
        return None, str(exc.message)


@require_http_methods(["GET", "POST"])
def verify_upload(request: HttpRequest) -> HttpResponse:
    report, error = None, ""
    if request.method == "POST":
        if _limited(request):
            return render(request, "portal/too_many.html", status=429)
        report, error = _check_upload(request, code="")
    return render(
        request,
        "portal/verify.html",
        {"report": report, "error": error, "max_mb": max_pdf_bytes() // (1024 * 1024)},
        status=422 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    if _limited(request):
        return render(request, "portal/too_many.html", status=429)
    try:
        result = verification.get_result_by_code(code)
    except ElectronicResult.DoesNotExist:
        return render(request, "portal/verify_code.html", {"code": code[:64], "result": None}, status=404)
    report, error = None, ""
    if request.method == "POST":
        report, error = _check_upload(request, code=result.document_code)
    return render(
        request,
        "portal/verify_code.html",
        {
            "code": result.document_code,
            "result": result,
            "holder_masked": verification.mask_name(result.holder_name),
            "report": report,
            "error": error,
            "max_mb": max_pdf_bytes() // (1024 * 1024),
        },
        status=422 if error else 200,
    )
