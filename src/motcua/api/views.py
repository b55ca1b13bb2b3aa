"""/api/v1: parse, fetch through selectors, call services, serialise. No rules live here."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from ninja import NinjaAPI, Query, Status
from ninja.errors import ValidationError as NinjaValidationError

from motcua.core.errors import Conflict, DomainError, InvalidInput, NotAllowed
from motcua.core.ratelimit import allow, client_address
from motcua.dossiers import selectors as dossiers
from motcua.dossiers.models import Dossier
from motcua.dossiers.official_forms import render_form_pdf

from .catalog import router as catalog_router
from .dossiers import router as dossiers_router
from .national_portal import router as national_portal_router
from .payments import router as payments_router
from .reform import router as reform_router
from .reports import router as reports_router
from .schemas import ErrorOut, TrackingEventOut, TrackingOut
from .verify import router as verify_router
from .workdays import router as workdays_router

api = NinjaAPI(
    title="MộtCửa API",
    version="1",
    description="Hệ thống thông tin giải quyết thủ tục hành chính – API công khai và nghiệp vụ.",
    urls_namespace="api",
)


api.add_router("", catalog_router)
api.add_router("/workdays/", workdays_router)
api.add_router("/dossiers", dossiers_router)
api.add_router("/national-portal", national_portal_router)
api.add_router("/reform/", reform_router)
api.add_router("/verify", verify_router)
api.add_router("/payments/", payments_router)
api.add_router("/reports/", reports_router)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> JsonResponse:
    status = 409 if isinstance(exc, Conflict) else 403 if isinstance(exc, NotAllowed) else 422
    if isinstance(exc, InvalidInput):
        status = 422
    return JsonResponse({"code": exc.code, "message": str(exc.message)}, status=status)


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> JsonResponse:
    return JsonResponse(
        {"code": "invalid_input", "message": _("Dữ liệu gửi lên không hợp lệ."), "errors": exc.errors},
        status=422,
    )


@api.get(
    "/tracking/{code}",
    response={200: TrackingOut, 404: ErrorOut, 429: ErrorOut},
    tags=["tracking"],
    summary="Public status of a dossier; the applicant's name only with the last four digits of their phone",
)
def tracking(request: HttpRequest, code: str, phone_last4: Query[str] = ""):
    if not allow(
        scope="lookup", key=client_address(request), per_minute=settings.MOTCUA_LOOKUP_RATE_PER_MINUTE
    ):
        return Status(
            429,
            ErrorOut(code="too_many_requests", message=_("Quá nhiều lượt tra cứu. Vui lòng thử lại sau.")),
        )
    try:
        t = dossiers.get_public_tracking(code=code, user=request.user, phone_last4=phone_last4[:4])
    except Dossier.DoesNotExist:
        return Status(404, ErrorOut(code="not_found", message=_("Không tìm thấy hồ sơ.")))
    return Status(
        200,
        TrackingOut(
            code=t.code,
            procedure=t.procedure_name,
            status=t.status,
            status_label=t.status_label,
            channel=t.channel,
            due_at=t.due_at,
            applicant_name=t.applicant_name,
            events=[
                TrackingEventOut(at=e.at, type=e.type, label=e.label, status=e.to_status) for e in t.events
            ],
        ),
    )


@api.get(
    "/dossiers/{code}/forms/{form}.pdf",
    response={200: None, 404: ErrorOut},
    tags=["dossiers"],
    summary="An official form of a dossier as PDF (receipt, supplement-request, refusal, extension, "
    "stop-notice, control-sheet), for users allowed to see the dossier",
)
def dossier_form(request: HttpRequest, code: str, form: str):
    try:
        dossier = dossiers.get_dossier_for_user(user=request.user, code=code)
    except Dossier.DoesNotExist:
        return Status(404, ErrorOut(code="not_found", message=_("Không tìm thấy hồ sơ.")))
    try:
        pdf = render_form_pdf(dossier, form)
    except NotAllowed as exc:
        return Status(404, ErrorOut(code=exc.code, message=str(exc.message)))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dossier.code}-{form}.pdf"'
    return response


def healthz(request: HttpRequest) -> JsonResponse:
    """Report whether the web process and its database answer (200) or which part fails (503)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy", never a stack trace
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
