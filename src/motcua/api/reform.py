"""/api/v1/reform: completion of the reform plan against plan, for systems that report upward.

Mounted by `views` with ``api.add_router("/reform/", router)``. Figures come from
`reform.selectors.get_progress` (issued plans only; cancelled tasks do not count), the same
numbers as the committee's progress page and its Excel and PDF exports.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from ninja import Router, Schema, Status

from motcua.organisations.models import Agency
from motcua.reform import selectors
from motcua.reform.permissions import agency_ids_of, reads_everything
from motcua.reform.progress import Tally

from .schemas import ErrorOut

router = Router(tags=["reform"])


class TallyOut(Schema):
    name: str
    planned: int
    completed: int
    completed_on_time: int
    completed_late: int
    overdue: int
    open: int
    completion_rate: Decimal | None


class UnitOut(Schema):
    electronic_id: str
    name: str


class ProgressOut(Schema):
    year: int
    as_of: dt.date
    unit: UnitOut | None
    groups: list[TallyOut]
    overall: TallyOut


def _tally(t: Tally) -> TallyOut:
    return TallyOut(
        name=t.label,
        planned=t.planned,
        completed=t.completed,
        completed_on_time=t.completed_on_time,
        completed_late=t.completed_late,
        overdue=t.overdue,
        open=t.open,
        completion_rate=t.rate,
    )


@router.get(
    "/progress",
    response={200: ProgressOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Reform plan progress: tasks planned, completed, overdue and completion rate",
    description=(
        "Tiến độ thực hiện kế hoạch cải cách hành chính theo năm (nhiệm vụ có thời hạn trong năm, "
        "thuộc kế hoạch đã ban hành): số nhiệm vụ, đã hoàn thành, quá hạn và tỷ lệ hoàn thành (%) "
        "theo nhóm nhiệm vụ và tổng cộng; `unit` là mã định danh điện tử của đơn vị chủ trì."
    ),
)
def progress(request: HttpRequest, year: int, unit: str = "", as_of: dt.date | None = None):
    if not request.user.is_authenticated:
        return Status(401, ErrorOut(code="not_authenticated", message=_("Vui lòng đăng nhập.")))
    if not 2000 <= year <= 2100:
        return Status(422, ErrorOut(code="invalid_input", message=_("Năm không hợp lệ.")))
    agency = None
    if unit:
        agency = Agency.objects.filter(electronic_id=unit.strip()).first()
        if agency is None:
            return Status(
                404, ErrorOut(code="not_found", message=_("Không tìm thấy cơ quan có mã định danh này."))
            )
    if not reads_everything(request.user) and (
        agency is None or agency.pk not in agency_ids_of(request.user)
    ):
        return Status(
            403,
            ErrorOut(code="not_allowed", message=_("Bạn chỉ được xem tiến độ của đơn vị mình.")),
        )
    day = as_of or timezone.localdate()
    summary = selectors.get_progress(as_of=day, year=year, agency=agency)
    return Status(
        200,
        ProgressOut(
            year=year,
            as_of=day,
            unit=UnitOut(electronic_id=agency.electronic_id, name=agency.name) if agency else None,
            groups=[_tally(g) for g in summary.groups],
            overall=_tally(summary.total),
        ),
    )
