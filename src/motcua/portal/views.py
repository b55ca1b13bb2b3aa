"""Citizen pages. Each view parses, fetches through a scoped selector, calls one service, renders."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
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
from motcua.dossiers import drafts
from motcua.dossiers import selectors as dossiers
from motcua.dossiers.drafts import own_data_store
from motcua.dossiers.models import Dossier, SubmissionDraft
from motcua.dossiers.official_forms import available_forms
from motcua.dossiers.paper_uploads import collect_paper_uploads
from motcua.dossiers.services import (
    ApplicantDetails,
    KeptPaper,
    PaperUpload,
    PickedPaper,
    allowed_deliveries,
    submit_dossier,
)

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
            "agencies": catalog.list_competent_agencies(version),
            "steps": [(s, describe_hours(s.allotted_hours)) for s in steps],
            "total_hours": sum((s.allotted_hours for s in steps), Decimal(0)),
            "can_submit_online": version.online_level != OnlineLevel.NONE and not page.is_abolished,
            "has_draft": drafts.has_draft(applicant=request.user, version=version),
        },
    )


def _submission_form(
    *, version: ProcedureVersion, user: Any, papers: list[Any], kept: dict[int, Any], **kwargs: Any
) -> SubmissionForm:
    return SubmissionForm(
        form_fields=list(version.form_fields.all()),
        deliveries=allowed_deliveries(version),
        store_items=list(own_data_store(user)),
        papers=papers,
        kept=kept,
        agencies=catalog.list_competent_agencies(version),
        **kwargs,
    )


def _initial(user: Any, draft: SubmissionDraft | None) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "full_name": getattr(user, "full_name", ""),
        "personal_id": getattr(user, "personal_id", "") or "",
        "phone": getattr(user, "phone", ""),
        "email": getattr(user, "email", ""),
        "address": getattr(user, "address", ""),
        "delivery_address": getattr(user, "address", ""),
    }
    if draft is not None:
        initial.update(draft.answers)
        initial.update({f"pick_{paper}": str(item) for paper, item in draft.picks.items()})
    return initial


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
    by_pk = {p.pk: p for p in papers}
    draft = drafts.get_draft(applicant=user, version=version)
    kept = {f.paper_id: f.file for f in draft.files.all()} if draft else {}
    paper_errors: dict[int, str] = {}
    action = request.POST.get("action", "submit") if request.method == "POST" else ""
    if action == "discard":
        drafts.discard_draft(applicant=user, version=version)
        messages.success(request, _("Đã xóa bản nháp của hồ sơ này."))
        return redirect("portal:submit", code=procedure.code)
    if action == "draft":
        posted = _submission_form(
            version=version, user=user, papers=papers, kept=kept, data=request.POST, files=request.FILES
        )
        uploads, paper_errors = collect_paper_uploads(files=request.FILES, papers=papers, missing_message="")
        if not paper_errors:
            try:
                saved = drafts.save_draft(
                    applicant=user,
                    version=version,
                    answers=posted.draft_values(),
                    picks=posted.raw_picks(),
                    uploads=uploads,
                    drop=posted.dropped(),
                    at=timezone.now(),
                )
            except DomainError as exc:
                messages.error(request, str(exc.message))
            else:
                messages.success(
                    request,
                    _(
                        "Đã lưu nháp lúc %(time)s. Hồ sơ chưa được gửi. Bạn có thể quay lại tiếp tục "
                        "từ trang thủ tục hoặc mục “Hồ sơ của tôi” trong %(days)d ngày."
                    )
                    % {
                        "time": f"{timezone.localtime(saved.updated_at):%H:%M %d/%m/%Y}",
                        "days": settings.MOTCUA_DRAFT_RETENTION_DAYS,
                    },
                )
                return redirect("portal:submit", code=procedure.code)
        else:
            messages.error(
                request, _("Chưa lưu nháp: có tệp không hợp lệ, xem các mục được đánh dấu bên dưới.")
            )
        # Show what was typed again, without the checks of a submission.
        form = _submission_form(
            version=version,
            user=user,
            papers=papers,
            kept=kept,
            initial=_initial(user, None)
            | posted.draft_values()
            | {f"pick_{paper}": str(item) for paper, item in posted.raw_picks().items()},
        )
    elif request.method == "POST":
        form = _submission_form(
            version=version, user=user, papers=papers, kept=kept, data=request.POST, files=request.FILES
        )
        is_valid = form.is_valid()
        picked = form.picked()
        dropped = form.dropped()
        usable = {pk: f for pk, f in kept.items() if pk not in dropped}
        uploads, paper_errors = collect_paper_uploads(
            files=request.FILES,
            papers=papers,
            missing_message=_("Vui lòng tải lên giấy tờ này hoặc chọn từ kho dữ liệu của bạn.")
            if form.store_items
            else _("Vui lòng tải lên giấy tờ này."),
            provided=set(picked) | set(usable),
        )
        if is_valid and not paper_errors:
            data = form.cleaned_data
            uploaded = {u.paper.pk for u in uploads if u.paper is not None}
            sources: list[PaperUpload | PickedPaper | KeptPaper] = [*uploads]
            sources += [
                PickedPaper(paper=by_pk[pk], item=item) for pk, item in picked.items() if pk not in uploaded
            ]
            sources += [
                KeptPaper(paper=by_pk[pk], file=f)
                for pk, f in usable.items()
                if pk not in uploaded and pk not in picked
            ]
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
                    papers=sources,
                    form_data=form.answers(),
                    delivery=data["delivery"],
                    delivery_address=data["delivery_address"],
                    agency=form.chosen_agency(),
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
        form = _submission_form(
            version=version, user=user, papers=papers, kept=kept, initial=_initial(user, draft)
        )
    return render(
        request,
        "portal/submit.html",
        {
            "procedure": procedure,
            "version": version,
            "form": form,
            "papers": form.paper_rows(paper_errors),
            "draft": draft,
            "retention_days": settings.MOTCUA_DRAFT_RETENTION_DAYS,
        },
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
    return render(
        request,
        "portal/my_dossiers.html",
        {"dossiers": items, "drafts": drafts.list_drafts(applicant=request.user)},
    )


@login_required
def my_dossier(request: HttpRequest, code: str) -> HttpResponseBase:
    from motcua.dossiers.results import list_dossier_results
    from motcua.dossiers.transitions import DossierStatus

    try:
        dossier = dossiers.get_dossier_for_user(user=request.user, code=code)
    except Dossier.DoesNotExist as exc:
        raise Http404 from exc
    if dossier.applicant_id != request.user.pk:
        raise Http404
    # the electronic result, once the agency has issued it (Decree 118 Art 22)
    issued = dossier.status in (DossierStatus.RESOLVED, DossierStatus.RETURNED)
    results = list_dossier_results(dossier=dossier) if issued else []
    wanted = request.GET.get("tai-ket-qua")
    if wanted is not None:
        result = next((r for r in results if r.document_code == wanted), None)
        if result is None:
            raise Http404
        return FileResponse(
            result.file.file.open("rb"),
            content_type="application/pdf",
            as_attachment=True,
            filename=f"{result.document_code}.pdf",
        )
    events = dossiers.list_events(dossier=dossier, public_only=True)
    forms = available_forms(dossier)
    return render(
        request,
        "portal/my_dossier.html",
        {"dossier": dossier, "events": events, "forms": forms, "results": results},
    )
