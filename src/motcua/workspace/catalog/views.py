"""The administrator's catalog pages: figures, procedures and the internal-process editor.

Each view parses, fetches through a scoped selector (only catalog administrators see anything; others
get a 404), calls one service and renders. The editor keeps the administrator's rows on every answer,
so a refused edit loses nothing and writes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from motcua.catalog import graph as g
from motcua.catalog import selectors, statistics
from motcua.catalog.bpmn import export_bpmn, import_bpmn
from motcua.catalog.diagram import render_svg
from motcua.catalog.excel import export_workbook
from motcua.catalog.limits import limit_in_hours
from motcua.catalog.models import Decision, ProcedureVersion
from motcua.catalog.permissions import can_manage_catalog
from motcua.catalog.services import (
    approve_process,
    attach_template_file,
    check_graph,
    discard_process_draft,
    record_decision,
    save_process_draft,
)
from motcua.catalog.services.template_files import MAX_TEMPLATE_BYTES
from motcua.catalog.specs import graph_of
from motcua.core.errors import DomainError
from motcua.organisations.models import Agency
from motcua.workspace.views import staff_required

from .forms import ApprovalForm, BpmnUploadForm, StepFormSet, graph_from_formset, initial_rows


def _admin_or_404(request: HttpRequest) -> None:
    if not can_manage_catalog(request.user):
        raise Http404


def _period(request: HttpRequest, today: date) -> tuple[date, date]:
    try:
        start = date.fromisoformat(request.GET.get("tu", ""))
    except ValueError:
        # By default the previous and the current year, as annual reform reports compare them.
        start = date(today.year - 1, 1, 1)
    try:
        end = date.fromisoformat(request.GET.get("den", ""))
    except ValueError:
        end = date(today.year, 12, 31)
    return (start, end) if start <= end else (end, start)


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    _admin_or_404(request)
    today = timezone.localdate()
    start, end = _period(request, today)
    query = request.GET.get("q", "")[:200]
    return render(
        request,
        "workspace/catalog/index.html",
        {
            "stats": statistics.get_catalog_statistics(on=today),
            "cuts": statistics.get_time_cut_report(start=start, end=end),
            "publication": statistics.get_publication_report(start=start, end=end),
            "rows": selectors.list_procedures_for_admin(user=request.user, query=query),
            "query": query,
            "start": start,
            "end": end,
            "today": today,
        },
    )


def _version_or_404(request: HttpRequest, version_id: int) -> ProcedureVersion:
    try:
        return selectors.get_version_for_admin(user=request.user, version_id=version_id)
    except ProcedureVersion.DoesNotExist as exc:
        raise Http404 from exc


def _agency_choices() -> list[tuple[str, str]]:
    return [
        (a.electronic_id, a.name)
        for a in Agency.objects.order_by("level", "name").only("electronic_id", "name")
    ]


def _editor(
    request: HttpRequest,
    version: ProcedureVersion,
    *,
    formset: Any = None,
    graph: g.ProcessGraph | None = None,
    problems: list[g.Problem] | None = None,
    approval_form: ApprovalForm | None = None,
    status: int = 200,
) -> HttpResponse:
    agencies = _agency_choices()
    process = getattr(version, "process", None)
    approved = graph_of(version)
    draft = g.ProcessGraph.from_json(process.draft) if process and process.draft else None
    shown = graph or draft or approved or g.ProcessGraph()
    if formset is None:
        formset = StepFormSet(initial=initial_rows(shown), form_kwargs={"agencies": agencies}, prefix="buoc")
    limit = limit_in_hours(version.time_limit, version.time_unit)
    hours, path = shown.longest_path()
    names = dict(agencies)
    problem_steps = {p.step for p in problems or [] if p.step}
    return render(
        request,
        "workspace/catalog/process.html",
        {
            "version": version,
            "procedure": version.procedure,
            "process": process,
            "formset": formset,
            "rows": list(zip(formset.forms, range(1, len(formset.forms) + 1), strict=True)),
            "problem_steps": problem_steps,
            "problems": g.describe(problems) if problems else [],
            "diagram": mark_safe(render_svg(shown, agency_names=names, title=version.procedure.name))  # noqa: S308
            if shown.steps
            else "",
            "showing": "preview" if graph else "draft" if draft else "approved",
            "has_draft": draft is not None,
            "limit_hours": limit,
            "longest_hours": hours,
            "longest_path": path,
            "over_limit": hours > limit,
            "in_use": selectors.is_in_use(version),
            "approval_form": approval_form or ApprovalForm(prefix="qd"),
            "bpmn_form": BpmnUploadForm(prefix="bpmn"),
            "is_latest": version.procedure.versions.latest_first().values_list("pk", flat=True).first()
            == version.pk,
        },
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def process_editor(request: HttpRequest, version_id: int) -> HttpResponse:
    version = _version_or_404(request, version_id)
    if request.method == "GET":
        return _editor(request, version)
    action = request.POST.get("action", "check")
    if action == "discard":
        discard_process_draft(version=version, actor=request.user)
        messages.success(request, _("Đã bỏ bản nháp; quy trình đã phê duyệt giữ nguyên."))
        return redirect("workspace:catalog:process", version_id=version.pk)
    formset = StepFormSet(request.POST, form_kwargs={"agencies": _agency_choices()}, prefix="buoc")
    if not formset.is_valid():
        messages.error(request, _("Quy trình chưa được lưu. Vui lòng sửa các ô được đánh dấu."))
        return _editor(request, version, formset=formset, status=422)
    graph = graph_from_formset(formset)
    problems = check_graph(version=version, graph=graph)
    if problems:
        messages.error(request, _("Quy trình chưa đạt yêu cầu, chưa được lưu."))
        return _editor(request, version, formset=formset, graph=graph, problems=problems, status=422)
    if action == "save":
        try:
            save_process_draft(version=version, graph=graph, actor=request.user, at=timezone.now())
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return _editor(request, version, formset=formset, graph=graph, status=422)
        messages.success(
            request, _("Đã lưu bản nháp. Quy trình có hiệu lực khi được phê duyệt bằng quyết định.")
        )
        return redirect("workspace:catalog:process", version_id=version.pk)
    messages.success(
        request, _("Quy trình hợp lệ: mọi bước đều dẫn đến trả kết quả và tổng thời gian nằm trong thời hạn.")
    )
    return _editor(request, version, formset=formset, graph=graph)


@staff_required
@require_POST
def approve(request: HttpRequest, version_id: int) -> HttpResponse:
    version = _version_or_404(request, version_id)
    form = ApprovalForm(request.POST, request.FILES, prefix="qd")
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return _editor(request, version, approval_form=form, status=422)
    data = form.cleaned_data
    try:
        decision: Decision = data["decision"] or record_decision(
            number=data["number"],
            issued_on=data["issued_on"],
            effective_from=data["effective_from"],
            kind=Decision.Kind.PROCESS_APPROVAL,
            issuer=data.get("issuer") or "",
            title=data.get("title") or "",
            file=(data["file"].name, data["file"].read(20 * 1024 * 1024 + 1)) if data.get("file") else None,
            actor=request.user,
        )
        result = approve_process(version=version, decision=decision, actor=request.user, at=timezone.now())
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return _editor(request, version, approval_form=form, status=422)
    if result.pk != version.pk:
        messages.success(
            request,
            _(
                "Đã phê duyệt. Vì đã có hồ sơ theo quy trình cũ, hệ thống công bố phiên bản %(number)d "
                "áp dụng từ ngày %(day)s; hồ sơ đang giải quyết giữ quy trình cũ."
            )
            % {"number": result.number, "day": f"{result.effective_from:%d/%m/%Y}"},
        )
    else:
        messages.success(
            request, _("Đã phê duyệt quy trình nội bộ theo quyết định %(n)s.") % {"n": decision.number}
        )
    return redirect("workspace:catalog:process", version_id=result.pk)


@staff_required
def bpmn_download(request: HttpRequest, version_id: int) -> HttpResponse:
    version = _version_or_404(request, version_id)
    process = getattr(version, "process", None)
    use_draft = request.GET.get("ban") == "nhap" and process is not None and process.draft
    graph = g.ProcessGraph.from_json(process.draft) if use_draft and process else graph_of(version)
    if graph is None:
        raise Http404
    names = dict(_agency_choices())
    xml = export_bpmn(
        graph, process_id=version.procedure.code, name=version.procedure.name, agency_names=names
    )
    response = HttpResponse(xml, content_type="application/xml; charset=utf-8")
    suffix = "-nhap" if use_draft else ""
    response["Content-Disposition"] = (
        f'attachment; filename="{version.procedure.code}-v{version.number}{suffix}.bpmn"'
    )
    return response


@staff_required
@require_POST
def bpmn_upload(request: HttpRequest, version_id: int) -> HttpResponse:
    version = _version_or_404(request, version_id)
    form = BpmnUploadForm(request.POST, request.FILES, prefix="bpmn")
    if not form.is_valid():
        messages.error(request, _("Chọn một tệp BPMN để nhập."))
        return _editor(request, version, status=422)
    upload = form.cleaned_data["file"]
    try:
        graph = import_bpmn(upload.read(1024 * 1024 + 1))
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return _editor(request, version, status=422)
    problems = check_graph(version=version, graph=graph)
    if problems:
        messages.error(request, _("Tệp BPMN đọc được nhưng quy trình chưa đạt yêu cầu; chưa lưu gì."))
        return _editor(request, version, graph=graph, problems=problems, status=422)
    try:
        save_process_draft(version=version, graph=graph, actor=request.user, at=timezone.now())
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return _editor(request, version, graph=graph, status=422)
    messages.success(request, _("Đã nhập quy trình từ tệp BPMN thành bản nháp; kiểm tra lại rồi phê duyệt."))
    return redirect("workspace:catalog:process", version_id=version.pk)


@staff_required
def excel_export(request: HttpRequest) -> HttpResponse:
    _admin_or_404(request)
    response = HttpResponse(
        export_workbook(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="danh-muc-tthc-{timezone.localdate():%Y%m%d}.xlsx"'
    )
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def template_files(request: HttpRequest, version_id: int) -> HttpResponse:
    """The forms (mẫu đơn, tờ khai) of a version's papers: see them and attach their files."""
    version = _version_or_404(request, version_id)
    papers = list(version.papers.all())
    if request.method == "POST":
        paper = next((p for p in papers if str(p.pk) == request.POST.get("paper", "")), None)
        upload = request.FILES.get("file")
        if paper is None or upload is None:
            messages.error(request, _("Chọn giấy tờ và tệp mẫu để tải lên."))
        else:
            try:
                attach_template_file(
                    paper=paper,
                    name=upload.name or "",
                    content=upload.read(MAX_TEMPLATE_BYTES + 1),
                    actor=request.user,
                    at=timezone.now(),
                )
            except DomainError as exc:
                messages.error(request, str(exc.message))
            else:
                messages.success(request, _("Đã tải lên mẫu của “%(name)s”.") % {"name": paper.name})
                return redirect("workspace:catalog:templates", version_id=version.pk)
    return render(
        request,
        "workspace/catalog/templates.html",
        {"version": version, "procedure": version.procedure, "papers": papers},
        status=200 if request.method == "GET" else 422,
    )
