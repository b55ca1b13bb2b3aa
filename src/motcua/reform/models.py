"""The steering committee's own work: plans, tasks, meetings, inspections, pilots, indices, posts.

A provincial steering committee for administrative reform (Ban Chỉ đạo CCHC) issues a yearly or
multi-year plan by a decision, structured in task groups; each task has an owner unit, a deadline and
an expected output, and the owner reports progress. Meeting conclusions and inspection findings
become tasks of the plan. Every change of a task writes one `ReformTaskEvent`, an append-only,
hash-chained row (triggers in migration 0002), as dossier events do.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.documents.models import StoredFile
from motcua.organisations.models import Agency

from .querysets import ReformTaskQuerySet

User = settings.AUTH_USER_MODEL


class SteeringCommittee(models.Model):
    """The provincial steering committee for administrative reform, set up by a decision."""

    name = models.CharField(_("tên"), max_length=200)
    decision = models.CharField(_("quyết định thành lập"), max_length=200, blank=True)
    province_code = models.CharField(_("mã tỉnh"), max_length=4, db_index=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("ban chỉ đạo cải cách hành chính")
        verbose_name_plural = _("ban chỉ đạo cải cách hành chính")

    def __str__(self) -> str:
        return self.name


class CommitteeMember(models.Model):
    """A member of the committee with their role; the secretary keeps the plan."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Trưởng ban")
        VICE_CHAIR = "vice_chair", _("Phó Trưởng ban")
        STANDING = "standing", _("Ủy viên thường trực")
        MEMBER = "member", _("Ủy viên")
        SECRETARY = "secretary", _("Thư ký")

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(User, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("chức vụ"), max_length=200, blank=True)
    is_active = models.BooleanField(_("đang là thành viên"), default=True)

    class Meta:
        verbose_name = _("thành viên ban chỉ đạo")
        verbose_name_plural = _("thành viên ban chỉ đạo")
        ordering = ["committee", "pk"]
        constraints = [models.UniqueConstraint(fields=["committee", "user"], name="reform_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class ReformPlan(models.Model):
    """A yearly or multi-year reform plan (kế hoạch CCHC), issued by a decision."""

    class Kind(models.TextChoices):
        YEARLY = "yearly", _("Kế hoạch năm")
        MULTI_YEAR = "multi_year", _("Kế hoạch giai đoạn")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    decision_number = models.CharField(_("số quyết định ban hành"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issued_by = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("thời điểm tạo"))
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("kế hoạch cải cách hành chính")
        verbose_name_plural = _("kế hoạch cải cách hành chính")
        ordering = ["-start_year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="plan_years"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="issued") | models.Q(decision_date__isnull=False),
                name="plan_issued_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def years_label(self) -> str:
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"


class TaskGroup(models.Model):
    """A group of tasks in a plan (nhóm nhiệm vụ), e.g. digital transformation; editable."""

    plan = models.ForeignKey(ReformPlan, on_delete=models.CASCADE, related_name="groups")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên nhóm nhiệm vụ"), max_length=200)

    class Meta:
        verbose_name = _("nhóm nhiệm vụ")
        verbose_name_plural = _("nhóm nhiệm vụ")
        ordering = ["plan", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="reform_group_name_unique")]

    def __str__(self) -> str:
        return self.name


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa triển khai")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    COMPLETED = "completed", _("Đã hoàn thành")
    CANCELLED = "cancelled", _("Không thực hiện (điều chỉnh kế hoạch)")


class TaskSource(models.TextChoices):
    PLAN = "plan", _("Theo kế hoạch")
    CONCLUSION = "conclusion", _("Kết luận cuộc họp Ban Chỉ đạo")
    INSPECTION = "inspection", _("Kiến nghị sau kiểm tra")


class KpiDirection(models.TextChoices):
    AT_LEAST = "at_least", "≥"
    AT_MOST = "at_most", "≤"


class Meeting(models.Model):
    """A committee meeting: monthly, quarterly online with agencies (months 3, 6, 9, 12), or ad hoc."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Họp định kỳ tháng")
        QUARTERLY_ONLINE = "quarterly", _("Họp trực tuyến quý với các cơ quan, địa phương")
        EXTRAORDINARY = "extra", _("Họp đột xuất")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Đã lên lịch")
        HELD = "held", _("Đã họp")
        CANCELLED = "cancelled", _("Hủy")

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("loại cuộc họp"), max_length=10, choices=Kind.choices)
    scheduled_at = models.DateTimeField(_("thời gian"))
    location = models.CharField(_("địa điểm / hình thức"), max_length=300, blank=True)
    agenda = models.TextField(_("chương trình họp"), blank=True)
    minutes = models.TextField(_("biên bản"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    held_at = models.DateTimeField(_("thời điểm họp"), null=True, blank=True)

    class Meta:
        verbose_name = _("cuộc họp ban chỉ đạo")
        verbose_name_plural = _("cuộc họp ban chỉ đạo")
        ordering = ["scheduled_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.scheduled_at:%m/%Y}"


class MeetingConclusion(models.Model):
    """One conclusion of a meeting; it becomes a tracked task (`ReformTask.conclusion`)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="conclusions")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    text = models.TextField(_("nội dung kết luận"))

    class Meta:
        verbose_name = _("kết luận cuộc họp")
        verbose_name_plural = _("kết luận cuộc họp")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="reform_conclusion_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.number}"


class Inspection(models.Model):
    """A reform inspection of an agency or commune: plan, findings, required fixes (as tasks)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Theo kế hoạch")
        CONDUCTED = "conducted", _("Đã kiểm tra")

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.PROTECT, related_name="inspections")
    agency = models.ForeignKey(Agency, verbose_name=_("đơn vị được kiểm tra"), on_delete=models.PROTECT)
    planned_on = models.DateField(_("ngày kiểm tra dự kiến"))
    conducted_on = models.DateField(_("ngày kiểm tra"), null=True, blank=True)
    scope = models.TextField(_("nội dung kiểm tra"), blank=True)
    summary = models.TextField(_("kết quả kiểm tra"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PLANNED)

    class Meta:
        verbose_name = _("đợt kiểm tra cải cách hành chính")
        verbose_name_plural = _("đợt kiểm tra cải cách hành chính")
        ordering = ["planned_on", "pk"]

    def __str__(self) -> str:
        return f"{self.agency} {self.planned_on:%d/%m/%Y}"


class InspectionFinding(models.Model):
    """A finding of an inspection with the fix required; the fix is a tracked task."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="findings")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    text = models.TextField(_("tồn tại, hạn chế"))
    required_fix = models.TextField(_("yêu cầu khắc phục"))

    class Meta:
        verbose_name = _("kết luận kiểm tra")
        verbose_name_plural = _("kết luận kiểm tra")
        ordering = ["inspection", "number"]

    def __str__(self) -> str:
        return f"{self.inspection}: {self.number}"


class ReformTask(models.Model):
    """A reform task (nhiệm vụ CCHC): owner unit, co-operating units, deadline, expected output."""

    plan = models.ForeignKey(ReformPlan, on_delete=models.PROTECT, related_name="tasks")
    group = models.ForeignKey(TaskGroup, verbose_name=_("nhóm nhiệm vụ"), on_delete=models.PROTECT)
    number = models.CharField(_("số hiệu"), max_length=20, blank=True)
    title = models.CharField(_("nhiệm vụ"), max_length=500)
    description = models.TextField(_("nội dung"), blank=True)
    owner = models.ForeignKey(
        Agency, verbose_name=_("đơn vị chủ trì"), on_delete=models.PROTECT, related_name="reform_tasks"
    )
    co_agencies = models.ManyToManyField(
        Agency, verbose_name=_("đơn vị phối hợp"), blank=True, related_name="co_reform_tasks"
    )
    deadline = models.DateField(_("thời hạn hoàn thành"), db_index=True)
    expected_output = models.CharField(_("sản phẩm dự kiến"), max_length=500, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=500, blank=True)
    legal_basis_url = models.URLField(_("liên kết văn bản căn cứ"), blank=True)
    source = models.CharField(_("nguồn nhiệm vụ"), max_length=12, choices=TaskSource.choices)
    conclusion = models.OneToOneField(
        MeetingConclusion, null=True, blank=True, on_delete=models.PROTECT, related_name="task"
    )
    finding = models.OneToOneField(
        InspectionFinding, null=True, blank=True, on_delete=models.PROTECT, related_name="task"
    )
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    progress_percent = models.PositiveSmallIntegerField(
        _("tiến độ (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    kpi_code = models.CharField(_("chỉ tiêu theo dõi"), max_length=60, blank=True)
    kpi_target = models.DecimalField(
        _("giá trị mục tiêu"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    kpi_direction = models.CharField(
        _("so sánh"), max_length=8, choices=KpiDirection.choices, default=KpiDirection.AT_LEAST
    )
    kpi_agency = models.ForeignKey(
        Agency,
        verbose_name=_("đơn vị của chỉ tiêu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống: đơn vị chủ trì"),
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("thời điểm giao"))
    updated_at = models.DateTimeField(_("cập nhật"))

    objects = ReformTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ cải cách hành chính")
        verbose_name_plural = _("nhiệm vụ cải cách hành chính")
        ordering = ["plan", "group__order", "deadline", "pk"]
        indexes = [
            models.Index(fields=["plan", "status"], name="reform_task_plan_status"),
            models.Index(fields=["owner", "status", "deadline"], name="reform_task_owner_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_percent__gte=0, progress_percent__lte=100),
                name="task_percent_0_100",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="completed")
                | models.Q(progress_percent=100, completed_on__isnull=False),
                name="task_completed_is_full",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ReformTaskEvent(models.Model):
    """One entry of a task's history; never updated, never deleted, hash-chained (design rule 5)."""

    class Type(models.TextChoices):
        CREATED = "created", _("Giao nhiệm vụ")
        UPDATED = "updated", _("Điều chỉnh nhiệm vụ")
        PROGRESS = "progress", _("Báo cáo tiến độ")
        COMPLETED = "completed", _("Báo cáo hoàn thành")
        REOPENED = "reopened", _("Mở lại nhiệm vụ")
        CANCELLED = "cancelled", _("Không thực hiện (điều chỉnh kế hoạch)")

    task = models.ForeignKey(ReformTask, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    type = models.CharField(_("sự kiện"), max_length=12, choices=Type.choices)
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(_("người thực hiện"), max_length=200, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("sự kiện nhiệm vụ")
        verbose_name_plural = _("sự kiện nhiệm vụ")
        ordering = ["task", "seq"]
        constraints = [models.UniqueConstraint(fields=["task", "seq"], name="reform_event_seq_unique")]

    def __str__(self) -> str:
        return f"{self.task_id}#{self.seq} {self.type}"


class ProgressReport(models.Model):
    """A progress report by the owner unit: status, percentage, evidence files and comments."""

    task = models.ForeignKey(ReformTask, on_delete=models.PROTECT, related_name="reports")
    at = models.DateTimeField(_("thời điểm báo cáo"))
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT)
    status = models.CharField(_("tình trạng"), max_length=12, choices=TaskStatus.choices)
    progress_percent = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    comment = models.TextField(_("nội dung báo cáo"), blank=True)
    files = models.ManyToManyField(StoredFile, verbose_name=_("minh chứng"), blank=True, related_name="+")

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["task", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.task_id} {self.progress_percent}%"


class PilotUnit(models.Model):
    """A pilot unit (đơn vị chỉ đạo điểm) of a year, with the committee member in charge."""

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.PROTECT, related_name="pilot_units")
    year = models.PositiveSmallIntegerField(_("năm"))
    agency = models.ForeignKey(Agency, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    member_in_charge = models.ForeignKey(
        CommitteeMember, verbose_name=_("thành viên phụ trách"), on_delete=models.PROTECT, related_name="+"
    )
    focus = models.CharField(_("nội dung chỉ đạo điểm"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("đơn vị chỉ đạo điểm")
        verbose_name_plural = _("đơn vị chỉ đạo điểm")
        ordering = ["year", "agency__level", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year", "agency"], name="reform_pilot_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.agency}"


class IndexKind(models.TextChoices):
    PAR_INDEX = "par_index", _("PAR INDEX – Chỉ số cải cách hành chính")
    SIPAS = "sipas", _("SIPAS – Chỉ số hài lòng về sự phục vụ hành chính")
    PAPI = "papi", _("PAPI – Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh")
    PCI = "pci", _("PCI – Chỉ số năng lực cạnh tranh cấp tỉnh")


class IndexResult(models.Model):
    """The province's score and national rank in one index for one year."""

    province_code = models.CharField(max_length=4, db_index=True)
    kind = models.CharField(_("chỉ số"), max_length=10, choices=IndexKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    score = models.DecimalField(_("điểm"), max_digits=7, decimal_places=2)
    max_score = models.DecimalField(_("thang điểm"), max_digits=7, decimal_places=2, default=100)
    national_rank = models.PositiveSmallIntegerField(_("xếp hạng"), null=True, blank=True)
    ranked_count = models.PositiveSmallIntegerField(_("số tỉnh được xếp hạng"), null=True, blank=True)
    source = models.CharField(_("nguồn công bố"), max_length=300, blank=True)
    is_illustrative = models.BooleanField(
        _("số liệu minh họa"), default=False, help_text=_("Số liệu demo, không phải kết quả công bố")
    )

    class Meta:
        verbose_name = _("kết quả chỉ số")
        verbose_name_plural = _("kết quả chỉ số")
        ordering = ["kind", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["province_code", "kind", "year"], name="reform_index_result_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"


class IndexComponent(models.Model):
    """A component (lĩnh vực, trục nội dung) of an index result."""

    result = models.ForeignKey(IndexResult, on_delete=models.CASCADE, related_name="components")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("thành phần"), max_length=300)
    score = models.DecimalField(_("điểm"), max_digits=7, decimal_places=2)
    max_score = models.DecimalField(_("điểm tối đa"), max_digits=7, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("thành phần chỉ số")
        verbose_name_plural = _("thành phần chỉ số")
        ordering = ["result", "order"]

    def __str__(self) -> str:
        return self.name


class IndexTarget(models.Model):
    """A target the province set for an index in a year (e.g. "PAR INDEX in the top 20 by 2025")."""

    province_code = models.CharField(max_length=4, db_index=True)
    kind = models.CharField(_("chỉ số"), max_length=10, choices=IndexKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    target_rank = models.PositiveSmallIntegerField(_("xếp hạng mục tiêu (trong nhóm)"), null=True, blank=True)
    target_score = models.DecimalField(
        _("điểm mục tiêu"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("mục tiêu chỉ số")
        verbose_name_plural = _("mục tiêu chỉ số")
        ordering = ["kind", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["province_code", "kind", "year"], name="reform_index_target_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"


class SensitivePost(models.Model):
    """A post marked sensitive, whose holders rotate on schedule (Decree 59/2019/NĐ-CP Art 36–37)."""

    name = models.CharField(_("vị trí công tác"), max_length=300)
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+")
    personnel_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan tổ chức cán bộ nhận cảnh báo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    rotation_months = models.PositiveSmallIntegerField(
        _("thời hạn định kỳ chuyển đổi (tháng)"), validators=[MinValueValidator(24), MaxValueValidator(60)]
    )
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("vị trí công tác nhạy cảm")
        verbose_name_plural = _("vị trí công tác nhạy cảm")
        ordering = ["agency__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} – {self.agency}"


class PostHolding(models.Model):
    """An official's time in a sensitive post: from `started_on` until rotated (`ended_on`)."""

    post = models.ForeignKey(SensitivePost, on_delete=models.PROTECT, related_name="holdings")
    official_name = models.CharField(_("họ và tên"), max_length=200)
    official = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("bắt đầu giữ vị trí"))
    ended_on = models.DateField(_("chuyển đổi ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("thời gian giữ vị trí")
        verbose_name_plural = _("thời gian giữ vị trí")
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="holding_dates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.official_name} – {self.post.name}"


class ReceptionDay(models.Model):
    """A leader's citizen reception day (lịch tiếp công dân), e.g. the 5th and 15th of each month."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Đã lên lịch")
        HELD = "held", _("Đã tiếp")
        CANCELLED = "cancelled", _("Hủy")

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.PROTECT, related_name="reception_days")
    date = models.DateField(_("ngày tiếp"))
    host = models.ForeignKey(
        User, verbose_name=_("lãnh đạo tiếp"), on_delete=models.PROTECT, related_name="+"
    )
    location = models.CharField(_("địa điểm"), max_length=300, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )

    class Meta:
        verbose_name = _("ngày tiếp công dân")
        verbose_name_plural = _("ngày tiếp công dân")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "date", "host"], name="reform_reception_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} – {self.host}"


class ReceptionCase(models.Model):
    """A case received on a reception day, assigned to an agency with a deadline, followed until closed."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Đã tiếp nhận")
        ASSIGNED = "assigned", _("Đã giao xử lý")
        CLOSED = "closed", _("Đã giải quyết xong")

    day = models.ForeignKey(ReceptionDay, on_delete=models.PROTECT, related_name="cases")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    citizen_name = models.CharField(_("người được tiếp"), max_length=200)
    citizen_contact = models.CharField(_("liên hệ"), max_length=200, blank=True)
    content = models.TextField(_("nội dung phản ánh, kiến nghị"))
    assigned_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan được giao"), null=True, blank=True, on_delete=models.PROTECT
    )
    deadline = models.DateField(_("hạn xử lý"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    result = models.TextField(_("kết quả giải quyết"), blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("vụ việc tiếp công dân")
        verbose_name_plural = _("vụ việc tiếp công dân")
        ordering = ["day", "number"]
        constraints = [models.UniqueConstraint(fields=["day", "number"], name="reform_reception_case_unique")]

    def __str__(self) -> str:
        return f"{self.day}: {self.number}"


class ReceptionCaseUpdate(models.Model):
    """One follow-up entry of a reception case: assignment, progress note, closure."""

    case = models.ForeignKey(ReceptionCase, on_delete=models.PROTECT, related_name="updates")
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(_("người cập nhật"), max_length=200, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=ReceptionCase.Status.choices)
    note = models.TextField(_("nội dung"))

    class Meta:
        verbose_name = _("theo dõi vụ việc")
        verbose_name_plural = _("theo dõi vụ việc")
        ordering = ["case", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.at:%d/%m/%Y}"
