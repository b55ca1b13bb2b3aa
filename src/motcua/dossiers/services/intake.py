"""Intake: online submission, acceptance or refusal at the desk (Decree 118 Art 17–18, 28)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

import structlog

from motcua.catalog.eforms import check_answers
from motcua.catalog.models import OnlineLevel, ProcedureVersion, RequiredPaper
from motcua.catalog.selectors import list_competent_agencies
from motcua.catalog.specs import form_field_spec
from motcua.core import revision
from motcua.core.errors import Conflict, InvalidInput, NotAllowed
from motcua.core.rows import Batch
from motcua.core.text import nfc
from motcua.core.timeutil import local
from motcua.core.validation import check_values
from motcua.documents.models import DataStoreItem, StoredFile
from motcua.documents.services import record_reuse, store_file
from motcua.documents.uploads import check_upload_count
from motcua.dossiers import clock, counters, drafts
from motcua.dossiers.codes import next_dossier_code
from motcua.dossiers.models import (
    Delivery,
    Dossier,
    DossierComponent,
    DraftFile,
    DueDateChange,
    EventType,
    IntakeRequest,
)
from motcua.dossiers.permissions import can_act_on_step, can_refuse
from motcua.dossiers.transitions import Channel, DossierStatus, ensure_allowed
from motcua.organisations.models import Agency, ServiceCentre

from ._common import (
    ARTICLE_CLOCK_START,
    ApplicantDetails,
    PaperUpload,
    _enter_step,
    _first_step,
    _lock,
    _log_due_change,
    _next_step,
    _step_data,
    due_change,
    new_event,
    notify_applicant,
    record_event,
)

logger = structlog.get_logger(__name__)


@dataclass(frozen=True)
class PickedPaper:
    """A required paper provided by an item of the applicant's own data store (Decree 118 Art 22(1))."""

    paper: RequiredPaper
    item: DataStoreItem


@dataclass(frozen=True)
class KeptPaper:
    """A required paper whose file the applicant uploaded earlier into their draft; used as is."""

    paper: RequiredPaper
    file: StoredFile


def allowed_deliveries(version: ProcedureVersion) -> list[Delivery]:
    """Return how the result of a version may be delivered to an online applicant.

    Decree 118/2025/NĐ-CP Art 15: results are returned at the desk, through the public postal
    service, or online. Online return is offered only for procedures provided fully online
    (trực tuyến toàn trình), whose result is issued electronically; the others are returned at
    the desk or by post.
    """
    if version.online_level == OnlineLevel.FULL:
        return [Delivery.DESK, Delivery.POST, Delivery.ONLINE]
    return [Delivery.DESK, Delivery.POST]


def choose_agency(
    *, version: ProcedureVersion, agency: Agency | None = None, centre: ServiceCentre | None = None
) -> Agency:
    """Return the competent agency that will handle a dossier of a version.

    Decree 118/2025/NĐ-CP Art 20: the receiving point and the competent authority of a dossier are
    distinct; the competent authority is one of the agencies the published version names (e.g. each
    commune's People's Committee for a commune-level procedure). An explicit `agency` must be one of
    them. Otherwise the agency the receiving centre serves is chosen when it is one of them (a
    commune's centre receives for its own People's Committee), else the version's lead agency — a
    centre receiving outside its own area (non-boundary reception, Art 14(2)) forwards the dossier
    to the lead agency unless the officer or applicant names another.
    """
    agencies = list_competent_agencies(version)
    if agency is not None:
        for candidate in agencies:
            if candidate.pk == agency.pk:
                return candidate
        raise InvalidInput(
            _("%(agency)s không giải quyết thủ tục này; vui lòng chọn một cơ quan trong danh sách.")
            % {"agency": agency.name},
            field="agency",
        )
    if centre is not None:
        for candidate in agencies:
            if candidate.service_centre_id == centre.pk:
                return candidate
    return agencies[0]


