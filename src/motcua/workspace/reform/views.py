"""Staff pages of the steering committee's work. Parse, fetch through a scoped selector, call one
service, render; errors of the services are shown in Vietnamese next to the field they concern."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.errors import DomainError, InvalidInput
from motcua.documents.uploads import CheckedUpload, check_upload
from motcua.reform import charts, kpis, selectors, services
from motcua.reform.exports import plan_report, to_excel, to_pdf
from motcua.reform.models import (
    IndexKind,
    Inspection,
    PostHolding,
    ReceptionDay,
    ReformPlan,
    ReformTask,
    TaskStatus,
)
from motcua.reform.permissions import can_edit, can_report_progress, reads_everything
from motcua.workdays.selectors import get_calendar
from motcua.workspace.views import staff_required

from . import forms as f


def _today() -> date:
    return timezone.localdate()


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        return _today().year
    return year if 2000 <= year <= 2100 else _today().year


def _committee_or_404() -> Any:
    committee = selectors.get_committee()
    if committee is None:
        raise Http404
    return committee


def _apply(form: forms.Form, call: Callable[[], Any]) -> bool:
    """Run a service; put its refusal on the form field it concerns. Return whether it succeeded."""
    try:
        call()
    except InvalidInput as exc:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        return False
    except DomainError as exc:
        form.add_error(None, str(exc.message))
        return False
    return True


def _act(request: HttpRequest, to: str, call: Callable[[], Any], success: str) -> HttpResponse:
    try:
        call()
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, success)
    return redirect(to)


def _form_errors(form: forms.Form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _is_working_day(day: date) -> bool:
    try:
        return get_calendar().is_working_day(day)
    except ValueError:
        return day.weekday() < 5


def _base(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    committee = selectors.get_committee()
    return {
        "committee": committee,
        "is_editor": committee is not None and can_edit(request.user, committee),
        "reads_all": reads_everything(request.user),
        "today": _today(),
        **extra,
    }


# -- overview and progress -----------------------------------------------------------------------------


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    """Completion against plan for a year or period, per group, per unit, and the overdue list."""
    today = _today()
    year = _year(request)
    period = f.DateForm(prefix="tu", data={"tu-on": request.GET.get("tu", "")})
    start = end = None
    if request.GET.get("tu") and period.is_valid():
        start = period.cleaned_data["on"]
    end_form = f.DateForm(prefix="den", data={"den-on": request.GET.get("den", "")})
    if request.GET.get("den") and end_form.is_valid():
        end = end_form.cleaned_data["on"]
    as_of = min(today, end) if end else today
    reads_all = reads_everything(request.user)
    my_tasks = list(selectors.list_tasks(user=request.user).of_issued_plans().filter(deadline__year=year))
    summary = selectors.get_progress(as_of=as_of, year=None if (start or end) else year, start=start, end=end)
    return render(
        request,
        "workspace/reform/home.html",
        _base(
            request,
            year=year,
            years=range(today.year - 2, today.year + 2),
            start=start,
            end=end,
            as_of=as_of,
            summary=summary if reads_all else None,
            by_agency=selectors.tally_by_agency(as_of=as_of, year=year) if reads_all else [],
            overdue=list(selectors.list_overdue(user=request.user, on=today, year=year)),
            due_soon=list(
                selectors.list_due_soon(user=request.user, on=today, until=today + timedelta(days=30))
            ),
            my_tasks=[] if reads_all else my_tasks,
        ),
    )


# -- plans ---------------------------------------------------------------------------------------------


@staff_required
def plans(request: HttpRequest) -> HttpResponse:
    committee = selectors.get_committee()
    form = f.PlanForm(
        request.POST or None,
        initial={"kind": ReformPlan.Kind.YEARLY, "start_year": _today().year, "end_year": _today().year},
    )
    if request.method == "POST":
        if committee is None:
            raise Http404
        created: dict[str, ReformPlan] = {}

        def call() -> None:
            created["plan"] = services.create_plan(
                committee=committee,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                start_year=form.cleaned_data["start_year"],
                end_year=form.cleaned_data["end_year"],
                actor=request.user,
                at=timezone.now(),
            )

        if form.is_valid() and _apply(form, call):
            messages.success(request, _("Đã tạo kế hoạch với các nhóm nhiệm vụ mặc định; hãy giao nhiệm vụ."))
            return redirect("workspace:reform:plan", plan_id=created["plan"].pk)
    return render(
        request,
        "workspace/reform/plans.html",
        _base(request, plans=list(selectors.list_plans(user=request.user)), form=form),
    )


def _plan_or_404(request: HttpRequest, plan_id: int) -> ReformPlan:
    try:
        return selectors.get_plan(user=request.user, plan_id=plan_id)
    except selectors.NotVisible as exc:
        raise Http404 from exc


@staff_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    tasks = list(
        selectors.list_tasks(user=request.user, plan=plan).order_by("group__order", "deadline", "pk")
    )
    groups = list(plan.groups.order_by("order"))
    summary = selectors.get_progress(as_of=_today(), plan=plan) if reads_everything(request.user) else None
    return render(
        request,
        "workspace/reform/plan.html",
        _base(
            request,
            plan=plan,
            groups=[(g, [t for t in tasks if t.group_id == g.pk]) for g in groups],
            summary=summary,
            issue_form=f.IssueForm(),
            group_form=f.GroupForm(),
            is_editor=can_edit(request.user, plan.committee_id),
        ),
    )


@require_POST
@staff_required
def plan_issue(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    form = f.IssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("workspace:reform:plan", plan_id=plan.pk)
    return _act(
        request,
        reverse("workspace:reform:plan", args=[plan.pk]),
        lambda: services.issue_plan(
            plan=plan,
            decision_number=form.cleaned_data["decision_number"],
            decision_date=form.cleaned_data["decision_date"],
            issued_by=form.cleaned_data["issued_by"],
            actor=request.user,
        ),
        _("Đã ghi nhận quyết định ban hành kế hoạch; các đơn vị có thể báo cáo tiến độ."),
    )


@require_POST
@staff_required
def group_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    return _act(
        request,
        reverse("workspace:reform:plan", args=[plan.pk]),
        lambda: services.add_group(plan=plan, name=request.POST.get("name", "")[:200], actor=request.user),
        _("Đã thêm nhóm nhiệm vụ."),
    )


@require_POST
@staff_required
def group_change(request: HttpRequest, plan_id: int, group_id: int) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    group = plan.groups.filter(pk=group_id).first()
    if group is None:
        raise Http404
    to = reverse("workspace:reform:plan", args=[plan.pk])
    if request.POST.get("action") == "delete":
        return _act(
            request,
            to,
            lambda: services.remove_group(group=group, actor=request.user),
            _("Đã xóa nhóm nhiệm vụ."),
        )
    return _act(
        request,
        to,
        lambda: services.rename_group(
            group=group, name=request.POST.get("name", "")[:200], actor=request.user
        ),
        _("Đã đổi tên nhóm nhiệm vụ."),
    )


def _task_input(form: f.TaskForm) -> services.TaskInput:
    d = form.cleaned_data
    return services.TaskInput(
        title=d["title"],
        group=d["group"],
        owner=d["owner"],
        deadline=d["deadline"],
        co_agencies=list(d["co_agencies"]),
        expected_output=d["expected_output"],
        description=d["description"],
        number=d["number"],
        legal_basis=d["legal_basis"],
        legal_basis_url=d["legal_basis_url"],
        kpi_code=d["kpi_code"],
        kpi_target=d["kpi_target"],
        kpi_direction=d["kpi_direction"],
        kpi_agency=d["kpi_agency"],
    )


@staff_required
def task_create(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    if not can_edit(request.user, plan.committee_id):
        raise Http404
    form = f.TaskForm(request.POST or None, plan=plan, initial={"group": request.GET.get("nhom")})
    if request.method == "POST" and form.is_valid():
        created: dict[str, ReformTask] = {}

        def call() -> None:
            created["task"] = services.create_task(
                plan=plan, data=_task_input(form), actor=request.user, at=timezone.now()
            )

        if _apply(form, call):
            messages.success(
                request,
                _("Đã giao nhiệm vụ “%(title)s” cho %(owner)s.")
                % {"title": created["task"].title, "owner": created["task"].owner.name},
            )
            if request.POST.get("again"):
                return redirect(
                    reverse("workspace:reform:task-create", args=[plan.pk])
                    + f"?nhom={form.cleaned_data['group'].pk}"
                )
            return redirect("workspace:reform:plan", plan_id=plan.pk)
    return render(request, "workspace/reform/task_form.html", _base(request, plan=plan, form=form, task=None))


def _task_or_404(request: HttpRequest, task_id: int) -> ReformTask:
    try:
        return selectors.get_task(user=request.user, task_id=task_id)
    except selectors.NotVisible as exc:
        raise Http404 from exc


def _task_context(request: HttpRequest, task: ReformTask, **extra: Any) -> dict[str, Any]:
    reading = None
    if task.kpi_code:
        plan = task.plan
        reading = kpis.read(
            code=task.kpi_code,
            agency=task.kpi_agency or task.owner,
            start=date(plan.start_year, 1, 1),
            end=min(_today(), date(plan.end_year, 12, 31)),
            target=task.kpi_target,
            direction=task.kpi_direction,
        )
    return _base(
        request,
        task=task,
        events=selectors.list_task_events(task=task),
        reports=list(task.reports.select_related("actor").prefetch_related("files")),
        co_agencies=list(task.co_agencies.all()),
        can_report=can_report_progress(request.user, task)
        and task.plan.status == ReformPlan.Status.ISSUED
        and task.status != TaskStatus.CANCELLED,
        is_editor=can_edit(request.user, task.plan.committee_id),
        is_overdue=task.status not in (TaskStatus.COMPLETED, TaskStatus.CANCELLED)
        and task.deadline < _today(),
        kpi=reading,
        progress_form=extra.pop("progress_form", None)
        or f.ProgressForm(
            initial={
                "status": TaskStatus.COMPLETED
                if task.status == TaskStatus.COMPLETED
                else TaskStatus.IN_PROGRESS,
                "percent": task.progress_percent,
            }
        ),
        reason_form=f.ReasonForm(),
        **extra,
    )


@staff_required
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    task = _task_or_404(request, task_id)
    return render(request, "workspace/reform/task.html", _task_context(request, task))


@require_POST
@staff_required
def task_report(request: HttpRequest, task_id: int) -> HttpResponse:
    task = _task_or_404(request, task_id)
    form = f.ProgressForm(request.POST)
    files_error = ""
    uploads: list[CheckedUpload] = []
    try:
        uploads = [
            check_upload(name=u.name or "tep", stream=u, field="files")
            for u in request.FILES.getlist("files")
        ]
    except InvalidInput as exc:
        files_error = str(exc.message)
    if form.is_valid() and not files_error:
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = None

        def call() -> None:
            services.report_progress(
                task=task,
                status=form.cleaned_data["status"],
                percent=form.cleaned_data["percent"],
                comment=form.cleaned_data["comment"],
                files=uploads,
                actor=request.user,
                at=timezone.now(),
                expected_version=version,
            )

        if _apply(form, call):
            messages.success(request, _("Đã gửi báo cáo tiến độ nhiệm vụ."))
            return redirect("workspace:reform:task", task_id=task.pk)
    return render(
        request,
        "workspace/reform/task.html",
        _task_context(request, task, progress_form=form, files_error=files_error),
        status=422,
    )


@staff_required
def task_edit(request: HttpRequest, task_id: int) -> HttpResponse:
    task = _task_or_404(request, task_id)
    if not can_edit(request.user, task.plan.committee_id):
        raise Http404
    initial = {name: getattr(task, name) for name in services.TRACKED_FIELDS}
    initial["co_agencies"] = list(task.co_agencies.all())
    form = f.TaskForm(request.POST or None, plan=task.plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = None

        def call() -> None:
            services.update_task(
                task=task,
                data=_task_input(form),
                actor=request.user,
                at=timezone.now(),
                reason=form.cleaned_data["reason"],
                expected_version=version,
            )

        if _apply(form, call):
            messages.success(request, _("Đã lưu điều chỉnh nhiệm vụ."))
            return redirect("workspace:reform:task", task_id=task.pk)
    return render(
        request, "workspace/reform/task_form.html", _base(request, plan=task.plan, form=form, task=task)
    )


@require_POST
@staff_required
def task_cancel(request: HttpRequest, task_id: int) -> HttpResponse:
    task = _task_or_404(request, task_id)
    return _act(
        request,
        reverse("workspace:reform:task", args=[task.pk]),
        lambda: services.cancel_task(
            task=task, reason=request.POST.get("reason", "")[:2000], actor=request.user, at=timezone.now()
        ),
        _("Đã điều chỉnh: nhiệm vụ không thực hiện, không tính vào kế hoạch."),
    )


@require_POST
@staff_required
def task_reopen(request: HttpRequest, task_id: int) -> HttpResponse:
    task = _task_or_404(request, task_id)
    return _act(
        request,
        reverse("workspace:reform:task", args=[task.pk]),
        lambda: services.reopen_task(
            task=task, reason=request.POST.get("reason", "")[:2000], actor=request.user, at=timezone.now()
        ),
        _("Đã mở lại nhiệm vụ."),
    )


@staff_required
def evidence(request: HttpRequest, task_id: int, file_id: int) -> FileResponse:
    task = _task_or_404(request, task_id)
    for report in task.reports.prefetch_related("files"):
        for stored in report.files.all():
            if stored.pk == file_id:
                return FileResponse(
                    stored.file.open("rb"),
                    content_type=stored.content_type,
                    filename=f"minh-chung-{task.pk}-{stored.pk}.{stored.extension}",
                )
    raise Http404


def _export(request: HttpRequest, plan_id: int) -> Any:
    plan = _plan_or_404(request, plan_id)
    if not reads_everything(request.user):
        raise Http404
    return plan, plan_report(plan=plan, as_of=_today())


@staff_required
def plan_excel(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, report = _export(request, plan_id)
    response = HttpResponse(
        to_excel(report), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="ke-hoach-cchc-{plan.pk}-{_today():%Y%m%d}.xlsx"'
    return response


@staff_required
def plan_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, report = _export(request, plan_id)
    response = HttpResponse(
        to_pdf(
            report,
            committee_name=plan.committee.name,
            province_name=_("Ủy ban nhân dân tỉnh Nghệ An")
            if plan.committee.province_code == "40"
            else _("Ủy ban nhân dân tỉnh"),
        ),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="bao-cao-tien-do-{plan.pk}-{_today():%Y%m%d}.pdf"'
    return response


# -- meetings ------------------------------------------------------------------------------------------


def _reader_or_404(request: HttpRequest) -> None:
    if not reads_everything(request.user):
        raise Http404


@staff_required
def meetings(request: HttpRequest) -> HttpResponse:
    _reader_or_404(request)
    year = _year(request)
    committee = selectors.get_committee()
    form = f.MeetingForm(request.POST or None)
    if request.method == "POST" and committee is not None:
        if request.POST.get("action") == "schedule_year":
            return _act(
                request,
                reverse("workspace:reform:meetings") + f"?nam={year}",
                lambda: services.schedule_year_meetings(
                    committee=committee, year=year, actor=request.user, is_working_day=_is_working_day
                ),
                _("Đã lên lịch họp định kỳ năm %(year)s (họp trực tuyến quý vào tháng 3, 6, 9, 12).")
                % {"year": year},
            )
        if form.is_valid() and _apply(
            form,
            lambda: services.schedule_meeting(
                committee=committee,
                kind=form.cleaned_data["kind"],
                scheduled_at=form.cleaned_data["scheduled_at"],
                location=form.cleaned_data["location"],
                agenda=form.cleaned_data["agenda"],
                actor=request.user,
            ),
        ):
            messages.success(request, _("Đã lên lịch cuộc họp."))
            return redirect(reverse("workspace:reform:meetings") + f"?nam={year}")
    return render(
        request,
        "workspace/reform/meetings.html",
        _base(
            request,
            year=year,
            meetings=list(selectors.list_meetings(user=request.user, year=year)),
            form=form,
        ),
    )


@staff_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    try:
        meeting = selectors.get_meeting(user=request.user, meeting_id=meeting_id)
    except selectors.NotVisible as exc:
        raise Http404 from exc
    year = timezone.localtime(meeting.scheduled_at).year
    plan = (
        ReformPlan.objects.filter(
            committee=meeting.committee,
            status=ReformPlan.Status.ISSUED,
            start_year__lte=year,
            end_year__gte=year,
        )
        .order_by("-start_year")
        .first()
    )
    minutes_form = f.MinutesForm(initial={"agenda": meeting.agenda, "minutes": meeting.minutes})
    conclusion_form = f.ConclusionForm(plan=plan)
    if request.method == "POST":
        if request.POST.get("action") == "minutes":
            minutes_form = f.MinutesForm(request.POST)
            if minutes_form.is_valid() and _apply(
                minutes_form,
                lambda: services.record_minutes(
                    meeting=meeting,
                    agenda=minutes_form.cleaned_data["agenda"],
                    minutes=minutes_form.cleaned_data["minutes"],
                    held_at=meeting.held_at or meeting.scheduled_at,
                    actor=request.user,
                ),
            ):
                messages.success(request, _("Đã lưu biên bản cuộc họp."))
                return redirect("workspace:reform:meeting", meeting_id=meeting.pk)
        else:
            conclusion_form = f.ConclusionForm(request.POST, plan=plan)
            if conclusion_form.is_valid():
                d = conclusion_form.cleaned_data
                data = services.TaskInput(
                    title="", group=d["group"], owner=d["owner"], deadline=d["deadline"]
                )
                if _apply(
                    conclusion_form,
                    lambda: services.add_conclusion(
                        meeting=meeting, text=d["text"], data=data, actor=request.user, at=timezone.now()
                    ),
                ):
                    messages.success(request, _("Đã ghi kết luận và giao thành nhiệm vụ theo dõi."))
                    return redirect("workspace:reform:meeting", meeting_id=meeting.pk)
    conclusions = list(meeting.conclusions.select_related("task", "task__owner"))
    return render(
        request,
        "workspace/reform/meeting.html",
        _base(
            request,
            meeting=meeting,
            plan=plan,
            conclusions=conclusions,
            minutes_form=minutes_form,
            conclusion_form=conclusion_form,
        ),
    )


# -- inspections ---------------------------------------------------------------------------------------


@staff_required
def inspections(request: HttpRequest) -> HttpResponse:
    _reader_or_404(request)
    year = _year(request)
    committee = selectors.get_committee()
    form = f.InspectionForm(request.POST or None)
    if (
        request.method == "POST"
        and committee is not None
        and form.is_valid()
        and _apply(
            form,
            lambda: services.plan_inspection(
                committee=committee,
                agency=form.cleaned_data["agency"],
                planned_on=form.cleaned_data["planned_on"],
                scope=form.cleaned_data["scope"],
                actor=request.user,
            ),
        )
    ):
        messages.success(request, _("Đã đưa đợt kiểm tra vào kế hoạch."))
        return redirect(reverse("workspace:reform:inspections") + f"?nam={year}")
    return render(
        request,
        "workspace/reform/inspections.html",
        _base(
            request,
            year=year,
            inspections=list(selectors.list_inspections(user=request.user, year=year)),
            form=form,
        ),
    )


@staff_required
def inspection_detail(request: HttpRequest, inspection_id: int) -> HttpResponse:
    try:
        inspection = selectors.get_inspection(user=request.user, inspection_id=inspection_id)
    except selectors.NotVisible as exc:
        raise Http404 from exc
    year = (inspection.conducted_on or inspection.planned_on).year
    plan = (
        ReformPlan.objects.filter(
            committee=inspection.committee,
            status=ReformPlan.Status.ISSUED,
            start_year__lte=year,
            end_year__gte=year,
        )
        .order_by("-start_year")
        .first()
    )
    result_form = f.InspectionResultForm(
        initial={
            "conducted_on": inspection.conducted_on or inspection.planned_on,
            "summary": inspection.summary,
        }
    )
    finding_form = f.FindingForm(plan=plan)
    if request.method == "POST":
        if request.POST.get("action") == "result":
            result_form = f.InspectionResultForm(request.POST)
            if result_form.is_valid() and _apply(
                result_form,
                lambda: services.record_inspection(
                    inspection=inspection,
                    conducted_on=result_form.cleaned_data["conducted_on"],
                    summary=result_form.cleaned_data["summary"],
                    actor=request.user,
                ),
            ):
                messages.success(request, _("Đã ghi kết quả kiểm tra."))
                return redirect("workspace:reform:inspection", inspection_id=inspection.pk)
        else:
            finding_form = f.FindingForm(request.POST, plan=plan)
            if finding_form.is_valid():
                d = finding_form.cleaned_data
                data = services.TaskInput(
                    title="", group=d["group"], owner=d["owner"], deadline=d["deadline"]
                )
                if _apply(
                    finding_form,
                    lambda: services.add_finding(
                        inspection=inspection,
                        text=d["text"],
                        required_fix=d["required_fix"],
                        data=data,
                        actor=request.user,
                        at=timezone.now(),
                    ),
                ):
                    messages.success(request, _("Đã ghi kết luận kiểm tra và giao nhiệm vụ khắc phục."))
                    return redirect("workspace:reform:inspection", inspection_id=inspection.pk)
    return render(
        request,
        "workspace/reform/inspection.html",
        _base(
            request,
            inspection=inspection,
            plan=plan,
            findings=list(inspection.findings.select_related("task")),
            result_form=result_form,
            finding_form=finding_form,
            is_conducted=inspection.status == Inspection.Status.CONDUCTED,
        ),
    )


# -- pilot units, indices, sensitive posts -------------------------------------------------------------


@staff_required
def pilots(request: HttpRequest) -> HttpResponse:
    _reader_or_404(request)
    year = _year(request)
    committee = selectors.get_committee()
    form = f.PilotForm(request.POST or None, committee=committee)
    if (
        request.method == "POST"
        and committee is not None
        and form.is_valid()
        and _apply(
            form,
            lambda: services.designate_pilot_unit(
                committee=committee,
                year=year,
                agency=form.cleaned_data["agency"],
                member_in_charge=form.cleaned_data["member_in_charge"],
                focus=form.cleaned_data["focus"],
                actor=request.user,
            ),
        )
    ):
        messages.success(request, _("Đã chọn đơn vị chỉ đạo điểm."))
        return redirect(reverse("workspace:reform:pilots") + f"?nam={year}")
    rows = selectors.list_pilot_units(user=request.user, year=year, as_of=_today())
    return render(
        request,
        "workspace/reform/pilots.html",
        _base(
            request,
            year=year,
            rows=rows,
            form=form,
            kpi_labels=[r.definition for r in rows[0].readings] if rows else [],
        ),
    )


@staff_required
def indices(request: HttpRequest) -> HttpResponse:
    _reader_or_404(request)
    committee = selectors.get_committee()
    result_form = f.IndexResultForm(prefix="kq")
    target_form = f.IndexTargetForm(prefix="mt")
    if request.method == "POST" and committee is not None:
        if request.POST.get("action") == "target":
            target_form = f.IndexTargetForm(request.POST, prefix="mt")
            if target_form.is_valid() and _apply(
                target_form,
                lambda: services.set_index_target(
                    committee=committee, actor=request.user, **target_form.cleaned_data
                ),
            ):
                messages.success(request, _("Đã lưu mục tiêu chỉ số."))
                return redirect("workspace:reform:indices")
        else:
            result_form = f.IndexResultForm(request.POST, prefix="kq")
            if result_form.is_valid() and _apply(
                result_form,
                lambda: services.record_index_result(
                    committee=committee, actor=request.user, **result_form.cleaned_data
                ),
            ):
                messages.success(request, _("Đã lưu kết quả chỉ số."))
                return redirect("workspace:reform:indices")
    series = []
    for s in selectors.list_index_series(user=request.user):
        ranked = [r for r in s.results if r.national_rank]
        svg = charts.rank_chart(
            title=_("%(index)s: xếp hạng của tỉnh qua các năm và mục tiêu") % {"index": s.label},
            results=[charts.Point(year=r.year, rank=r.national_rank) for r in ranked if r.national_rank],
            targets=[charts.Point(year=t.year, rank=t.target_rank) for t in s.targets if t.target_rank],
            ranked_count=max([r.ranked_count or 0 for r in s.results] + [34]),
            rank_label=_("Xếp hạng"),
            target_label=_("Mục tiêu"),
        )
        series.append((s, svg))
    return render(
        request,
        "workspace/reform/indices.html",
        _base(
            request,
            series=series,
            result_form=result_form,
            target_form=target_form,
            kinds=IndexKind,
            illustrative=any(r.is_illustrative for s, _svg in series for r in s.results),
        ),
    )


@staff_required
def posts(request: HttpRequest) -> HttpResponse:
    committee = selectors.get_committee()
    today = _today()
    post_form = f.SensitivePostForm(prefix="vt")
    holding_form = f.HoldingForm(prefix="ng")
    if request.method == "POST" and committee is not None:
        action = request.POST.get("action")
        if action == "post":
            post_form = f.SensitivePostForm(request.POST, prefix="vt")
            if post_form.is_valid() and _apply(
                post_form,
                lambda: services.register_sensitive_post(
                    committee=committee, actor=request.user, **post_form.cleaned_data
                ),
            ):
                messages.success(request, _("Đã đánh dấu vị trí công tác nhạy cảm."))
                return redirect("workspace:reform:posts")
        elif action == "holding":
            holding_form = f.HoldingForm(request.POST, prefix="ng")
            if holding_form.is_valid():
                post = holding_form.cleaned_data["post"]
                if post is None:
                    holding_form.add_error("post", _("Vui lòng chọn vị trí."))
                elif _apply(
                    holding_form,
                    lambda: services.record_holding(
                        committee=committee,
                        post=post,
                        official_name=holding_form.cleaned_data["official_name"],
                        started_on=holding_form.cleaned_data["started_on"],
                        actor=request.user,
                    ),
                ):
                    messages.success(request, _("Đã ghi nhận cán bộ giữ vị trí."))
                    return redirect("workspace:reform:posts")
        elif action == "end":
            holding = (
                PostHolding.objects.filter(pk=request.POST.get("holding") or 0).select_related("post").first()
            )
            if holding is None:
                raise Http404
            form = f.DateForm(request.POST)
            ended = form.cleaned_data["on"] if form.is_valid() else None
            return _act(
                request,
                reverse("workspace:reform:posts"),
                lambda: services.end_holding(
                    committee=committee, holding=holding, ended_on=ended, actor=request.user
                ),
                _("Đã ghi nhận việc chuyển đổi vị trí công tác."),
            )
    rows = selectors.list_holdings(user=request.user, today=today)
    if not rows and not reads_everything(request.user):
        raise Http404
    return render(
        request,
        "workspace/reform/posts.html",
        _base(
            request,
            rows=rows,
            post_form=post_form,
            holding_form=holding_form,
            overdue_count=sum(1 for r in rows if r.state == "overdue"),
            due_count=sum(1 for r in rows if r.state == "due"),
        ),
    )


# -- citizen reception days ----------------------------------------------------------------------------


@staff_required
def reception(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    committee = selectors.get_committee()
    reads_all = reads_everything(request.user)
    form = f.ReceptionScheduleForm(
        request.POST or None, committee=committee, initial={"months": list(range(1, 13))}
    )
    if request.method == "POST" and committee is not None and form.is_valid():
        member = form.cleaned_data["host"]
        if _apply(
            form,
            lambda: services.schedule_reception_days(
                committee=committee,
                year=year,
                months=form.cleaned_data["months"],
                host=member.user if member else None,
                location=form.cleaned_data["location"],
                actor=request.user,
                is_working_day=_is_working_day,
            ),
        ):
            messages.success(
                request,
                _(
                    "Đã lên lịch tiếp công dân (ngày 5 và 15 hằng tháng; "
                    "trùng ngày nghỉ thì chuyển sang ngày làm việc kế tiếp)."
                ),
            )
            return redirect(reverse("workspace:reform:reception") + f"?nam={year}")
    cases = (
        selectors.list_reception_cases(user=request.user).exclude(status="closed").order_by("deadline", "pk")
    )
    return render(
        request,
        "workspace/reform/reception.html",
        _base(
            request,
            year=year,
            days=list(selectors.list_reception_days(user=request.user, year=year)) if reads_all else [],
            open_cases=list(cases),
            form=form,
        ),
    )


@staff_required
def reception_day(request: HttpRequest, day_id: int) -> HttpResponse:
    _reader_or_404(request)
    day = ReceptionDay.objects.select_related("host", "committee").filter(pk=day_id).first()
    if day is None:
        raise Http404
    form = f.ReceptionCaseForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: services.record_reception_case(
                day=day, actor=request.user, at=timezone.now(), **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Đã ghi nhận vụ việc."))
        return redirect("workspace:reform:reception-day", day_id=day.pk)
    return render(
        request,
        "workspace/reform/reception_day.html",
        _base(request, day=day, cases=list(day.cases.select_related("assigned_agency")), form=form),
    )


@staff_required
def reception_case(request: HttpRequest, case_id: int) -> HttpResponse:
    try:
        case = selectors.get_reception_case(user=request.user, case_id=case_id)
    except selectors.NotVisible as exc:
        raise Http404 from exc
    assign_form = f.AssignCaseForm(prefix="giao")
    note_form = f.NoteForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "assign":
            assign_form = f.AssignCaseForm(request.POST, prefix="giao")
            if assign_form.is_valid() and _apply(
                assign_form,
                lambda: services.assign_reception_case(
                    case=case, actor=request.user, at=timezone.now(), **assign_form.cleaned_data
                ),
            ):
                messages.success(request, _("Đã giao cơ quan xử lý."))
                return redirect("workspace:reform:reception-case", case_id=case.pk)
        else:
            note_form = f.NoteForm(request.POST)
            if note_form.is_valid():
                note = note_form.cleaned_data["note"]
                if action == "close":
                    call: Callable[[], Any] = lambda: services.close_reception_case(  # noqa: E731
                        case=case, result=note, actor=request.user, at=timezone.now()
                    )
                else:
                    call = lambda: services.follow_up_reception_case(  # noqa: E731
                        case=case, note=note, actor=request.user, at=timezone.now()
                    )
                if _apply(note_form, call):
                    messages.success(request, _("Đã cập nhật vụ việc."))
                    return redirect("workspace:reform:reception-case", case_id=case.pk)
    return render(
        request,
        "workspace/reform/reception_case.html",
        _base(
            request,
            case=case,
            updates=list(case.updates.all()),
            assign_form=assign_form,
            note_form=note_form,
            is_editor=can_edit(request.user, case.day.committee_id),
        ),
    )
