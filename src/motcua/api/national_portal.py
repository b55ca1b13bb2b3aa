"""/api/v1/national-portal/dossiers: the intake interface for the national portal's adapter.

Citizens submit online on the national portal (Cổng DVCQG). The adapter that talks to it (the
province's integration, through the LGSP/NGSP) hands each submitted dossier over here; this
system registers it as an online dossier awaiting acceptance at the desk. The adapter's account
needs the permission "Nhận hồ sơ từ Cổng Dịch vụ công quốc gia" and an API token. The portal's
dossier code makes the call idempotent: the same dossier sent again returns the first answer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from ninja import Router, Schema, Status
from pydantic import Field

from motcua.core.errors import InvalidInput
from motcua.core.timeutil import local
from motcua.dossiers.services import ApplicantDetails, NationalPortalSubmission, receive_from_national_portal

from .auth import TOKEN_OR_SESSION
from .dossiers import ApplicantIn, PaperIn, agency_or_none, papers_of, version_for_intake
from .schemas import ErrorOut

router = Router(tags=["national portal"])

PERMISSION = "dossiers.receive_from_national_portal"


class NationalDossierIn(Schema):
    national_code: str = Field(max_length=50, description="The dossier's code on the national portal")
    submitted_at: datetime = Field(description="When the applicant submitted it on the national portal")
    procedure: str = Field(max_length=40, description="National procedure code, e.g. 1.001193")
    agency: str = Field(
        default="",
        max_length=35,
        description="Electronic identifier of the competent agency the applicant chose, one of the "
        "procedure's `competent_agencies`; empty: the lead agency",
    )
    applicant: ApplicantIn
    request_summary: str = Field(default="", max_length=2000)
    form_data: dict[str, Any] | None = Field(
        default=None, description="Answers to the procedure's e-form, by field key"
    )
    delivery: str = Field(default="desk", description="desk | post | online")
    delivery_address: str = Field(default="", max_length=300)
    papers: list[PaperIn] = Field(default_factory=list, max_length=50)


class NationalDossierOut(Schema):
    code: str
    national_code: str
    status: int
    acceptance_due_at: str | None


@router.post(
    "/dossiers",
    auth=TOKEN_OR_SESSION,
    response={201: NationalDossierOut, 200: NationalDossierOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Receive a dossier submitted on the national portal (idempotent by `national_code`)",
    description="201 with the new dossier's code; 200 with the same answer when the dossier was "
    "handed over before; 409 when the national code was used for another procedure or applicant.",
)
def receive(request: HttpRequest, payload: NationalDossierIn):
    if not request.user.has_perm(PERMISSION):
        return Status(
            403,
            ErrorOut(code="not_allowed", message=_("Tài khoản này không được nhận hồ sơ từ Cổng DVCQG.")),
        )
    version = version_for_intake(payload.procedure)
    agency = agency_or_none(payload.agency)
    submitted_at = payload.submitted_at
    if timezone.is_naive(submitted_at):
        raise InvalidInput(_("Thời điểm nộp phải kèm múi giờ, ví dụ +07:00."), field="submitted_at")
    a = payload.applicant
    dossier, created = receive_from_national_portal(
        submission=NationalPortalSubmission(
            national_code=payload.national_code,
            submitted_at=submitted_at,
            version=version,
            details=ApplicantDetails(
                full_name=a.full_name,
                personal_id=a.personal_id,
                phone=a.phone,
                email=a.email,
                address=a.address,
            ),
            request_summary=payload.request_summary,
            papers=papers_of(version, payload.papers),
            form_data=payload.form_data,
            delivery=payload.delivery,
            delivery_address=payload.delivery_address,
            agency=agency,
        ),
        at=timezone.now(),
    )
    return Status(
        201 if created else 200,
        NationalDossierOut(
            code=dossier.code,
            national_code=dossier.national_portal_code,
            status=dossier.status,
            acceptance_due_at=local(dossier.acceptance_due_at).isoformat()
            if dossier.acceptance_due_at
            else None,
        ),
    )