def _check_papers(
    *, version: ProcedureVersion, applicant: Any, papers: Sequence[PaperUpload | PickedPaper | KeptPaper]
) -> None:
    """Refuse papers of another version, two files for one paper, and items or files not the applicant's."""
    own_id = getattr(applicant, "personal_id", "") or ""
    seen: set[int] = set()
    for item in papers:
        paper = item.paper
        if paper is None:
            continue
        if paper.version_id != version.pk:
            raise InvalidInput(_("Giấy tờ không thuộc thủ tục này."), field="papers")
        if paper.pk in seen:
            raise InvalidInput(
                _("Giấy tờ “%(name)s” được cung cấp hai lần; chỉ tải lên hoặc chọn một tệp.")
                % {"name": paper.name},
                field="papers",
            )
        seen.add(paper.pk)
        if isinstance(item, PickedPaper) and (not own_id or item.item.holder_id != own_id):
            raise NotAllowed(_("Giấy tờ được chọn không thuộc kho dữ liệu của bạn."))
        if (
            isinstance(item, KeptPaper)
            and not DraftFile.objects.filter(
                draft__applicant_id=getattr(applicant, "pk", None), draft__version=version, file=item.file
            ).exists()
        ):
            raise NotAllowed(_("Tệp này không thuộc hồ sơ đang soạn của bạn."))


def _component_source(
    item: PaperUpload | PickedPaper | KeptPaper, *, applicant: Any, at: datetime
) -> dict[str, Any]:
    if isinstance(item, PickedPaper):
        stored = item.item.result or item.item.paper
        if stored is None:  # refused by the data store's check constraint
            raise InvalidInput(_("Mục trong kho dữ liệu không có tệp."), field="papers")
        return {
            "file": stored.file,
            "digitised": item.item.paper,
            "reused_item": item.item,
        }
    if isinstance(item, KeptPaper):
        return {"file": item.file}
    return {"file": store_file(upload=item.upload, actor=applicant, at=at)}


