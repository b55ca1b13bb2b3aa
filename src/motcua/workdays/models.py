"""The admin-edited part of the working calendar: day overrides and office hours.

The public holidays come from the ``holidays`` package (`calendar.WorkingCalendar.build`); these
rows add what the government announces each year (swapped days off, make-up working days, extra
days off) and the office hours of the province and of agencies that keep other hours.
`selectors.get_calendar` turns them into a `calendar.WorkingCalendar`; write them only through
`services` (design.md rule 1), never with a raw ``save()``.
"""

from __future__ import annotations

from datetime import time

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The years every calendar covers (`selectors.get_calendar`); overrides outside them are refused.
CALENDAR_YEARS = range(2020, 2036)


class CalendarOverride(models.Model):
    """One announced exception to the ordinary calendar: a day off or a make-up working day.

    A make-up day (ngày làm bù) is worked even on a Saturday or a public holiday; a day off is
    not worked even on a weekday. Changing these rows never moves the due date of a dossier
    already received (its ``due_at`` is a snapshot); a recomputation is a separate, recorded act.
    """

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ")
        MAKE_UP = "make_up", _("Ngày làm bù")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    name = models.CharField(
        _("tên"),
        max_length=200,
        help_text=_("Ví dụ: Nghỉ bù Quốc khánh (hoán đổi, làm bù thứ Bảy 22/08/2026)"),
    )
    source = models.CharField(
        _("căn cứ"),
        max_length=300,
        blank=True,
        help_text=_(
            "Số, ngày của quyết định hoặc thông báo, ví dụ: Công văn 12729/VPCP-KGVX ngày 25/12/2025"
        ),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("ngày nghỉ, ngày làm bù")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["day_off", "make_up"]), name="workdays_override_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} – {self.get_kind_display()}: {self.name}"

    def clean(self) -> None:
        """Refuse a date outside the years the working calendar covers."""
        if self.date is not None and self.date.year not in CALENDAR_YEARS:
            raise ValidationError(
                {
                    "date": _("Ngày phải thuộc phạm vi lịch làm việc (%(first)d–%(last)d).")
                    % {"first": CALENDAR_YEARS.start, "last": CALENDAR_YEARS.stop - 1}
                }
            )


class OfficeHours(models.Model):
    """The two office sessions of a working day, for the province (no agency) or one agency.

    The province default is the row without an agency (07:00–11:30 and 13:30–17:00, 8 working
    hours, domain.md §4.2); an agency with its own row keeps its own hours, and one working day of
    that agency is its daily office time (see `deadlines.WorkingDays`).
    """

    agency = models.OneToOneField(
        "organisations.Agency",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="office_hours",
        help_text=_("Để trống: giờ làm việc mặc định của tỉnh."),
    )
    morning_start = models.TimeField(_("buổi sáng bắt đầu"), default=time(7, 0))
    morning_end = models.TimeField(_("buổi sáng kết thúc"), default=time(11, 30))
    afternoon_start = models.TimeField(_("buổi chiều bắt đầu"), default=time(13, 30))
    afternoon_end = models.TimeField(_("buổi chiều kết thúc"), default=time(17, 0))
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("giờ làm việc")
        verbose_name_plural = _("giờ làm việc")
        ordering = [models.F("agency").asc(nulls_first=True)]
        constraints = [
            # At most one province default: NULL agencies would not collide in a plain unique index.
            models.UniqueConstraint(
                Coalesce("agency", models.Value(0), output_field=models.BigIntegerField()),
                name="workdays_officehours_one_row_per_agency",
                violation_error_message=_("Đã có giờ làm việc cho cơ quan này (hoặc giờ mặc định của tỉnh)."),
            ),
            models.CheckConstraint(
                condition=models.Q(morning_start__lt=models.F("morning_end"))
                & models.Q(morning_end__lte=models.F("afternoon_start"))
                & models.Q(afternoon_start__lt=models.F("afternoon_end")),
                name="workdays_officehours_sessions_ordered",
                violation_error_message=_("Các buổi làm việc phải theo thứ tự và không chồng lấn."),
            ),
        ]

    def __str__(self) -> str:
        owner = self.agency.name if self.agency_id and self.agency else _("Mặc định của tỉnh")
        return f"{owner}: {self.describe()}"

    def describe(self) -> str:
        """Return the sessions as text, e.g. "07:00–11:30, 13:30–17:00"."""
        return (
            f"{self.morning_start:%H:%M}–{self.morning_end:%H:%M}, "
            f"{self.afternoon_start:%H:%M}–{self.afternoon_end:%H:%M}"
        )

    def clean(self) -> None:
        """Check that each session ends after it starts and the morning ends before the afternoon."""
        errors: dict[str, str | Promise] = {}
        if None in (self.morning_start, self.morning_end, self.afternoon_start, self.afternoon_end):
            return  # the field validators already report the missing value
        if not self.morning_start < self.morning_end:
            errors["morning_end"] = _("Buổi sáng phải kết thúc sau khi bắt đầu.")
        if not self.afternoon_start < self.afternoon_end:
            errors["afternoon_end"] = _("Buổi chiều phải kết thúc sau khi bắt đầu.")
        if not self.morning_end <= self.afternoon_start:
            errors["afternoon_start"] = _("Buổi chiều phải bắt đầu sau khi buổi sáng kết thúc.")
        if errors:
            raise ValidationError(errors)
