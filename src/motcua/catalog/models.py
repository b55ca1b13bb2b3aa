"""Procedures, their versions, required papers and internal processes."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.text import fold, nfc
from motcua.organisations.models import Agency, Role

from .querysets import ProcedureQuerySet, ProcedureVersionQuerySet


class Sector(models.Model):
    """A field of state management (lĩnh vực), e.g. Hộ tịch, Chứng thực."""

    code = models.CharField(_("mã lĩnh vực"), max_length=40, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=200)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """The stable identity of an administrative procedure; its content lives in versions."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        COMMUNE = "commune", _("Cấp xã")

    code = models.CharField(
        _("mã thủ tục"), max_length=40, unique=True, help_text=_("Mã trên Cơ sở dữ liệu quốc gia về TTHC")
    )
    name = models.CharField(_("tên thủ tục"), max_length=400)
    name_folded = models.CharField(max_length=400, editable=False, db_index=True)
    sector = models.ForeignKey(Sector, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT)
    level = models.CharField(_("cấp thực hiện"), max_length=10, choices=Level.choices)
    is_active = models.BooleanField(_("đang hiệu lực"), default=True)

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def save(self, *args: object, **kwargs: object) -> None:
        # Keep the stored name NFC and its folded copy in step for accent-insensitive search.
        self.name = nfc(self.name)
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("ngày làm việc")
    WORKING_HOURS = "working_hours", _("giờ làm việc")
    CALENDAR_DAYS = "calendar_days", _("ngày")
    SAME_DAY = "same_day", _("trong ngày")


class OnlineLevel(models.TextChoices):
    FULL = "full", _("Trực tuyến toàn trình")
    PARTIAL = "partial", _("Trực tuyến một phần")
    NONE = "none", _("Không trực tuyến")


class ProcedureVersion(models.Model):
    """The content of a procedure in force from a date, as a publication decision set it."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("phiên bản"), default=1)
    effective_from = models.DateField(_("hiệu lực từ"))
    decision = models.CharField(_("quyết định công bố"), max_length=200, blank=True)
    competent_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan có thẩm quyền"),
        on_delete=models.PROTECT,
        related_name="procedure_versions",
    )
    time_limit = models.DecimalField(
        _("thời hạn giải quyết"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    time_unit = models.CharField(_("đơn vị thời hạn"), max_length=16, choices=TimeUnit.choices)
    time_limit_text = models.CharField(_("thời hạn (mô tả)"), max_length=300, blank=True)
    fee_vnd = models.PositiveIntegerField(_("phí, lệ phí (đồng)"), default=0)
    fee_text = models.CharField(_("phí, lệ phí (mô tả)"), max_length=300, blank=True)
    online_level = models.CharField(_("mức độ trực tuyến"), max_length=10, choices=OnlineLevel.choices)
    result_description = models.CharField(_("kết quả"), max_length=300)
    requirements = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    regardless_of_boundary = models.BooleanField(_("không phụ thuộc địa giới hành chính"), default=True)

    objects = ProcedureVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="procedure_version_number_unique"),
            models.CheckConstraint(condition=models.Q(time_limit__gte=0), name="time_limit_not_negative"),
        ]
        ordering = ["procedure", "-effective_from"]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number}"

    @property
    def time_limit_display(self) -> str:
        if self.time_limit_text:
            return self.time_limit_text
        if self.time_unit == TimeUnit.SAME_DAY:
            return str(TimeUnit.SAME_DAY.label)
        return f"{self.time_limit.normalize():f} {self.get_time_unit_display()}"


class RequiredPaper(models.Model):
    """A paper the applicant must provide (thành phần hồ sơ)."""

    class Form(models.TextChoices):
        ORIGINAL = "original", _("Bản chính")
        CERTIFIED_COPY = "certified_copy", _("Bản sao chứng thực")
        COPY = "copy", _("Bản chụp")

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="papers")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    name = models.CharField(_("tên giấy tờ"), max_length=400)
    form = models.CharField(_("loại"), max_length=20, choices=Form.choices, default=Form.ORIGINAL)
    count = models.PositiveSmallIntegerField(_("số lượng"), default=1)
    is_required = models.BooleanField(_("bắt buộc"), default=True)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["version", "order"]

    def __str__(self) -> str:
        return self.name


class Process(models.Model):
    """The approved internal process of a procedure version at its competent agency."""

    version = models.OneToOneField(ProcedureVersion, on_delete=models.CASCADE, related_name="process")
    decision = models.CharField(_("quyết định phê duyệt"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("quy trình nội bộ")
        verbose_name_plural = _("quy trình nội bộ")

    def __str__(self) -> str:
        return f"{self.version}"


class ProcessStep(models.Model):
    """One step of an internal process: who acts and how many working hours they have."""

    class Kind(models.TextChoices):
        RECEIVE = "receive", _("Tiếp nhận")
        APPRAISE = "appraise", _("Thẩm định")
        APPROVE = "approve", _("Phê duyệt")
        ISSUE = "issue", _("Ban hành kết quả")
        RETURN = "return", _("Trả kết quả")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    kind = models.CharField(_("loại bước"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("tên bước"), max_length=200)
    role = models.CharField(_("vai trò thực hiện"), max_length=20, choices=Role.choices)
    allotted_hours = models.DecimalField(_("thời gian (giờ làm việc)"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")
        ordering = ["process", "order"]
        constraints = [models.UniqueConstraint(fields=["process", "order"], name="process_step_order_unique")]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"
