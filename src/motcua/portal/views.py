"""Citizen pages. Each view parses, fetches through a scoped selector, calls one service, renders."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.catalog import selectors as catalog
from motcua.catalog import statistics as catalog_statistics
from motcua.catalog.limits import describe_hours
from motcua.catalog.models import OnlineLevel, Procedure, ProcedureVersion
from motcua.catalog.search import SearchFilters
from motcua.core.errors import DomainError
from motcua.core.ratelimit import allow, client_address
from motcua.dossiers import selectors as dossiers
from motcua.dossiers.models import Dossier
from motcua.dossiers.official_forms import available_forms
from motcua.dossiers.paper_uploads import collect_paper_uploads
from motcua.dossiers.services import ApplicantDetails, submit_dossier

from .forms import LookupForm, SubmissionForm


def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    procedures = catalog.list_procedures(on=today)[:12]
    return render(
        request,
        "portal/home.html",
        {
            "procedures": procedures,
            "sectors": catalog_statistics.count_by_sector(on=today),
            "lookup_form": LookupForm(),
        },
    )


PAGE_SIZE = 30


def procedure_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    levels, online_levels = dict(Procedure.Level.choices), dict(OnlineLevel.choices)
    filters = SearchFilters(
        sector=request.GET.get("linh-vuc", "")[:40],
        level=request.GET.get("cap", "") if request.GET.get("cap", "") in levels else "",
        online_level=request.GET.get("truc-tuyen", "")
        if request.GET.get("truc-tuyen", "") in online_levels
        else "",
    )
    try:
        page = max(1, min(int(request.GET.get("trang", "1")), 1000))
    except ValueError:
        page = 1
    results = catalog.list_search_results(
        query=query, filters=filters, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE
    )
    params = request.GET.copy()
    params.pop("trang", None)
    return render(
        request,
        "portal/procedure_list.html",
        {
            "results": results[:PAGE_SIZE],
            "query": query,
            "filters": filters,
            "sectors": catalog.list_sectors(),
            "levels": Procedure.Level.choices,
            "online_levels": OnlineLevel.choices,
            "page": page,
            "has_next": len(results) > PAGE_SIZE,
            "params": params.urlencode(),
            "is_filtered": bool(query or filters.sector or filters.level or filters.online_level),
        },
    )


def _version_or_404(code: str) -> tuple[Procedure, ProcedureVersion]:
    try:
        procedure = catalog.get_procedure(code=code)
        version = catalog.get_version_in_force(procedure=procedure, on=timezone.localdate())
    except (Procedure.DoesNotExist, ProcedureVersion.DoesNotExist) as exc:
        raise Http404 from exc
    return procedure, version


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        page = catalog.get_procedure_page(code=code, full=False)
    except Procedure.DoesNotExist as exc:
        raise Http404 from exc
    if page.procedure.code != code:
        # A former code (the procedure was re-coded): send the visitor to the current address.
        return redirect("portal:procedure", code=page.procedure.code, permanent=True)
    version = page.version
    process = getattr(version, "process", None)
    steps = list(process.steps.all()) if process and process.approval_id else []
    fees = list(version.fees.all())
    return render(
        request,
        "portal/procedure_detail.html",
        {
            "page": page,
            "procedure": page.procedure,
            "version": version,
            "papers": list(version.papers.all()),
            "fees": fees,
            "main_fee": fees[0] if fees else None,
            "online_fees": any(f.online_amount_vnd is not None for f in fees),
            "results": list(version.results.all()),
            "legal_bases": list(version.legal_bases.all()),
            "steps": [(s, describe_hours(s.allotted_hours)) for s in steps],
            "total_hours": sum((s.allotted_hours for s in steps), Decimal(0)),
            "can_submit_online": version.online_level != OnlineLevel.NONE and not page.is_abolished,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, code: str) -> HttpResponse:
    procedure, version = _version_or_404(code)
    user = request.user
    if not user.is_citizen:  # type: ignore[union-attr]
        messages.warning(
            request, _("Tài khoản cán bộ không nộp hồ sơ trực tuyến. Vui lòng dùng tài khoản người dân.")
        )
        return redirect("portal:procedure", code=code)
    papers = list(version.papers.all())
    paper_errors: dict[int, str] = {}
    if request.method == "POST":
        form = SubmissionForm(request.POST)
        uploads, paper_errors = collect_paper_uploads(
            files=request.FILES, papers=papers, missing_message=_("Vui lòng tải lên giấy tờ này.")
        )
        if form.is_valid() and not paper_errors:
            data = form.cleaned_data
            try:
                dossier = submit_dossier(
                    version=version,
                    applicant=user,
                    details=ApplicantDetails(
                        full_name=data["full_name"],
                        personal_id=data["personal_id"],
                        phone=data["phone"],
                        email=data["email"],
                        address=data["address"],
                    ),
                    request_summary=data["request_summary"],
                    copies=data["copies"],
                    papers=uploads,
                    at=timezone.now(),
                )
            except DomainError as exc:
                messages.error(request, str(exc.message))
            else:
                messages.success(
                    request, _("Đã nộp hồ sơ. Mã hồ sơ của bạn là %(code)s.") % {"code": dossier.code}
                )
                return redirect("portal:my-dossier", code=dossier.code)
        else:
            messages.error(request, _("Hồ sơ chưa được gửi. Vui lòng sửa các mục được đánh dấu bên dưới."))
    else:
        form = SubmissionForm(
            initial={
                "full_name": getattr(user, "full_name", ""),
                "personal_id": getattr(user, "personal_id", "") or "",
                "phone": getattr(user, "phone", ""),
                "email": getattr(user, "email", ""),
                "address": getattr(user, "address", ""),
            }
        )
    rows = [(p, paper_errors.get(p.pk)) for p in papers]
    return render(
        request,
        "portal/submit.html",
        {"procedure": procedure, "version": version, "form": form, "papers": rows},
    )


def lookup(request: HttpRequest) -> HttpResponse:
    if request.GET and not allow(
        scope="lookup", key=client_address(request), per_minute=settings.MOTCUA_LOOKUP_RATE_PER_MINUTE
    ):
        return render(request, "portal/too_many.html", status=429)
    form = LookupForm(request.GET or None)
    tracking = None
    not_found = False
    if form.is_valid():
        try:
            tracking = dossiers.get_public_tracking(
                code=form.cleaned_data["ma"],
                user=request.user,
                phone_last4=form.cleaned_data["phone_last4"] or "",
            )
        except Dossier.DoesNotExist:
            not_found = True
    response = render(
        request, "portal/lookup.html", {"form": form, "tracking": tracking, "not_found": not_found}
    )
    if not_found:
        response.status_code = 404
    return response


@login_required
def my_dossiers(request: HttpRequest) -> HttpResponse:
    items = dossiers.list_my_dossiers(user=request.user)[:200]
    return render(request, "portal/my_dossiers.html", {"dossiers": items})


@login_required
def my_dossier(request: HttpRequest, code: str) -> HttpResponse:
    try:
        dossier = dossiers.get_dossier_for_user(user=request.user, code=code)
    except Dossier.DoesNotExist as exc:
        raise Http404 from exc
    if dossier.applicant_id != request.user.pk:
        raise Http404
    events = dossiers.list_events(dossier=dossier, public_only=True)
    forms = available_forms(dossier)
    return render(request, "portal/my_dossier.html", {"dossier": dossier, "events": events, "forms": forms})