@transaction.atomic
def submit_dossier(
    *,
    version: ProcedureVersion,
    applicant: Any,
    details: ApplicantDetails,
    request_summary: str,
    papers: Sequence[PaperUpload | PickedPaper | KeptPaper],
    at: datetime,
    copies: int = 1,
    form_data: Mapping[str, Any] | None = None,
    delivery: str = Delivery.DESK,
    delivery_address: str = "",
    agency: Agency | None = None,
    national_portal_code: str = "",
    submitted_at: datetime | None = None,
) -> Dossier:
    """Register an online dossier in the system (status 1) and give it its code.

    The code is issued when the system receives the dossier (Decree 118/2025/NĐ-CP Art 28), so the
    applicant can track it at once; the desk must accept or refuse it within 8 working hours
    (Art 17(2)) and the processing clock starts only at acceptance (Art 17(3)).

    `form_data` holds the answers to the version's e-form and is checked in full against it;
    None means the caller did not collect the e-form (sample and generated dossiers). Papers
    are uploaded, kept from the applicant's draft, or picked from the applicant's own data store
    (Art 22(1)): a picked paper points at the stored file, no copy, and its reuse is recorded.
    The applicant's draft for the version is deleted.

    When several agencies handle the procedure the applicant chooses one (`agency`, e.g. the
    People's Committee of their commune; default the lead agency, `choose_agency`); the dossier is
    received by that agency's centre and its code carries that agency's identifier (Art 28).

    A dossier submitted on the national portal keeps the portal's code (`national_portal_code`)
    and the time it was submitted there (`submitted_at`); `at` is when this system received it,
    from which the 8 working hours for acceptance run (Art 17(2)).
    """
    if not nfc(details.full_name):
        raise InvalidInput(_("Vui lòng nhập họ và tên người nộp hồ sơ."), field="full_name")
    if delivery not in allowed_deliveries(version):
        raise InvalidInput(_("Hình thức nhận kết quả không áp dụng cho thủ tục này."), field="delivery")
    delivery_address = nfc(delivery_address) if delivery == Delivery.POST else ""
    if delivery == Delivery.POST and not delivery_address:
        raise InvalidInput(_("Vui lòng nhập địa chỉ nhận kết quả qua bưu chính."), field="delivery_address")
    answers: dict[str, Any] = {}
    if form_data is not None:
        answers, problems = check_answers([form_field_spec(f) for f in version.form_fields.all()], form_data)
        if problems:
            raise InvalidInput(" ".join(problems.values()), field="form_data")
    check_upload_count(len(papers))
    _check_papers(version=version, applicant=applicant, papers=papers)
    provided = {p.paper.pk for p in papers if p.paper is not None}
    missing = [p.name for p in version.papers.all() if p.is_required and p.pk not in provided]
    if missing:
        raise InvalidInput(
            _("Thiếu giấy tờ bắt buộc: %(names)s.") % {"names": "; ".join(missing)}, field="papers"
        )
    agency = choose_agency(version=version, agency=agency)
    centre = agency.service_centre
    if centre is None:
        raise NotAllowed(_("Cơ quan giải quyết chưa được gắn với Bộ phận Một cửa nào."))
    dossier = Dossier(
        code=next_dossier_code(prefix=agency.electronic_id, day=local(at).date()),
        procedure_version=version,
        competent_agency=agency,
        receiving_centre=centre,
        channel=Channel.ONLINE,
        status=DossierStatus.SUBMITTED,
        current_step=_first_step(version),
        step_started_at=at,
        applicant=applicant,
        applicant_name=nfc(details.full_name),
        applicant_personal_id=details.personal_id,
        applicant_phone=nfc(details.phone),
        applicant_email=nfc(details.email),
        applicant_address=nfc(details.address),
        request_summary=nfc(request_summary),
        copies=copies,
        delivery=delivery,
        delivery_address=delivery_address,
        form_data=answers,
        national_portal_code=national_portal_code,
        submitted_at=submitted_at or at,
        acceptance_due_at=clock.online_acceptance_due(arrived_at=at),
        province_code=agency.province_code,
    )
    check_values(dossier)
    dossier.save()
    used_files: set[int] = set()
    for item in papers:
        source = _component_source(item, applicant=applicant, at=at)
        used_files.add(source["file"].pk)
        paper = item.paper
        DossierComponent.objects.create(
            dossier=dossier,
            required_paper=paper,
            name=paper.name if paper else source["file"].original_name,
            form=paper.form if paper else RequiredPaper.Form.COPY,
            count=paper.count if paper else 1,
            **source,
        )
        if isinstance(item, PickedPaper):
            record_reuse(item=item.item, dossier_code=dossier.code, actor=applicant, at=at)
    note = ""
    if national_portal_code:
        note = _("Nhận từ Cổng Dịch vụ công quốc gia: mã %(code)s, nộp lúc %(at)s.") % {
            "code": national_portal_code,
            "at": f"{local(dossier.submitted_at):%H:%M %d/%m/%Y}",
        }
    record_event(
        dossier=dossier, type=EventType.SUBMITTED, actor=applicant, at=at, from_status=None, note=note
    )
    drafts.delete_after_submission(applicant=applicant, version=version, used_files=used_files)
    logger.info("dossier_submitted", code=dossier.code, channel="online")
    return dossier


@dataclass(frozen=True)
class NationalPortalSubmission:
    """A dossier submitted on the national portal (Cổng DVCQG), as its integration hands it over.

    The applicant signed in there with their national electronic identity; the portal's adapter
    fetched the uploaded papers and passes them as checked uploads.
    """

    national_code: str
    submitted_at: datetime
    version: ProcedureVersion
    details: ApplicantDetails
    request_summary: str
    papers: Sequence[PaperUpload]
    form_data: Mapping[str, Any] | None = None
    delivery: str = Delivery.DESK
    delivery_address: str = ""
    agency: Agency | None = None


@dataclass(frozen=True)
class RequestKey:
    """Another system's key for one intake request (the API's `Idempotency-Key`) and the hash of
    the request it came with (`IntakeRequest`)."""

    user: Any
    key: str
    request_hash: str


def intake_receipt(dossier: Dossier) -> dict[str, Any]:
    """What an intake answers another system: the code, the status, when the clock started and
    when the result is due (local time, ISO 8601; Decree 118/2025/NĐ-CP Art 17(3))."""
    return {
        "code": dossier.code,
        "status": dossier.status,
        "clock_start": local(dossier.clock_started_at).isoformat() if dossier.clock_started_at else None,
        "due_at": local(dossier.due_at).isoformat() if dossier.due_at else None,
    }


