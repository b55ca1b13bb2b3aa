"""/api/v1/dossiers: intake by other systems (desk software, postal service), idempotent by key."""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
from typing import Any

from django.db import IntegrityError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from ninja import Router, Schema, Status
from pydantic import Field

from motcua.accounts.models import User
from motcua.catalog import selectors as catalog
from motcua.catalog.models import ProcedureVersion
from motcua.core import revision
from motcua.core.errors import InvalidInput
from motcua.documents.uploads import check_upload
from motcua.dossiers import selectors as dossiers
from motcua.dossiers.services import (
    ApplicantDetails,
    PaperUpload,
    RequestKey,
    intake_receipt,
    receive_at_desk,
)
from motcua.dossiers.transitions import Channel
from motcua.organisations import selectors as org
from motcua.organisations.models import Agency, ServiceCentre

from .auth import TOKEN_OR_SESSION
from .schemas import ErrorOut

router = Router(tags=["dossiers"])

CHANNELS = {"counter": Channel.COUNTER, "postal": Channel.POSTAL}


class ApplicantIn(Schema):
    full_name: str = Field(max_length=200)
    personal_id: str = Field(max_length=12)
    phone: str = Field(default="", max_length=20)
    email: str = Field(default="", max_length=254)
    address: str = Field(default="", max_length=300)


class PaperIn(Schema):
    paper: int = Field(description="Order of the required paper in the procedure (1, 2, …)")
    filename: str = Field(max_length=255)
    content_base64: str


class IntakeIn(Schema):
    procedure: str = Field(max_length=40, description="National procedure code, e.g. 2.000635")
    channel: str = Field(description="counter | postal")
    centre: str = Field(max_length=35, description="Electronic identifier of the receiving service centre")
    agency: str = Field(
        default="",
        max_length=35,
        description="Electronic identifier of the competent agency, one of the procedure's "
        "`competent_agencies`; empty: the agency the centre serves if it handles the procedure, "
        "else the lead agency",
    )
    applicant: ApplicantIn
    request_summary: str = Field(default="", max_length=2000)
    copies: int = Field(default=1, ge=1, le=50)
    delivery: str = Field(default="desk", description="desk | post | online")
    delivery_address: str = Field(default="", max_length=300)
    papers: list[PaperIn] = Field(default_factory=list, max_length=50)


class IntakeOut(Schema):
    code: str
    status: int
    clock_start: str
    due_at: str


def version_for_intake(procedure_code: str) -> ProcedureVersion:
    """The version in force today of a procedure given by its national code, read for intake."""
    try:
        return catalog.get_version_for_intake(code=procedure_code, on=timezone.localdate())
    except ProcedureVersion.DoesNotExist as exc:
        raise InvalidInput(_("Không tìm thấy thủ tục %(code)s.") % {"code": procedure_code}) from exc


def agency_or_none(electronic_id: str) -> Agency | None:
    """The agency with this electronic identifier; None when none is given."""
    if not electronic_id:
        return None
    agency = Agency.objects.filter(electronic_id=electronic_id).first()
    if agency is None:
        raise InvalidInput(
            _("Không tìm thấy cơ quan mã định danh %(id)s.") % {"id": electronic_id}, field="agency"
        )
    return agency


def papers_of(version: ProcedureVersion, items: list[PaperIn]) -> list[PaperUpload]:
    """Decode and check the papers of an intake request against the version's required papers."""
    by_order = {p.order: p for p in version.papers.all()}
    uploads = []
    for item in items:
        paper = by_order.get(item.paper)
        if paper is None:
            raise InvalidInput(
                _("Thủ tục không có thành phần hồ sơ số %(n)d.") % {"n": item.paper}, field="papers"
            )
        try:
            content = base64.b64decode(item.content_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise InvalidInput(
                _("Nội dung tệp “%(name)s” không phải base64.") % {"name": item.filename}
            ) from exc
        uploads.append(
            PaperUpload(paper=paper, upload=check_upload(name=item.filename, stream=io.BytesIO(content)))
        )
    return uploads


def _intake(request: HttpRequest, payload: IntakeIn, key: RequestKey) -> dict[str, Any]:
    version = version_for_intake(payload.procedure)
    channel = CHANNELS.get(payload.channel)
    if channel is None:
        raise InvalidInput(_("Kênh tiếp nhận phải là counter hoặc postal."), field="channel")
    try:
        centre = org.get_service_centre(electronic_id=payload.centre)
    except ServiceCentre.DoesNotExist as exc:
        raise InvalidInput(
            _("Không tìm thấy Bộ phận Một cửa %(id)s.") % {"id": payload.centre}, field="centre"
        ) from exc
    agency = agency_or_none(payload.agency)
    a = payload.applicant
    dossier = receive_at_desk(
        agency=agency,
        version=version,
        centre=centre,
        actor=request.user,
        details=ApplicantDetails(
            full_name=a.full_name, personal_id=a.personal_id, phone=a.phone, email=a.email, address=a.address
        ),
        request_summary=payload.request_summary,
        papers=papers_of(version, payload.papers),
        at=timezone.now(),
        channel=channel,
        copies=payload.copies,
        delivery=payload.delivery,
        delivery_address=payload.delivery_address,
        request=key,
    )
    return intake_receipt(dossier)


@router.post(
    "",
    auth=TOKEN_OR_SESSION,
    response={201: IntakeOut, 200: IntakeOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Receive a dossier at a desk or by post (requires an Idempotency-Key header)",
    description="Send the same `Idempotency-Key` again to get the first answer back without creating a "
    "second dossier; the same key with a different body is refused with 409.",
)
def intake(request: HttpRequest, payload: IntakeIn):
    user = request.user
    if not isinstance(user, User):
        return Status(403, ErrorOut(code="not_allowed", message=_("Cần đăng nhập.")))
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > 120:
        return Status(
            422,
            ErrorOut(
                code="idempotency_key_required",
                message=_("Thiếu tiêu đề Idempotency-Key (tối đa 120 ký tự)."),
            ),
        )
    body_hash = hashlib.sha256(request.body).hexdigest()
    previous = dossiers.get_intake_answer(user=user, key=key)
    if previous is not None:
        return _replay(previous, body_hash)
    try:
        with revision.pinned():
            receipt = _intake(request, payload, RequestKey(user=user, key=key, request_hash=body_hash))
    except IntegrityError:
        # a concurrent request with the same key won; this one's dossier was rolled back
        previous = dossiers.get_intake_answer(user=user, key=key)
        if previous is None:
            raise
        return _replay(previous, body_hash)
    return Status(201, receipt)


def _replay(previous: tuple[str, dict[str, Any]], body_hash: str) -> Status[Any]:
    request_hash, receipt = previous
    if request_hash != body_hash:
        return Status(
            409,
            ErrorOut(
                code="idempotency_conflict",
                message=_("Idempotency-Key này đã được dùng cho một yêu cầu khác."),
            ),
        )
    return Status(200, receipt)
