"""Procedures, their versions and publication decisions, required papers, fees and internal processes.

A `Procedure` is the stable identity of an administrative procedure (thủ tục hành chính). What a
citizen must do lives in a `ProcedureVersion`: a publication `Decision` of the Chairman of the
provincial People's Committee puts it in force from a date (Decree 118/2025/NĐ-CP Art 36, 38(1)).
Versions are never edited once published: an amendment is a new version, an abolition is recorded
on the procedure with its decision, and a re-coding keeps the old code in `ProcedureCode`. A dossier
points at the version in force when it was received, so it keeps that version's code, time limit,
fee, papers and steps for its whole life.

The internal process (quy trình nội bộ, Art 38(1)(d)) of a version is data: ordered steps (role,
unit, allotted working hours) with the moves allowed from each (next, back, supplement, consult,
transfer), approved by a decision. An administrator edits a draft (`Process.draft`); approval
writes the steps, or, when dossiers already follow the old steps, a new version carrying them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
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


class Decision(models.Model):
    """A decision that publishes, amends or abolishes procedures, or approves internal processes.

    Decree 118/2025/NĐ-CP Art 38(1)(c), (d): the Chairman of the provincial People's Committee
    publishes the procedures of the province and approves their internal and electronic processes.
    """

    class Kind(models.TextChoices):
        PUBLICATION = "publication", _("Công bố thủ tục hành chính")
        PROCESS_APPROVAL = "process_approval", _("Phê duyệt quy trình nội bộ")

    number = models.CharField(_("số, ký hiệu"), max_length=100, help_text=_("Ví dụ 1234/QĐ-UBND"))
    issued_on = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(_("người, cơ quan ban hành"), max_length=200, blank=True)
    effective_from = models.DateField(_("ngày có hiệu lực"))
    title = models.CharField(_("trích yếu"), max_length=500, blank=True)
    kind = models.CharField(_("loại quyết định"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("tệp quyết định"), upload_to="catalog/decisions/%Y/", blank=True)
    created_at = models.DateTimeField(_("thời điểm nhập"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("quyết định")
        verbose_name_plural = _("quyết định")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["number", "issued_on"], name="decision_number_date_unique"),
            models.CheckConstraint(
                condition=models.Q(effective_from__gte=models.F("issued_on")),
                name="decision_effective_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ngày {self.issued_on:%d/%m/%Y}"


class Procedure(models.Model):
    """The stable identity of an administrative procedure; its content lives in versions."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        COMMUNE = "commune", _("Cấp xã")

    code = models.CharField(
        _("mã thủ tục"),
        max_length=40,
        unique=True,
        help_text=_("Mã hiện hành trên Cơ sở dữ liệu quốc gia về TTHC"),
    )
    name = models.CharField(_("tên thủ tục"), max_length=400)
    name_folded = models.CharField(max_length=400, editable=False, db_index=True)
    search_folded = models.TextField(editable=False, default="")
    sector = models.ForeignKey(Sector, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT)
    level = models.CharField(_("cấp thực hiện"), max_length=10, choices=Level.choices)
    is_active = models.BooleanField(_("đang hiệu lực"), default=True)
    abolished_from = models.DateField(_("bãi bỏ từ ngày"), null=True, blank=True)
    abolished_by = models.ForeignKey(
        Decision,
        verbose_name=_("quyết định bãi bỏ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="abolished_procedures",
    )

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["name"]
        indexes = [models.Index(fields=["name", "id"], name="procedure_name_order")]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Keep the stored name NFC and its folded copies in step for accent-insensitive search.
        self.name = nfc(self.name)
        self.name_folded = fold(self.name)
        if not self.search_folded:
            self.search_folded = fold(f"{self.code} {self.name}")
        super().save(*args, **kwargs)


class ProcedureCode(models.Model):
    """A code a procedure carries or carried on the national database (procedures get re-coded)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(_("mã thủ tục"), max_length=40, unique=True)
    valid_from = models.DateField(_("dùng từ ngày"), null=True, blank=True)
    valid_until = models.DateField(_("dùng đến ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("mã thủ tục")
        verbose_name_plural = _("mã thủ tục (lịch sử)")
        ordering = ["procedure_id", "valid_from"]

    def __str__(self) -> str:
        return self.code


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
    code = models.CharField(_("mã thủ tục của phiên bản"), max_length=40, blank=True, db_index=True)
    name = models.CharField(_("tên thủ tục của phiên bản"), max_length=400, blank=True)
    effective_from = models.DateField(_("hiệu lực từ"))
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("quyết định công bố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="versions",
    )
    competent_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan có thẩm quyền"),
        on_delete=models.PROTECT,
        related_name="procedure_versions",
    )
    # Every agency that handles the procedure under this version, the lead (`competent_agency`)
    # included: a commune-level procedure is handled by each commune's People's Committee
    # (Decree 118/2025/NĐ-CP Art 14(2)). One internal process serves them all (ADR 0003).
    competent_agencies = models.ManyToManyField(
        Agency,
        verbose_name=_("các cơ quan có thẩm quyền"),
        blank=True,
        related_name="competent_for_versions",
        help_text=_("Các cơ quan cùng giải quyết thủ tục theo phiên bản này, gồm cả cơ quan chủ trì"),
    )
    coordinating_agencies = models.ManyToManyField(
        Agency, verbose_name=_("cơ quan phối hợp"), blank=True, related_name="coordinated_versions"
    )
    time_limit = models.DecimalField(
        _("thời hạn giải quyết"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    time_unit = models.CharField(_("đơn vị thời hạn"), max_length=16, choices=TimeUnit.choices)
    time_limit_text = models.CharField(_("thời hạn (mô tả)"), max_length=300, blank=True)
    statutory_time_limit = models.DecimalField(
        _("thời hạn theo luật định"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_(
            "Thời hạn do văn bản quy phạm pháp luật quy định, cùng đơn vị; để trống nếu bằng thời hạn"
        ),
    )
    fee_vnd = models.PositiveIntegerField(_("phí, lệ phí (đồng)"), default=0)
    fee_text = models.CharField(_("phí, lệ phí (mô tả)"), max_length=600, blank=True)
    online_level = models.CharField(_("mức độ trực tuyến"), max_length=10, choices=OnlineLevel.choices)
    result_description = models.CharField(_("kết quả"), max_length=300)
    requirements = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    regardless_of_boundary = models.BooleanField(_("không phụ thuộc địa giới hành chính"), default=True)
    verification_note = models.CharField(_("ghi chú kiểm chứng (nội bộ)"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("thời điểm nhập"), null=True, blank=True, auto_now_add=True)

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
        return f"{self.code or self.procedure.code} v{self.number}"

    @property
    def time_limit_display(self) -> str:
        if self.time_limit_text:
            return self.time_limit_text
        if self.time_unit == TimeUnit.SAME_DAY:
            return str(TimeUnit.SAME_DAY.label)
        return f"{self.time_limit.normalize():f} {self.get_time_unit_display()}"

    @property
    def time_limit_short(self) -> str:
        """Return the limit as a number and unit, without the explanatory text."""
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
    template_name = models.CharField(_("mẫu đơn, tờ khai"), max_length=200, blank=True)
    template_file = models.FileField(_("tệp mẫu"), upload_to="catalog/templates/%Y/", blank=True)
    reusable_from_data_store = models.BooleanField(
        _("dùng lại từ kho dữ liệu của người dân"),
        default=False,
        help_text=_("Decree 118/2025/NĐ-CP Art 22(1): giấy tờ đã số hóa được dùng lại"),
    )
    reusable_from_national_db = models.BooleanField(
        _("khai thác từ cơ sở dữ liệu quốc gia, chuyên ngành"),
        default=False,
        help_text=_("Không yêu cầu nộp lại khi khai thác được dữ liệu (Decree 118/2025/NĐ-CP Art 5(1)(i))"),
    )

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["version_id", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class FormField(models.Model):
    """One field of a version's e-form (tờ khai điện tử) that an applicant fills in online.

    The portal generates the submission form from these fields, in order. They belong to the version
    like its papers: published with it, copied to the next version unless that version brings its
    own, and changed only while no dossier has been received under the version (`set_form_fields`).
    """

    class Kind(models.TextChoices):
        TEXT = "text", _("Văn bản ngắn")
        LONG_TEXT = "long_text", _("Văn bản dài")
        DATE = "date", _("Ngày")
        NUMBER = "number", _("Số")
        CHOICE = "choice", _("Chọn một trong danh sách")
        YES_NO = "yes_no", _("Có / Không")

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="form_fields")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    key = models.CharField(
        _("mã trường"),
        max_length=40,
        help_text=_("Chữ thường không dấu, số và dấu gạch dưới, bắt đầu bằng chữ; ví dụ ho_ten"),
    )
    label = models.CharField(_("nhãn"), max_length=200)
    kind = models.CharField(_("kiểu dữ liệu"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    is_required = models.BooleanField(_("bắt buộc"), default=False)
    choices = models.TextField(
        _("các lựa chọn"),
        blank=True,
        help_text=_("Với kiểu “Chọn một trong danh sách”: mỗi dòng một lựa chọn"),
    )
    help_text = models.CharField(_("hướng dẫn"), max_length=300, blank=True)
    max_length = models.PositiveSmallIntegerField(
        _("độ dài tối đa (ký tự)"),
        null=True,
        blank=True,
        help_text=_("Với kiểu văn bản; để trống: 200 ký tự (văn bản ngắn), 2.000 ký tự (văn bản dài)"),
    )

    class Meta:
        verbose_name = _("trường của tờ khai điện tử")
        verbose_name_plural = _("tờ khai điện tử (các trường)")
        ordering = ["version_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="form_field_key_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def choice_list(self) -> list[str]:
        """Return the options of a choice field, one per non-empty line."""
        return [nfc(line) for line in self.choices.splitlines() if nfc(line)]


class Fee(models.Model):
    """One fee or charge of a version (phí, lệ phí), with its online amount and exemptions."""

    class Kind(models.TextChoices):
        FEE = "fee", _("Phí")
        CHARGE = "charge", _("Lệ phí")

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="fees")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    case = models.CharField(_("trường hợp áp dụng"), max_length=300, blank=True)
    amount_vnd = models.PositiveIntegerField(_("mức thu (đồng)"))
    online_amount_vnd = models.PositiveIntegerField(
        _("mức thu khi nộp trực tuyến (đồng)"), null=True, blank=True
    )
    unit = models.CharField(_("đơn vị tính"), max_length=100, blank=True)
    exemptions = models.TextField(_("đối tượng miễn, giảm"), blank=True)

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")
        ordering = ["version_id", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount_vnd}"


class ResultType(models.Model):
    """A result a version issues (kết quả giải quyết), with its document-type code (Art 22(4))."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="results")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    name = models.CharField(_("tên kết quả"), max_length=400)
    code = models.CharField(_("mã loại giấy tờ"), max_length=40, blank=True)
    is_electronic = models.BooleanField(_("có bản điện tử"), default=False)

    class Meta:
        verbose_name = _("loại kết quả")
        verbose_name_plural = _("loại kết quả")
        ordering = ["version_id", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class LegalBasis(models.Model):
    """A legal document the version rests on (căn cứ pháp lý)."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="legal_bases")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    text = models.CharField(_("văn bản"), max_length=500)

    class Meta:
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")
        ordering = ["version_id", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class TimeCut(models.Model):
    """A cut of the time limit, recorded when a version shortens it.

    The baseline is the previous version's limit, or for a first version the statutory limit when
    one is given. Days are working days (8 working hours a day; see `limits.limit_in_days`).
    """

    class Baseline(models.TextChoices):
        PREVIOUS_VERSION = "previous_version", _("So với phiên bản trước")
        STATUTORY = "statutory", _("So với thời hạn luật định")

    version = models.OneToOneField(ProcedureVersion, on_delete=models.PROTECT, related_name="time_cut")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="time_cuts")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="time_cuts")
    baseline = models.CharField(_("căn cứ so sánh"), max_length=20, choices=Baseline.choices)
    days_before = models.DecimalField(_("thời hạn trước (ngày)"), max_digits=8, decimal_places=2)
    days_after = models.DecimalField(_("thời hạn sau (ngày)"), max_digits=8, decimal_places=2)
    days_cut = models.DecimalField(_("số ngày cắt giảm"), max_digits=8, decimal_places=2)
    effective_from = models.DateField(_("áp dụng từ"))
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("cắt giảm thời gian")
        verbose_name_plural = _("cắt giảm thời gian")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(condition=models.Q(days_cut__gt=0), name="time_cut_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code}: -{self.days_cut}"


class Process(models.Model):
    """The internal process of a procedure version at its competent agency (Art 38(1)(d))."""

    version = models.OneToOneField(ProcedureVersion, on_delete=models.CASCADE, related_name="process")
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan áp dụng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processes",
    )
    approval = models.ForeignKey(
        Decision,
        verbose_name=_("quyết định phê duyệt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_processes",
    )
    approved_at = models.DateTimeField(_("thời điểm phê duyệt"), null=True, blank=True)
    draft = models.JSONField(_("bản nháp"), null=True, blank=True, editable=False)
    draft_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    draft_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("quy trình nội bộ")
        verbose_name_plural = _("quy trình nội bộ")

    def __str__(self) -> str:
        return f"{self.version}"


class ProcessStep(models.Model):
    """One step of an internal process: who acts, in which unit, and how many working hours they have."""

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
    unit = models.CharField(_("đơn vị thực hiện"), max_length=200, blank=True)
    allotted_hours = models.DecimalField(
        _("thời gian (giờ làm việc)"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")
        ordering = ["process_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["process", "order"], name="process_step_order_unique"),
            models.CheckConstraint(condition=models.Q(allotted_hours__gte=0), name="step_hours_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class MoveKind(models.TextChoices):
    NEXT = "next", _("Chuyển bước tiếp theo")
    BACK = "back", _("Trả lại bước trước")
    SUPPLEMENT = "supplement", _("Chuyển Bộ phận Một cửa yêu cầu bổ sung")
    CONSULT = "consult", _("Lấy ý kiến cơ quan khác (song song)")
    TRANSFER = "transfer", _("Chuyển cơ quan khác (liên thông)")


class ProcessMove(models.Model):
    """A move allowed from a step: to another step, to the desk, or to another agency."""

    step = models.ForeignKey(ProcessStep, on_delete=models.CASCADE, related_name="moves")
    kind = models.CharField(_("loại chuyển"), max_length=12, choices=MoveKind.choices)
    to_step = models.ForeignKey(
        ProcessStep, null=True, blank=True, on_delete=models.CASCADE, related_name="incoming_moves"
    )
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("bước chuyển")
        verbose_name_plural = _("bước chuyển")
        ordering = ["step_id", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.step} → {self.get_kind_display()}"


class ProcessApproval(models.Model):
    """An approval of a process by a decision, with the approved graph as it was (append-only)."""

    process = models.ForeignKey(Process, on_delete=models.PROTECT, related_name="approvals")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="process_approvals")
    graph = models.JSONField(_("quy trình được phê duyệt"))
    approved_at = models.DateTimeField(_("thời điểm phê duyệt"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("lần phê duyệt quy trình")
        verbose_name_plural = _("lần phê duyệt quy trình")
        ordering = ["-approved_at"]

    def __str__(self) -> str:
        return f"{self.process} – {self.decision}"