NATIONAL_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-_/]{0,49}$")
CLOCK_SKEW = timedelta(minutes=5)


def receive_from_national_portal(
    *, submission: NationalPortalSubmission, at: datetime
) -> tuple[Dossier, bool]:
    """Register a dossier submitted on the national portal; return it and whether it is new.

    Citizens submit online on the national portal (Decree 118/2025/NĐ-CP Art 15(3), 17(2)); the
    province's system receives the dossier from it and handles it like any online submission:
    status 1, a code of this system (Art 28), acceptance or refusal at the desk within 8 working
    hours of its arrival here (Art 17(2)). The portal's own code is kept, so the same submission
    handed over again (a retry) returns the dossier already registered and writes nothing; the
    same code with another procedure or applicant is refused. When the applicant has an account
    here with the same personal identification number, the dossier appears among their dossiers.
    """
    from motcua.accounts.identity import parse_personal_id
    from motcua.accounts.models import User

    code = submission.national_code.strip()
    if not NATIONAL_CODE.match(code):
        raise InvalidInput(_("Mã hồ sơ trên Cổng DVCQG không hợp lệ."), field="national_code")
    if submission.version.online_level == OnlineLevel.NONE:
        raise InvalidInput(_("Thủ tục này không được cung cấp trực tuyến."), field="procedure")
    personal_id = parse_personal_id(submission.details.personal_id).number
    existing = _national_dossier(code=code, submission=submission, personal_id=personal_id)
    if existing is not None:
        return existing, False
    if submission.submitted_at > at + CLOCK_SKEW:
        raise InvalidInput(_("Thời điểm nộp trên Cổng DVCQG ở tương lai."), field="submitted_at")
    applicant = User.objects.filter(kind=User.Kind.CITIZEN, personal_id=personal_id).first()
    details = ApplicantDetails(
        full_name=submission.details.full_name,
        personal_id=personal_id,
        phone=submission.details.phone,
        email=submission.details.email,
        address=submission.details.address,
    )
    try:
        dossier = submit_dossier(
            version=submission.version,
            applicant=applicant,
            details=details,
            request_summary=submission.request_summary,
            papers=list(submission.papers),
            at=at,
            form_data=submission.form_data,
            delivery=submission.delivery,
            delivery_address=submission.delivery_address,
            agency=submission.agency,
            national_portal_code=code,
            submitted_at=submission.submitted_at,
        )
    except IntegrityError:
        # the same submission handed over concurrently: the other transaction registered it
        existing = _national_dossier(code=code, submission=submission, personal_id=personal_id)
        if existing is None:
            raise
        return existing, False
    return dossier, True


def _national_dossier(*, code: str, submission: NationalPortalSubmission, personal_id: str) -> Dossier | None:
    existing = Dossier.objects.filter(national_portal_code=code).select_related("procedure_version").first()
    if existing is None:
        return None
    same = (
        existing.procedure_version.procedure_id == submission.version.procedure_id
        and existing.applicant_personal_id == personal_id
    )
    if not same:
        raise Conflict(
            _("Mã hồ sơ %(code)s của Cổng DVCQG đã được dùng cho một hồ sơ khác.") % {"code": code}
        )
    return existing


