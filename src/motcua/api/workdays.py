"""/api/v1/workdays: due dates on the working calendar and the calendar's days off and make-up days.

Mounted by `views` with ``api.add_router("/workdays/", router)``. Parameters are read as text and
validated by `workdays.selectors.get_due_date`, so the API and ``motcua due_date`` refuse the same
inputs with the same Vietnamese messages; bad input is answered here with 422
``{"code": "invalid_input", "message": ...}`` whichever API the router is mounted on.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _

from ninja import P, QueryEx, Router, Schema, Status

from motcua.core.errors import InvalidInput
from motcua.workdays.models import CALENDAR_YEARS
from motcua.workdays.selectors import get_due_date, list_calendar_days

from .schemas import ErrorOut

router = Router(tags=["workdays"])

_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"", "false", "0", "no", "off"})


class DueDateOut(Schema):
    due_at: dt.datetime
    clock_start: dt.datetime
    received_at: dt.datetime
    channel: str
    duration: str
    explanation: list[str]


class CalendarDayOut(Schema):
    date: dt.date
    name: str


class CalendarOut(Schema):
    year: int
    days_off: list[CalendarDayOut]
    make_up_days: list[CalendarDayOut]


def _invalid(message: str) -> Status[ErrorOut]:
    return Status(422, ErrorOut(code="invalid_input", message=message))


@router.get(
    "/due-date",
    response={200: DueDateOut, 422: ErrorOut},
    summary="Due date of a time limit counted on the working calendar",
    description=(
        "Hạn giải quyết theo Nghị định 118/2025/NĐ-CP: thời điểm bắt đầu tính (mốc 15 giờ với hồ sơ "
        "nộp trực tiếp, Điều 18 khoản 2), hạn trả và diễn giải. Cần đúng một trong working_days, "
        "working_hours, calendar_days, same_day=true. `start` theo ISO 8601; không kèm múi giờ là giờ "
        "Việt Nam."
    ),
)
def due_date(
    request: HttpRequest,
    start: QueryEx[
        str, P(description="Thời điểm tiếp nhận, ISO 8601; không kèm múi giờ = giờ Việt Nam.")
    ] = "",
    working_days: QueryEx[str | None, P(description="Số ngày làm việc (có thể lẻ: 0.5).")] = None,
    working_hours: QueryEx[str | None, P(description="Số giờ làm việc.")] = None,
    calendar_days: QueryEx[str | None, P(description="Số ngày theo lịch (Bộ luật Dân sự 2015).")] = None,
    same_day: QueryEx[str, P(description="true: trả kết quả trong ngày.")] = "",
    channel: QueryEx[str, P(description="counter (trực tiếp), online hoặc postal.")] = "counter",
    agency: QueryEx[
        str | None, P(description="Mã định danh điện tử của cơ quan (QĐ 20/2020/QĐ-TTg).")
    ] = None,
):
    if not start.strip():
        return _invalid(_("Thiếu thời điểm bắt đầu (start), ví dụ 2026-03-02T09:00."))
    flag = same_day.strip().lower()
    if flag not in _TRUE | _FALSE:
        return _invalid(_("Giá trị same_day không hợp lệ (chỉ nhận true hoặc false)."))
    try:
        result = get_due_date(
            start=start,
            channel=channel,
            working_days=working_days,
            working_hours=working_hours,
            calendar_days=calendar_days,
            same_day=flag in _TRUE,
            agency=agency,
        )
    except InvalidInput as exc:
        return _invalid(str(exc.message))
    return Status(
        200,
        DueDateOut(
            due_at=result.due_at,
            clock_start=result.clock_start,
            received_at=result.received_at,
            channel=str(result.channel),
            duration=result.duration.describe(),
            explanation=list(result.explanation),
        ),
    )


@router.get(
    "/calendar",
    response={200: CalendarOut, 422: ErrorOut},
    summary="Days off and make-up working days of a year",
    description="Ngày nghỉ lễ, Tết, nghỉ bù và ngày làm bù của một năm (không liệt kê thứ Bảy, Chủ nhật).",
)
def calendar(request: HttpRequest, year: QueryEx[str, P(description="Năm, ví dụ 2026.")] = ""):
    text = year.strip()
    if not (text.isdigit() and len(text) == 4 and int(text) in CALENDAR_YEARS):
        return _invalid(
            _("Năm không hợp lệ: “%(value)s” (lịch làm việc có từ %(first)d đến %(last)d).")
            % {"value": text[:10], "first": CALENDAR_YEARS.start, "last": CALENDAR_YEARS.stop - 1}
        )
    number = int(text)
    days = list_calendar_days(number)
    return Status(
        200,
        CalendarOut(
            year=number,
            days_off=[CalendarDayOut(date=d["date"], name=d["name"]) for d in days if d["kind"] == "day_off"],
            make_up_days=[
                CalendarDayOut(date=d["date"], name=d["name"]) for d in days if d["kind"] == "make_up"
            ],
        ),
    )
