"""Reporting periods: month, quarter, 6 months, 9 months, year, or any range of days.

Reports are kept "hàng tháng, quý, 6 tháng, 9 tháng, năm" (domain.md §11). Six and nine months
run from 1 January; the national cut-off convention (15th of the previous period to the 14th) is
UNCERTAIN, so a custom range covers it. A period is a closed range of local days [start, end];
figures that are states rather than flows (dossiers pending) are read at the end of the period, or
today when the period has not ended yet. Pure functions: "today" is passed in.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.errors import InvalidInput
from motcua.core.timeutil import VN_TZ

KINDS = ("thang", "quy", "6thang", "9thang", "nam", "khoang")
KIND_LABELS = [
    ("thang", gettext_lazy("Tháng")),
    ("quy", gettext_lazy("Quý")),
    ("6thang", gettext_lazy("6 tháng đầu năm")),
    ("9thang", gettext_lazy("9 tháng")),
    ("nam", gettext_lazy("Năm")),
    ("khoang", gettext_lazy("Khoảng ngày")),
]
MIN_YEAR = 2015
MAX_RANGE_DAYS = 3 * 366 + 1


@dataclass(frozen=True)
class Period:
    """A closed range of local days with the parameters that chose it."""

    kind: str
    start: date
    end: date
    year: int
    number: int = 0

    @property
    def label(self) -> str:
        if self.kind == "thang":
            return _("Tháng %(m)d/%(y)d") % {"m": self.number, "y": self.year}
        if self.kind == "quy":
            return _("Quý %(q)s năm %(y)d") % {"q": ("I", "II", "III", "IV")[self.number - 1], "y": self.year}
        if self.kind == "6thang":
            return _("6 tháng đầu năm %(y)d") % {"y": self.year}
        if self.kind == "9thang":
            return _("9 tháng năm %(y)d") % {"y": self.year}
        if self.kind == "nam":
            return _("Năm %(y)d") % {"y": self.year}
        return _("Từ %(a)s đến %(b)s") % {"a": f"{self.start:%d/%m/%Y}", "b": f"{self.end:%d/%m/%Y}"}

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def as_of(self, today: date) -> date:
        """Return the day at whose end states (pending) are read: the period end, or today."""
        return min(self.end, today)

    def is_running(self, today: date) -> bool:
        return self.end >= today

    def bounds(self) -> tuple[datetime, datetime]:
        """Return the period as aware instants [start 00:00, day after end 00:00) in Vietnam time."""
        return (
            datetime.combine(self.start, time.min, tzinfo=VN_TZ),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=VN_TZ),
        )

    def query(self) -> dict[str, str]:
        """Return the query parameters that choose this period again (for links and exports)."""
        if self.kind == "khoang":
            return {"ky": "khoang", "tu_ngay": self.start.isoformat(), "den_ngay": self.end.isoformat()}
        params = {"ky": self.kind, "nam": str(self.year)}
        if self.kind in ("thang", "quy"):
            params["so"] = str(self.number)
        return params

    def months(self) -> list[tuple[int, int]]:
        """Return the (year, month) pairs the period touches, in order (for trends)."""
        out: list[tuple[int, int]] = []
        y, m = self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def previous(self) -> Period:
        """Return the period of the same length just before this one (for comparisons)."""
        length = self.end - self.start
        end = self.start - timedelta(days=1)
        return Period(kind="khoang", start=end - length, end=end, year=(end - length).year)


def month(year: int, number: int) -> Period:
    last = calendar.monthrange(year, number)[1]
    return Period("thang", date(year, number, 1), date(year, number, last), year, number)


def quarter(year: int, number: int) -> Period:
    first_month = 3 * (number - 1) + 1
    last_month = first_month + 2
    return Period(
        "quy",
        date(year, first_month, 1),
        date(year, last_month, calendar.monthrange(year, last_month)[1]),
        year,
        number,
    )


def current_quarter(today: date) -> Period:
    return quarter(today.year, (today.month - 1) // 3 + 1)


def _int(params: Mapping[str, str], key: str, message: str) -> int:
    raw = (params.get(key) or "").strip()
    try:
        return int(raw)
    except ValueError:
        raise InvalidInput(message, field=key) from None


def _day(params: Mapping[str, str], key: str, message: str) -> date:
    raw = (params.get(key) or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(raw, fmt).date()  # noqa: DTZ007 - a calendar day, no time
        except ValueError:
            continue
    raise InvalidInput(message, field=key)


def parse_period(params: Mapping[str, str], *, today: date) -> Period:
    """Return the period chosen by query parameters; the current quarter when none is given.

    Parameters: ``ky`` (thang, quy, 6thang, 9thang, nam, khoang), ``nam`` (year), ``so`` (month
    1–12 or quarter 1–4), ``tu_ngay`` / ``den_ngay`` (YYYY-MM-DD or DD/MM/YYYY) for a range.
    Raise InvalidInput with a Vietnamese message for anything else; nothing is guessed.
    """
    kind = (params.get("ky") or "").strip()
    if not kind:
        return current_quarter(today)
    if kind not in KINDS:
        raise InvalidInput(_("Loại kỳ báo cáo không hợp lệ."), field="ky")
    if kind == "khoang":
        start = _day(params, "tu_ngay", _("“Từ ngày” không hợp lệ (định dạng ngày/tháng/năm)."))
        end = _day(params, "den_ngay", _("“Đến ngày” không hợp lệ (định dạng ngày/tháng/năm)."))
        if start > end:
            raise InvalidInput(_("“Từ ngày” phải trước hoặc bằng “Đến ngày”."), field="tu_ngay")
        if (end - start).days + 1 > MAX_RANGE_DAYS:
            raise InvalidInput(_("Mỗi lần chỉ xem tối đa ba năm."), field="den_ngay")
        period = Period("khoang", start, end, start.year)
    else:
        year = _int(params, "nam", _("Năm không hợp lệ."))
        if not MIN_YEAR <= year <= today.year:
            raise InvalidInput(
                _("Năm báo cáo phải từ %(a)d đến %(b)d.") % {"a": MIN_YEAR, "b": today.year}, field="nam"
            )
        if kind == "thang":
            number = _int(params, "so", _("Tháng không hợp lệ."))
            if not 1 <= number <= 12:
                raise InvalidInput(_("Tháng phải từ 1 đến 12."), field="so")
            period = month(year, number)
        elif kind == "quy":
            number = _int(params, "so", _("Quý không hợp lệ."))
            if not 1 <= number <= 4:
                raise InvalidInput(_("Quý phải từ 1 đến 4."), field="so")
            period = quarter(year, number)
        elif kind == "6thang":
            period = Period("6thang", date(year, 1, 1), date(year, 6, 30), year)
        elif kind == "9thang":
            period = Period("9thang", date(year, 1, 1), date(year, 9, 30), year)
        else:
            period = Period("nam", date(year, 1, 1), date(year, 12, 31), year)
    if period.start.year < MIN_YEAR:
        raise InvalidInput(_("Kỳ báo cáo phải từ năm %(a)d.") % {"a": MIN_YEAR}, field="tu_ngay")
    if period.start > today:
        raise InvalidInput(_("Kỳ báo cáo chưa bắt đầu."), field="tu_ngay")
    return period