@transaction.atomic
def receive_dossier(
    *, dossier: Dossier, actor: Any, at: datetime, expected_version: int | None = None
) -> Dossier:
    """Accept an online dossier at the desk: status 2, the statutory clock starts.

    Decree 118/2025/NĐ-CP Art 17(3): the time limit runs from the official receipt of a complete,
    valid dossier; Art 18(2) and 17(2) decide when the clock starts for each channel.
    """
    dossier = _lock(dossier, expected_version)
    if dossier.status != DossierStatus.SUBMITTED or not can_act_on_step(actor, dossier):
        raise NotAllowed(_("Bạn không thể tiếp nhận hồ sơ này."))
    ensure_allowed(dossier.status, DossierStatus.RECEIVED)
    due = clock.due_for(version=dossier.procedure_version, received_at=at, channel=dossier.channel)
    receive_step = dossier.current_step
    if receive_step is None:
        raise NotAllowed(_("Hồ sơ chưa ở bước tiếp nhận."))
    from_status = dossier.status
    dossier.status = DossierStatus.RECEIVED
    dossier.received_at = at
    dossier.clock_started_at = due.clock_start
    dossier.due_at = due.due_at
    _enter_step(dossier, _next_step(receive_step), due.clock_start)
    dossier.version += 1
    dossier.save()
    event = record_event(
        dossier=dossier,
        type=EventType.RECEIVED,
        actor=actor,
        at=at,
        from_status=from_status,
        step_name=receive_step.name,
        data={
            "clock_start": due.clock_start.isoformat(),
            "due_at": due.due_at.isoformat(),
            "explanation": list(due.explanation),
            **_step_data(dossier),
        },
    )
    counters.count_received(dossier, at=at)
    _log_due_change(
        dossier=dossier,
        event=event,
        cause=DueDateChange.Cause.CLOCK_STARTED,
        before=None,
        article=ARTICLE_CLOCK_START,
        actor=actor,
        at=at,
    )
    return dossier


@transaction.atomic
def refuse_dossier(
    *, dossier: Dossier, actor: Any, at: datetime, reason: str, expected_version: int | None = None
) -> Dossier:
    """Refuse an online dossier at intake with written reasons (Decree 118 Art 17(1)(c))."""
    reason = nfc(reason)
    if not reason:
        raise InvalidInput(_("Vui lòng ghi rõ lý do từ chối."), field="reason")
    dossier = _lock(dossier, expected_version)
    if not can_refuse(actor, dossier):
        raise NotAllowed(_("Bạn không thể từ chối hồ sơ này."))
    ensure_allowed(dossier.status, DossierStatus.REFUSED)
    from_status = dossier.status
    dossier.status = DossierStatus.REFUSED
    dossier.closed_at = at
    _enter_step(dossier, None, at)
    dossier.version += 1
    dossier.save()
    record_event(
        dossier=dossier, type=EventType.REFUSED, actor=actor, at=at, from_status=from_status, note=reason
    )
    counters.count_refused(dossier, at=at)
    return dossier


