"""Staff pages. Each view parses, fetches through a scoped selector, calls one service, renders."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.catalog import selectors as catalog
from motcua.catalog.models import MoveKind, Procedure, ProcedureVersion
from motcua.core.errors import DomainError, InvalidInput
from motcua.dossiers import selectors as dossiers
from motcua.dossiers import worklists
from motcua.dossiers.models import Dossier, EventType
from motcua.dossiers.official_forms import available_forms
from motcua.dossiers.paper_uploads import collect_paper_uploads
from motcua.dossiers.permissions import (
    can_act_on_step,
    can_extend,
    can_receive_supplement,
    can_refuse,
    can_request_supplement,
    move_agencies,
    move_targets,
    step_allows,
)
from motcua.dossiers.services import (
    ApplicantDetails,
    answer_consultation,
    assign_dossier,
    complete_correction,
    complete_step,
    consult_agencies,
    extend_due_date,
    receive_at_desk,
    receive_dossier,
    receive_supplement,
    record_payment,
    refuse_dossier,
    request_correction,
    request_financial_obligation,
    request_supplement,
    return_transfer,
    send_back,
    stop_dossier,
    transfer_dossier,
    withdraw_dossier,
)
from motcua.dossiers.services.intake import choose_agency
from motcua.organisations import selectors as org
from motcua.organisations.models import Role

from .forms import DeskIntakeForm, ExtensionForm, LogPeriodForm, QueueFilterForm


def staff_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Require a signed-in staff member; citizens are sent to their own pages."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_citizen:  # type: ignore[union-attr]
            return redirect("portal:my-dossiers")
        return view(request, *args, **kwargs)

    return wrapper


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    form = QueueFilterForm(request.GET or None)
    queue = request.GET.get("hang_doi", "to_process")
    if queue not in worklists.QUEUES:
        queue = "to_process"
    filters = worklists.QueueFilter()
    if form.is_valid():
        filters = worklists.QueueFilter(
            q=form.cleaned_data["q"],
            date_from=form.cleaned_data["tu_ngay"],
            date_to=form.cleaned_data["den_ngay"],
        )
    dossier_url = reverse("workspace:dossier", args=["__code__"])  # one reverse for the 100 lines
    return render(
        request,
        "workspace/home.html",
        {
            "worklist": [
                (row, dossier_url.replace("__code__", row["code"]))
                for row in worklists.list_queue(user=request.user, queue=queue, at=now, filters=filters)
            ],
            "queue": queue,
            "queues": [
                (key, label, n)
                for (key, label), n in zip(
                    worklists.QUEUES.items(),
                    worklists.count_queues(user=request.user, at=now).values(),
                    strict=True,
                )
            ],
            "form": form,
            "positions": org.list_positions(user=request.user),
        },
    )


def _dossier_or_404(request: HttpRequest, code: str) -> Dossier:
    try:
        return dossiers.get_dossier_for_user(user=request.user, code=code)
    except Dossier.DoesNotExist as exc:
        raise Http404 from exc


def _named_by_process(agencies: list[Any], step: Any, kind: str) -> list[Any]:
    allowed = move_agencies(step, kind) if step is not None and agencies else None
    return agencies if allowed is None else [a for a in agencies if a.pk in allowed]


@staff_required
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    from motcua.dossiers.permissions import is_desk_of, is_leader_here, working_agency_id
    from motcua.dossiers.results import list_dossier_results, may_sign
    from motcua.dossiers.transitions import DossierStatus
    from motcua.organisations.models import Agency, Position

    dossier = _dossier_or_404(request, code)
    user = request.user
    my_agencies = org.agency_ids_for(user=user)
    running = dossier.status in (DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS)
    can_act = can_act_on_step(user, dossier)
    leader = is_leader_here(user, dossier)
    desk = is_desk_of(user, dossier)
    events = dossiers.list_events(dossier=dossier, public_only=False)
    types = {e.type for e in events}
    # a consultation or transfer is written with its event, in one transaction: without the
    # event there is no row to read
    consultations = (
        list(dossier.consultations.select_related("agency", "asked_by", "answered_by"))
        if EventType.CONSULTED in types
        else []
    )
    transfers = (
        list(dossier.transfers.select_related("from_agency", "to_agency"))
        if EventType.TRANSFERRED in types
        else []
    )
    step = dossier.current_step
    assignable = (
        Position.objects.filter(agency_id=working_agency_id(dossier), role=step.role).select_related("user")
        if leader and step is not None and running
        else []
    )
    other_agencies = (
        list(Agency.objects.exclude(pk=working_agency_id(dossier)).order_by("level", "name"))
        if (can_act or leader) and running
        else []
    )
    # the approved process may name the agencies a step consults or transfers to (Art 38(1)(d))
    consult_choices = _named_by_process(other_agencies, step, MoveKind.CONSULT)
    transfer_choices = _named_by_process(other_agencies, step, MoveKind.TRANSFER)
    results = list_dossier_results(dossier=dossier)
    can_send_back = can_act and dossier.status == DossierStatus.IN_PROGRESS
    # where the approved process branches, the officer chooses the step (a select on the page)
    next_choices = (
        move_targets(step, MoveKind.NEXT)
        if can_act and step is not None and dossier.status != DossierStatus.SUBMITTED
        else []
    )
    back_choices = move_targets(step, MoveKind.BACK) if can_send_back and step is not None else []
    return render(
        request,
        "workspace/dossier.html",
        {
            "can_send_back": can_send_back,
            "next_choices": next_choices if len(next_choices) > 1 else [],
            "back_choices": back_choices if len(back_choices) > 1 else [],
            "can_request_payment": can_act and running,
            "can_record_payment": dossier.status == DossierStatus.AWAITING_PAYMENT and (desk or can_act),
            "can_consult": can_act
            and running
            and step is not None
            and step_allows(step, MoveKind.CONSULT)
            and bool(consult_choices),
            "can_transfer": leader
            and running
            and step is not None
            and step_allows(step, MoveKind.TRANSFER)
            and bool(transfer_choices),
            "assignable": assignable,
            "consult_choices": consult_choices,
            "transfer_choices": transfer_choices,
            "consultations": consultations,
            "to_answer": [c for c in consultations if c.answered_at is None and c.agency_id in my_agencies],
            "transfers": transfers,
            "transfer_to_finish": next(
                (t for t in transfers if t.returned_at is None and t.to_agency_id in my_agencies), None
            ),
            "can_withdraw": desk and dossier.status in (1, 2, 4, 5, 6),
            "can_request_correction": desk
            and dossier.status == DossierStatus.RETURNED
            and dossier.correction_due_at is None,
            "can_correct": dossier.correction_due_at is not None
            and dossier.competent_agency_id in my_agencies,
            "dossier": dossier,
            "events": events,
            "components": list(dossier.components.select_related("file")),
            "can_act": can_act,
            "can_refuse": can_refuse(request.user, dossier),
            "can_request_supplement": can_request_supplement(request.user, dossier),
            "can_receive_supplement": can_receive_supplement(request.user, dossier),
            "can_extend": can_extend(request.user, dossier),
            "due_changes": list(dossier.due_changes.select_related("actor")),
            "forms": available_forms(dossier, event_types=types),
            "results": results,
            "can_sign": can_act and not results and may_sign(user, dossier),
            "now": timezone.now(),
        },
    )


@staff_required
def file_download(request: HttpRequest, code: str, component_id: int) -> FileResponse:
    from motcua.documents.models import DataAccess
    from motcua.documents.services import record_data_access

    dossier = _dossier_or_404(request, code)
    component = dossier.components.select_related("file").filter(pk=component_id, file__isnull=False).first()
    if component is None or component.file is None:
        raise Http404
    stored = component.file
    # A paper the applicant took from their personal data store: its holder sees who opened it.
    record_data_access(
        stored_file=stored,
        holder_id=dossier.applicant_personal_id,
        actor=request.user,
        purpose=DataAccess.Purpose.DOSSIER,
        at=timezone.now(),
        dossier_code=dossier.code,
        agency_id=dossier.competent_agency_id,
    )
    return FileResponse(
        stored.file.open("rb"),
        content_type=stored.content_type,
        filename=f"{dossier.code}-{component.pk}.{stored.extension}",
    )


@staff_required
def desk_intake(request: HttpRequest) -> HttpResponse:
    """Receive a paper dossier at the officer's desk: identity, papers scanned, receipt issued."""
    centres = [
        p.service_centre
        for p in org.list_positions(user=request.user)
        if p.role == Role.DESK_OFFICER and p.service_centre
    ]
    if not centres:
        messages.error(request, _("Bạn không phải cán bộ tiếp nhận của Bộ phận Một cửa nào."))
        return redirect("workspace:home")
    centre = centres[0]
    procedures = list(catalog.list_procedures()[:1000])
    form = DeskIntakeForm(request.POST or None)
    version = None
    paper_errors: dict[int, str] = {}
    code = request.POST.get("procedure") or request.GET.get("thu_tuc", "")
    if code:
        try:
            version = catalog.get_version_in_force(
                procedure=catalog.get_procedure(code=code), on=timezone.localdate()
            )
        except (Procedure.DoesNotExist, ProcedureVersion.DoesNotExist):
            form.add_error(None, _("Không tìm thấy thủ tục này."))
    # Several agencies may handle the procedure (each commune's People's Committee): the desk's own
    # one is proposed, the officer may name another; the service checks it (choose_agency).
    agencies = catalog.list_competent_agencies(version) if version else []
    agency = choose_agency(version=version, centre=centre) if version else None
    if request.method == "POST" and request.POST.get("agency"):
        agency = next((a for a in agencies if a.electronic_id == request.POST["agency"]), None)
        if agency is None:
            form.add_error(None, _("Cơ quan giải quyết được chọn không giải quyết thủ tục này."))
    if request.method == "POST" and version is not None:
        uploads, paper_errors = collect_paper_uploads(
            files=request.FILES,
            papers=version.papers.all(),
            missing_message=_("Vui lòng số hóa (quét) giấy tờ này."),
        )
        if form.is_valid() and not paper_errors:
            data = form.cleaned_data
            try:
                dossier = receive_at_desk(
                    version=version,
                    centre=centre,
                    actor=request.user,
                    details=ApplicantDetails(
                        full_name=data["full_name"],
                        personal_id=data["personal_id"],
                        phone=data["phone"],
                        email=data["email"],
                        address=data["address"],
                    ),
                    request_summary=data["request_summary"],
                    papers=uploads,
                    at=timezone.now(),
                    channel=int(data["channel"]),
                    copies=data["copies"],
                    delivery=data["delivery"],
                    delivery_address=data["delivery_address"],
                    agency=agency,
                )
            except DomainError as exc:
                messages.error(request, str(exc.message))
            else:
                messages.success(
                    request,
                    _("Đã tiếp nhận hồ sơ %(code)s. In Giấy tiếp nhận cho người nộp.")
                    % {"code": dossier.code},
                )
                return redirect("workspace:dossier", code=dossier.code)
        else:
            messages.error(request, _("Hồ sơ chưa được tiếp nhận. Vui lòng sửa các mục được đánh dấu."))
    papers = [(p, paper_errors.get(p.pk)) for p in version.papers.all()] if version else []
    return render(
        request,
        "workspace/desk_intake.html",
        {
            "form": form,
            "centre": centre,
            "procedures": procedures,
            "version": version,
            "papers": papers,
            "selected": code,
            "agencies": agencies,
            "agency": agency,
        },
    )


