"""Configuration of the reports: how the Decision 766 index turns rates into points.

The point conversion of QĐ 766/QĐ-TTg is UNCERTAIN (domain.md §6: "exact point-conversion (linear vs
thresholds) … not read"), so it is data, edited by the provincial administrator, with a documented
default: points = rate × maximum (linear); commune units get the full points of the criteria that
do not apply to them (the business rule a third-party crawler of DVCQG reports, also UNCERTAIN);
criteria the system cannot compute yet are left out of the total rather than counted as zero.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Conversion(models.TextChoices):
    LINEAR = "linear", _("Tuyến tính: điểm = tỷ lệ × điểm tối đa")
    STEPS = "steps", _("Theo ngưỡng: tỷ lệ đạt ngưỡng nào thì được phần điểm của ngưỡng đó")


class Decision766Config(models.Model):
    """How the Decision 766 index converts each sub-indicator's rate into points, per province."""

    province_code = models.CharField(_("mã tỉnh"), max_length=4, unique=True)
    conversion = models.CharField(
        _("cách quy đổi điểm"), max_length=10, choices=Conversion.choices, default=Conversion.LINEAR
    )
    steps = models.JSONField(
        _("các ngưỡng"),
        default=list,
        blank=True,
        help_text=_(
            "Danh sách [tỷ lệ tối thiểu %, phần trăm điểm tối đa], ví dụ [[95, 100], [80, 75], [50, 50]]; "
            "dưới ngưỡng thấp nhất được 0 điểm. Chỉ dùng khi quy đổi theo ngưỡng."
        ),
    )
    commune_full_points = models.BooleanField(
        _("cấp xã được điểm tối đa ở tiêu chí không áp dụng"),
        default=True,
        help_text=_("Các tiêu chí về công bố, công khai thủ tục do cấp tỉnh thực hiện."),
    )
    not_computable_as_zero = models.BooleanField(
        _("tính 0 điểm cho tiêu chí hệ thống chưa tính được"),
        default=False,
        help_text=_("Mặc định: không đưa vào tổng điểm và ghi rõ “chưa tính được”."),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("cấu hình chỉ số Quyết định 766")
        verbose_name_plural = _("cấu hình chỉ số Quyết định 766")

    def __str__(self) -> str:
        return f"QĐ 766 – {self.province_code}"


class SnapshotDay(models.Model):
    """A day whose pending dossiers at its end are in `PendingSnapshot` (complete, even if empty)."""

    day = models.DateField(_("ngày"), unique=True)
    taken_at = models.DateTimeField(_("ghi lúc"))
    dossiers = models.PositiveIntegerField(_("số hồ sơ đang giải quyết"), default=0)

    class Meta:
        verbose_name = _("ngày đã chốt số liệu tồn")
        verbose_name_plural = _("ngày đã chốt số liệu tồn")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day}"


class PendingSnapshot(models.Model):
    """Dossiers pending at the end of a past day, per competent agency × procedure.

    `PendingCounter` holds the present; reports on a period that has ended need the pending dossiers
    at its end (Biểu 06 columns 9–11). They are recomputed exactly from the record (`history`) once,
    after the day has ended, and kept here, so that year-end reports read a few thousand rows instead
    of scanning millions of dossiers. Reports fall back to the record for a day without a snapshot.
    """

    day = models.DateField(_("ngày"))
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    procedure = models.ForeignKey("catalog.Procedure", on_delete=models.PROTECT, related_name="+")
    in_time = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    paused = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("số liệu hồ sơ tồn cuối ngày")
        verbose_name_plural = _("số liệu hồ sơ tồn cuối ngày")
        constraints = [
            models.UniqueConstraint(fields=["day", "agency", "procedure"], name="pending_snapshot_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id}/{self.procedure_id}"