@transaction.atomic
def receive_at_desk(
    *,
    version: ProcedureVersion,
    centre: ServiceCentre,
    actor: Any,
    details: ApplicantDetails,
    request_summary: str,
    papers: list[PaperUpload],
    at: datetime,
    channel: int = Channel.COUNTER,
    copies: int = 1,
    delivery: str = Delivery.DESK,
    delivery_address: str = "",
    return_centre: ServiceCentre | None = None,
    agency: Agency | None = None,
    request: RequestKey | None = None,
) -> Dossier:
    """Receive a complete paper dossier at a desk, or by post, and start its clock at once.

    Any desk of the province receives any procedure of the province (non-boundary reception,
    Decree 118/2025/NĐ-CP Art 14(2)); the receiving centre, the competent agency and the return
    point are kept apart (Art 20). The officer checks the applicant's identity (Art 17(1)(a)),
    digitises every paper with its metadata (Art 17(1)(c), 19(2)), issues the code (Art 28) and
    the receipt (Art 17(3)); the clock starts by the desk rule (Art 18(2)).

    The competent agency is `agency` when given (it must handle the procedure), else the one the
    receiving centre serves if it handles the procedure, else the lead agency (`choose_agency`);
    the dossier's code carries its identifier (Art 28).

    Sent by another system under its own key (`request`), the key is recorded with the dossier
    (`IntakeRequest`): the same key again is refused by the database, and the caller answers it
    with the first receipt.

    Everything but the code is prepared first; the day's code number (a row lock held until
    commit, shared by every intake of the agency that day) is taken last, and the dossier, its
    papers, its first event, the due-date record and the counters are then written in one batch
    (`core.rows.Batch`), so concurrent intakes wait on each other as little as possible.
    """
    from motcua.accounts.identity import parse_personal_id
    from motcua.documents.services import new_digitised_paper
    from motcua.organisations.models import Role
    from motcua.organisations.selectors import centre_ids_for

    with revision.pinned():
        if centre.pk not in centre_ids_for(user=actor, roles={Role.DESK_OFFICER}):
            raise NotAllowed(_("Bạn không phải cán bộ tiếp nhận của Bộ phận Một cửa này."))
        agency = choose_agency(version=version, agency=agency, centre=centre)
        if Channel(channel) not in (Channel.COUNTER, Channel.POSTAL):
            raise InvalidInput(_("Kênh tiếp nhận không hợp lệ."), field="channel")
        if not nfc(details.full_name):
            raise InvalidInput(_("Vui lòng nhập họ và tên người nộp hồ sơ."), field="full_name")
        personal_id = parse_personal_id(details.personal_id).number
        if delivery == Delivery.POST and not nfc(delivery_address):
            raise InvalidInput(
                _("Vui lòng nhập địa chỉ nhận kết quả qua bưu chính."), field="delivery_address"
            )
        check_upload_count(len(papers))
        provided = {p.paper.pk for p in papers if p.paper is not None}
        missing = [p.name for p in version.papers.all() if p.is_required and p.pk not in provided]
        if missing:
            raise InvalidInput(
                _("Chưa số hóa giấy tờ bắt buộc: %(names)s.") % {"names": "; ".join(missing)}, field="papers"
            )
        receive_step = _first_step(version)
        due = clock.due_for(version=version, received_at=at, channel=channel)
        dossier = Dossier(
            procedure_version=version,
            competent_agency=agency,
            receiving_centre=centre,
            return_centre=return_centre,
            channel=channel,
            status=DossierStatus.RECEIVED,
            applicant_name=nfc(details.full_name),
            applicant_personal_id=personal_id,
            applicant_phone=nfc(details.phone),
            applicant_email=nfc(details.email),
            applicant_address=nfc(details.address),
            request_summary=nfc(request_summary),
            copies=copies,
            delivery=delivery,
            delivery_address=nfc(delivery_address),
            submitted_at=at,
            received_at=at,
            clock_started_at=due.clock_start,
            due_at=due.due_at,
            province_code=agency.province_code,
        )
        _enter_step(dossier, _next_step(receive_step), due.clock_start)
        check_values(dossier, exclude=("code",))
        scans = [  # the files are stored now, their rows written with the dossier
            (
                item,
                new_digitised_paper(
                    upload=item.upload,
                    title=item.paper.name if item.paper else item.upload.name,
                    holder_name=nfc(details.full_name),
                    holder_id=personal_id,
                    actor=actor,
                    at=at,
                ),
            )
            for item in papers
        ]
        dossier.code = next_dossier_code(prefix=agency.electronic_id, day=local(at).date())
        batch = Batch()
        for _item, scan in scans:
            batch.add(scan.file)
            batch.add(scan)
        batch.add(dossier)
        for item, scan in scans:
            batch.add(
                DossierComponent(
                    dossier=dossier,
                    required_paper=item.paper,
                    name=scan.title,
                    form=item.paper.form if item.paper else RequiredPaper.Form.COPY,
                    count=item.paper.count if item.paper else 1,
                    file=scan.file,
                    digitised=scan,
                )
            )
        event = batch.add(
            new_event(
                dossier=dossier,
                type=EventType.RECEIVED,
                actor=actor,
                at=at,
                from_status=None,
                step_name=receive_step.name,
                data={
                    "clock_start": due.clock_start.isoformat(),
                    "due_at": due.due_at.isoformat(),
                    "explanation": list(due.explanation),
                    **_step_data(dossier),
                },
            )
        )
        change = due_change(
            dossier=dossier,
            event=event,
            cause=DueDateChange.Cause.CLOCK_STARTED,
            before=None,
            article=ARTICLE_CLOCK_START,
            actor=actor,
            at=at,
        )
        if change is not None:
            batch.add(change)
        counters.count_received(dossier, at=at, batch=batch)
        notify_applicant(event, batch=batch)
        if request is not None:
            batch.add(
                IntakeRequest(
                    user=request.user,
                    key=request.key,
                    request_hash=request.request_hash,
                    dossier=dossier,
                    receipt=intake_receipt(dossier),
                    created_at=at,
                )
            )
        batch.write()
    logger.info("dossier_received_at_desk", code=dossier.code, channel=int(channel), centre=centre.pk)
    return dossier