def _expected_version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _text(request: HttpRequest, name: str, limit: int = 2000) -> str:
    return request.POST.get(name, "")[:limit]


def _int_list(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


def _days(request: HttpRequest) -> int:
    value = request.POST.get("working_days", "")
    return int(value) if value.isdigit() else 0


def _chosen_step(request: HttpRequest) -> int | None:
    """Return the step the officer chose where the process branches (None when there was no choice)."""
    value = request.POST.get("to_step", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise InvalidInput(_("Bước được chọn không hợp lệ."), field="to_step")
    return int(value)


# One function per dossier action: parse the posted fields, call the service, return the success message.
ActionHandler = Callable[[HttpRequest, Dossier], str]


def _receive(request: HttpRequest, dossier: Dossier) -> str:
    receive_dossier(
        dossier=dossier, actor=request.user, at=timezone.now(), expected_version=_expected_version(request)
    )
    return _("Đã tiếp nhận hồ sơ; thời hạn giải quyết bắt đầu được tính.")


def _refuse(request: HttpRequest, dossier: Dossier) -> str:
    refuse_dossier(
        dossier=dossier,
        actor=request.user,
        at=timezone.now(),
        reason=_text(request, "reason"),
        expected_version=_expected_version(request),
    )
    return _("Đã từ chối tiếp nhận hồ sơ.")


def _complete(request: HttpRequest, dossier: Dossier) -> str:
    complete_step(
        dossier=dossier,
        actor=request.user,
        at=timezone.now(),
        note=_text(request, "note"),
        expected_version=_expected_version(request),
        to_step=_chosen_step(request),
    )
    return _("Đã hoàn thành bước và chuyển hồ sơ sang bước tiếp theo.")


def _supplement(request: HttpRequest, dossier: Dossier) -> str:
    request_supplement(
        dossier=dossier,
        actor=request.user,
        at=timezone.now(),
        missing=_text(request, "missing"),
        expected_version=_expected_version(request),
    )
    return _("Đã gửi yêu cầu bổ sung, hoàn thiện hồ sơ; thời hạn tạm dừng đến khi nhận đủ hồ sơ.")


def _supplement_received(request: HttpRequest, dossier: Dossier) -> str:
    receive_supplement(
        dossier=dossier,
        actor=request.user,
        at=timezone.now(),
        note=_text(request, "note"),
        expected_version=_expected_version(request),
    )
    return _("Đã nhận hồ sơ bổ sung; thời hạn giải quyết được tính lại từ đầu.")


def _extend(request: HttpRequest, dossier: Dossier) -> str:
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(" ".join(str(e) for errors in form.errors.values() for e in errors))
    extend_due_date(
        dossier=dossier,
        actor=request.user,
        at=timezone.now(),
        new_due_at=form.cleaned_data["new_due_at"],
        reason=form.cleaned_data["reason"],
        expected_version=_expected_version(request),
    )
    return _("Đã gia hạn thời gian giải quyết và gửi thư xin lỗi người nộp.")


def _send_back(request: HttpRequest, dossier: Dossier) -> str:
    send_back(
        dossier=dossier,
        actor=request.user,
        at=timezone.now(),
        note=_text(request, "note"),
        expected_version=_expected_version(request),
        to_step=_chosen_step(request),
    )
    return _("Đã trả hồ sơ về bước trước.")


def _assign(request: HttpRequest, dossier: Dossier) -> str:
    from motcua.accounts.models import User

    assignee = User.objects.filter(pk=request.POST.get("assignee") or 0, kind=User.Kind.STAFF).first()
    if assignee is None:
        raise InvalidInput(_("Vui lòng chọn cán bộ được giao."), field="assignee")
    assign_dossier(dossier=dossier, actor=request.user, assignee=assignee, at=timezone.now())
    return _("Đã phân công xử lý.")


def _consult(request: HttpRequest, dossier: Dossier) -> str:
    from motcua.organisations.models import Agency

    consult_agencies(
        dossier=dossier,
        actor=request.user,
        agencies=list(Agency.objects.filter(pk__in=_int_list(request.POST.getlist("agencies")))),
        question=_text(request, "question"),
        working_days=_days(request),
        at=timezone.now(),
    )
    return _("Đã gửi đề nghị lấy ý kiến.")


def _answer(request: HttpRequest, dossier: Dossier) -> str:
    from motcua.dossiers.models import Consultation

    consultation = Consultation.objects.filter(
        pk=request.POST.get("consultation") or 0, dossier=dossier
    ).first()
    if consultation is None:
        raise InvalidInput(_("Không tìm thấy yêu cầu lấy ý kiến."))
    answer_consultation(
        consultation=consultation,
        actor=request.user,
        answer=_text(request, "answer", 4000),
        at=timezone.now(),
    )
    return _("Đã gửi ý kiến trả lời.")


def _transfer(request: HttpRequest, dossier: Dossier) -> str:
    from motcua.organisations.models import Agency

    agency = Agency.objects.filter(pk=request.POST.get("to_agency") or 0).first()
    if agency is None:
        raise InvalidInput(_("Vui lòng chọn cơ quan nhận."), field="to_agency")
    transfer_dossier(
        dossier=dossier,
        actor=request.user,
        to_agency=agency,
        task=_text(request, "task"),
        working_days=_days(request),
        at=timezone.now(),
    )
    return _("Đã chuyển xử lý liên thông.")


def _transfer_done(request: HttpRequest, dossier: Dossier) -> str:
    from motcua.dossiers.models import Transfer

    transfer = Transfer.objects.filter(pk=request.POST.get("transfer") or 0, dossier=dossier).first()
    if transfer is None:
        raise InvalidInput(_("Không tìm thấy việc chuyển xử lý."))
    return_transfer(
        transfer=transfer, actor=request.user, result_note=_text(request, "note"), at=timezone.now()
    )
    return _("Đã hoàn thành phần việc liên thông và chuyển lại.")


def _withdraw(request: HttpRequest, dossier: Dossier) -> str:
    withdraw_dossier(dossier=dossier, actor=request.user, at=timezone.now(), reason=_text(request, "reason"))
    return _("Đã ghi nhận việc rút hồ sơ.")


def _stop(request: HttpRequest, dossier: Dossier) -> str:
    stop_dossier(dossier=dossier, actor=request.user, at=timezone.now(), reason=_text(request, "reason"))
    return _("Đã dừng giải quyết hồ sơ.")


def _payment_request(request: HttpRequest, dossier: Dossier) -> str:
    amount = request.POST.get("amount_vnd", "").replace(".", "").strip()
    if not amount.isdigit():
        raise InvalidInput(_("Số tiền phải là số nguyên (đồng)."), field="amount_vnd")
    request_financial_obligation(
        dossier=dossier,
        actor=request.user,
        at=timezone.now(),
        amount_vnd=int(amount),
        note=_text(request, "note"),
        expected_version=_expected_version(request),
    )
    return _("Đã thông báo nghĩa vụ tài chính; thời hạn tạm dừng đến khi người nộp thực hiện.")


def _payment_recorded(request: HttpRequest, dossier: Dossier) -> str:
    record_payment(
        dossier=dossier,
        actor=request.user,
        at=timezone.now(),
        reference=_text(request, "reference", 200),
        expected_version=_expected_version(request),
    )
    return _("Đã ghi nhận thực hiện nghĩa vụ tài chính; thời hạn tiếp tục được tính.")


def _correction(request: HttpRequest, dossier: Dossier) -> str:
    request_correction(dossier=dossier, actor=request.user, at=timezone.now(), error=_text(request, "error"))
    return _("Đã ghi nhận yêu cầu đính chính; hạn đính chính 3 ngày làm việc.")


def _corrected(request: HttpRequest, dossier: Dossier) -> str:
    complete_correction(dossier=dossier, actor=request.user, at=timezone.now(), note=_text(request, "note"))
    return _("Đã ghi nhận kết quả đính chính.")


ACTIONS: dict[str, ActionHandler] = {
    "receive": _receive,
    "refuse": _refuse,
    "complete": _complete,
    "supplement": _supplement,
    "supplement-received": _supplement_received,
    "extend": _extend,
    "send-back": _send_back,
    "assign": _assign,
    "consult": _consult,
    "answer": _answer,
    "transfer": _transfer,
    "transfer-done": _transfer_done,
    "withdraw": _withdraw,
    "stop": _stop,
    "payment-request": _payment_request,
    "payment-recorded": _payment_recorded,
    "correction": _correction,
    "corrected": _corrected,
}


@require_POST
@staff_required
def dossier_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    """Post one action on a dossier (`ACTIONS`): a refusal by the rules is shown, the page reloads."""
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    dossier = _dossier_or_404(request, code)
    try:
        message = handler(request, dossier)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, message)
    return redirect("workspace:dossier", code=code)


@staff_required
def dossier_log(request: HttpRequest) -> HttpResponse:
    """The desk's dossier log (Sổ theo dõi hồ sơ) for a period, on screen, as PDF or as Excel."""
    from motcua.dossiers.dossier_log import log_pdf, log_rows, log_xlsx
    from motcua.dossiers.models import Dossier as DossierModel

    centres = [p.service_centre for p in org.list_positions(user=request.user) if p.service_centre]
    if not centres:
        messages.error(request, _("Sổ theo dõi hồ sơ thuộc Bộ phận Một cửa; bạn không thuộc Bộ phận nào."))
        return redirect("workspace:home")
    centre = centres[0]
    today = timezone.localdate()
    form = LogPeriodForm(request.GET or None, initial={"tu_ngay": today.replace(day=1), "den_ngay": today})
    first, last = today.replace(day=1), today
    if form.is_valid():
        first, last = form.cleaned_data["tu_ngay"], form.cleaned_data["den_ngay"]
    rows = log_rows(
        dossiers=DossierModel.objects.visible_to(request.user).filter(receiving_centre=centre),
        first=first,
        last=last,
    )
    title = _("Sổ theo dõi hồ sơ – %(centre)s") % {"centre": centre.name}
    fmt = request.GET.get("dinh_dang")
    if fmt == "xlsx":
        response = HttpResponse(
            log_xlsx(rows=rows, title=title),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="so-theo-doi-{first}-{last}.xlsx"'
        return response
    if fmt == "pdf":
        response = HttpResponse(
            log_pdf(rows=rows, title=title, centre=centre, first=first, last=last, today=today),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = f'inline; filename="so-theo-doi-{first}-{last}.pdf"'
        return response
    return render(
        request,
        "workspace/dossier_log.html",
        {"form": form, "rows": rows, "centre": centre, "first": first, "last": last},
    )
