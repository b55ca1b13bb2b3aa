"""Dossiers, their papers, their append-only event log, the daily code sequence and online drafts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.eforms import display_answer
from motcua.catalog.models import ProcedureVersion, ProcessStep, RequiredPaper
from motcua.documents.models import DataStoreItem, DigitisedPaper, StoredFile
from motcua.organisations.models import Agency, ServiceCentre

from .querysets import DossierQuerySet
from .transitions import Channel, DossierStatus


class Delivery(models.TextChoices):
    DESK = "desk", _("Nhận tại Bộ phận Một cửa")
    POST = "post", _("Nhận qua dịch vụ bưu chính")
    ONLINE = "online", _("Nhận bản điện tử trực tuyến")


class Dossier(models.Model):
    """One request of one applicant under one procedure version (hồ sơ thủ tục hành chính)."""

    code = models.CharField(_("mã hồ sơ"), max_length=60, unique=True)
    procedure_version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="dossiers"
    )
    # No index of its own on this and the next two keys: each leads a composite index
    # (dossier_agency_status_due, dossier_centre_status, dossier_applicant_recent), and every index
    # is written on every intake.
    competent_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan giải quyết"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        db_index=False,
    )
    handling_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan đang xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Cơ quan nhận chuyển xử lý liên thông; trống = cơ quan giải quyết"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ được giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_dossiers",
    )
    receiving_centre = models.ForeignKey(
        ServiceCentre,
        verbose_name=_("nơi tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="received_dossiers",
        db_index=False,
    )
    channel = models.PositiveSmallIntegerField(_("kênh nộp"), choices=Channel.choices)
    status = models.PositiveSmallIntegerField(_("trạng thái"), choices=DossierStatus.choices, db_index=True)
    current_step = models.ForeignKey(
        ProcessStep,
        verbose_name=_("bước hiện tại"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    step_started_at = models.DateTimeField(_("bắt đầu bước"), null=True, blank=True)
    step_due_at = models.DateTimeField(_("hạn bước"), null=True, blank=True)

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản người nộp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
        db_index=False,
    )
    applicant_name = models.CharField(_("họ và tên người nộp"), max_length=200)
    applicant_personal_id = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True)
    applicant_phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    request_summary = models.TextField(_("nội dung yêu cầu"), blank=True)
    return_centre = models.ForeignKey(
        ServiceCentre,
        verbose_name=_("nơi trả kết quả"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    delivery = models.CharField(
        _("hình thức nhận kết quả"), max_length=10, choices=Delivery.choices, default=Delivery.DESK
    )
    delivery_address = models.CharField(_("địa chỉ nhận kết quả qua bưu chính"), max_length=300, blank=True)
    copies = models.PositiveSmallIntegerField(_("số lượng bản"), default=1)
    national_portal_code = models.CharField(
        _("mã hồ sơ trên Cổng DVCQG"),
        max_length=50,
        blank=True,
        default="",
        help_text=_("Mã của hồ sơ nộp trên Cổng Dịch vụ công quốc gia; trống nếu nộp qua kênh khác"),
    )
    # Answers to the version's e-form, by field key (shapes in catalog.eforms); {} without one.
    form_data = models.JSONField(_("nội dung tờ khai điện tử"), default=dict, blank=True)

    submitted_at = models.DateTimeField(_("thời điểm nộp"))
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"), null=True, blank=True)
    clock_started_at = models.DateTimeField(_("bắt đầu tính thời hạn"), null=True, blank=True)
    due_at = models.DateTimeField(_("hẹn trả kết quả"), null=True, blank=True, db_index=True)
    acceptance_due_at = models.DateTimeField(_("hạn tiếp nhận hồ sơ trực tuyến"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("thời điểm có kết quả"), null=True, blank=True)
    returned_at = models.DateTimeField(_("thời điểm trả kết quả"), null=True, blank=True)
    closed_at = models.DateTimeField(_("thời điểm kết thúc"), null=True, blank=True)
    supplement_requested_at = models.DateTimeField(_("thời điểm yêu cầu bổ sung"), null=True, blank=True)
    supplement_expires_at = models.DateTimeField(_("hạn bổ sung hồ sơ"), null=True, blank=True)
    paused_at = models.DateTimeField(_("tạm dừng tính thời hạn từ"), null=True, blank=True)
    extension_count = models.PositiveSmallIntegerField(_("số lần gia hạn"), default=0)
    correction_due_at = models.DateTimeField(_("hạn đính chính kết quả"), null=True, blank=True)

    version = models.PositiveIntegerField(
        default=1, help_text=_("Tăng sau mỗi thay đổi, để phát hiện xung đột")
    )
    province_code = models.CharField(max_length=4)  # one province per installation: no index

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["competent_agency", "status", "due_at"], name="dossier_agency_status_due"),
            models.Index(fields=["receiving_centre", "status"], name="dossier_centre_status"),
            models.Index(fields=["applicant", "-submitted_at"], name="dossier_applicant_recent"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["national_portal_code"],
                condition=~models.Q(national_portal_code=""),
                name="dossier_national_portal_code_unique",
            )
        ]
        permissions = [
            ("receive_from_national_portal", _("Nhận hồ sơ từ Cổng Dịch vụ công quốc gia")),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def status_label(self) -> str:
        return str(DossierStatus(self.status).label)

    def form_answers(self) -> list[tuple[str, str]]:
        """Return (label, answer as read) for each answered e-form field, in the form's order."""
        if not self.form_data:
            return []
        fields = list(self.procedure_version.form_fields.all())
        rows = [
            (f.label, display_answer(f.kind, self.form_data[f.key]))
            for f in fields
            if f.key in self.form_data
        ]
        known = {f.key for f in fields}
        rows += [(key, str(value)) for key, value in self.form_data.items() if key not in known]
        return rows


class DossierComponent(models.Model):
    """A paper in the dossier (thành phần hồ sơ), with its file when one was provided."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="components")
    required_paper = models.ForeignKey(RequiredPaper, null=True, blank=True, on_delete=models.PROTECT)
    name = models.CharField(_("tên giấy tờ"), max_length=400)
    form = models.CharField(_("loại"), max_length=20, choices=RequiredPaper.Form.choices)
    count = models.PositiveSmallIntegerField(_("số lượng"), default=1)
    file = models.ForeignKey(StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    digitised = models.ForeignKey(
        DigitisedPaper,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bản số hóa"),
    )
    reused_item = models.ForeignKey(
        DataStoreItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lấy từ kho dữ liệu của người nộp"),
    )

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["dossier_id", "pk"]

    def __str__(self) -> str:
        return self.name


class EventType(models.TextChoices):
    SUBMITTED = "submitted", _("Nộp hồ sơ trực tuyến")
    RECEIVED = "received", _("Tiếp nhận hồ sơ")
    REFUSED = "refused", _("Từ chối tiếp nhận hồ sơ")
    STEP_COMPLETED = "step_completed", _("Hoàn thành bước xử lý")
    RESOLVED = "resolved", _("Có kết quả giải quyết")
    RETURNED = "returned", _("Trả kết quả")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung, hoàn thiện hồ sơ")
    SUPPLEMENT_RECEIVED = "supplement_received", _("Nhận hồ sơ bổ sung, tính lại thời hạn")
    SUPPLEMENT_EXPIRED = "supplement_expired", _("Kết thúc hồ sơ do không bổ sung đúng hạn")
    EXTENDED = "extended", _("Gia hạn thời gian giải quyết, xin lỗi người nộp")
    PAYMENT_REQUESTED = "payment_requested", _("Yêu cầu thực hiện nghĩa vụ tài chính")
    PAYMENT_RECORDED = "payment_recorded", _("Đã thực hiện nghĩa vụ tài chính")
    DUE_RECOMPUTED = "due_recomputed", _("Tính lại hạn theo lịch làm việc mới")
    STEP_RETURNED = "step_returned", _("Trả lại bước trước")
    ASSIGNED = "assigned", _("Phân công xử lý")
    CONSULTED = "consulted", _("Lấy ý kiến cơ quan liên quan")
    CONSULTATION_ANSWERED = "consultation_answered", _("Cơ quan được lấy ý kiến trả lời")
    TRANSFERRED = "transferred", _("Chuyển xử lý liên thông")
    TRANSFER_RETURNED = "transfer_returned", _("Cơ quan liên thông hoàn thành, chuyển lại")
    WITHDRAWN = "withdrawn", _("Người nộp rút hồ sơ")
    STOPPED = "stopped", _("Dừng giải quyết hồ sơ theo yêu cầu")
    CORRECTION_REQUESTED = "correction_requested", _("Yêu cầu đính chính kết quả")
    CORRECTED = "corrected", _("Đã đính chính kết quả")


class DossierEvent(models.Model):
    """One entry of a dossier's legal history; never updated, never deleted, hash-chained.

    The database refuses UPDATE and DELETE on this table (triggers in migration 0002). `hash` is
    the SHA-256 of the previous event's hash and this event's canonical content, so any edit made
    around the triggers breaks the chain (design rule 5).
    """

    # no index of its own: dossier_event_seq_unique (dossier, seq) leads with it
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events", db_index=False)
    seq = models.PositiveIntegerField()
    type = models.CharField(_("sự kiện"), max_length=30, choices=EventType.choices)
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(_("người thực hiện"), max_length=200, blank=True)
    from_status = models.PositiveSmallIntegerField(null=True, blank=True, choices=DossierStatus.choices)
    to_status = models.PositiveSmallIntegerField(choices=DossierStatus.choices)
    step_name = models.CharField(_("bước"), max_length=200, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    is_public = models.BooleanField(default=True, help_text=_("Hiển thị trên trang tra cứu công khai"))
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("sự kiện hồ sơ")
        verbose_name_plural = _("sự kiện hồ sơ")
        ordering = ["dossier_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="dossier_event_seq_unique")]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.type}"

    @property
    def label(self) -> str:
        # the enum's label, not get_type_display(), which translates every choice on each call
        return str(EventType(self.type).label)

    @property
    def status_label(self) -> str:
        return str(DossierStatus(self.to_status).label)


class DossierCodeSequence(models.Model):
    """The last sequence number used for a code prefix on a day (Decree 118 Art 28(b))."""

    prefix = models.CharField(max_length=35)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "day"], name="dossier_code_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.prefix} {self.day}: {self.last}"


class IntakeRequest(models.Model):
    """A dossier another system sent under its own key (the API's `Idempotency-Key`).

    The same key sent again by the same account is answered with the receipt given the first
    time, and creates nothing; the same key with another request is refused. The row is written
    with the dossier, in the same statement.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120)
    request_hash = models.CharField(max_length=64)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="+")
    receipt = models.JSONField(
        help_text=_("Mã hồ sơ, trạng thái, thời điểm bắt đầu tính và hẹn trả đã trả lời")
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("yêu cầu tiếp nhận qua API")
        verbose_name_plural = _("yêu cầu tiếp nhận qua API")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="intake_request_user_key_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"


class DueDateChange(models.Model):
    """One change of a dossier's due instant, with its cause (design rule 4).

    Every change of `Dossier.due_at` writes one row: the rule and article that moved it, who acted,
    and the instants before and after; the dossier timeline shows them.
    """

    class Cause(models.TextChoices):
        CLOCK_STARTED = "clock_started", _("Bắt đầu tính thời hạn")
        SUPPLEMENT_RESTART = "supplement_restart", _("Tính lại từ đầu sau khi bổ sung hồ sơ")
        EXTENSION = "extension", _("Gia hạn có xin lỗi")
        PAUSE = "pause", _("Cộng thời gian chờ thực hiện nghĩa vụ tài chính")
        CALENDAR = "calendar", _("Lịch làm việc thay đổi")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="due_changes")
    event = models.ForeignKey(DossierEvent, on_delete=models.PROTECT, related_name="due_changes")
    cause = models.CharField(_("nguyên nhân"), max_length=20, choices=Cause.choices)
    article = models.CharField(_("căn cứ"), max_length=120)
    before = models.DateTimeField(_("hạn trước"), null=True, blank=True)
    after = models.DateTimeField(_("hạn sau"))
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("thay đổi hạn giải quyết")
        verbose_name_plural = _("thay đổi hạn giải quyết")
        ordering = ["dossier_id", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.before} → {self.after}"


class DailyCounter(models.Model):
    """Flows per competent agency × procedure × local day, moved in the same transaction as the event.

    Counting rules (domain.md §11): received = accepted at the desk (status 2), by channel; resolved =
    result ready (status 9), classified early / on time / late against the due date by local date;
    refused at intake, withdrawn and stopped counted apart. Statuses 1 and 3 are not workload.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    procedure = models.ForeignKey("catalog.Procedure", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    received_counter = models.PositiveIntegerField(default=0)
    received_online = models.PositiveIntegerField(default=0)
    received_postal = models.PositiveIntegerField(default=0)
    resolved_early = models.PositiveIntegerField(default=0)
    resolved_on_time = models.PositiveIntegerField(default=0)
    resolved_late = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    stopped = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "procedure", "day"], name="daily_counter_unique"),
        ]
        indexes = [models.Index(fields=["day", "agency"], name="daily_counter_day_agency")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.procedure_id}/{self.day}"


class PendingCounter(models.Model):
    """Dossiers whose clock is running, per competent agency × procedure × local due date.

    Pending overdue at an instant = the rows with `due_day` before that day; pending in time = the
    rest. A paused dossier (awaiting supplement or payment) is not counted until its clock resumes.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    procedure = models.ForeignKey("catalog.Procedure", on_delete=models.PROTECT, related_name="+")
    due_day = models.DateField()
    pending = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "procedure", "due_day"], name="pending_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.procedure_id}/{self.due_day}: {self.pending}"


class Consultation(models.Model):
    """A request for another agency's opinion, in parallel with others, with its own deadline.

    Decree 118/2025/NĐ-CP Art 19(4): the whole consultation trail is kept in the system; a late
    answer is reported to the head of the one-stop desk.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="consultations")
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan được lấy ý kiến"), on_delete=models.PROTECT)
    question = models.TextField(_("nội dung lấy ý kiến"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(_("gửi lúc"))
    due_at = models.DateTimeField(_("hạn trả lời"))
    answer = models.TextField(_("ý kiến trả lời"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lấy ý kiến")
        verbose_name_plural = _("lấy ý kiến")
        ordering = ["dossier_id", "asked_at", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier_id} → {self.agency_id}"


class Transfer(models.Model):
    """An inter-agency hand-over (liên thông) of part of the work; the dossier keeps its origin.

    Decree 118/2025/NĐ-CP Art 20(2): the transfer slip states each agency's task and time limit.
    The dossier keeps its code and competent agency, so statistics count it once.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="transfers")
    from_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan nhận"), on_delete=models.PROTECT, related_name="+"
    )
    task = models.TextField(_("nội dung công việc"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("chuyển lúc"))
    due_at = models.DateTimeField(_("hạn hoàn thành"))
    returned_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    result_note = models.TextField(_("kết quả"), blank=True)

    class Meta:
        verbose_name = _("chuyển xử lý liên thông")
        verbose_name_plural = _("chuyển xử lý liên thông")
        ordering = ["dossier_id", "sent_at", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.from_agency_id} → {self.to_agency_id}"


class SubmissionDraft(models.Model):
    """A citizen's unfinished online submission under one procedure version (one per citizen and version).

    Only its author ever reads it. `answers` keeps the form's values as typed (applicant details,
    e-form fields, delivery), unchecked, so a half-filled form can be saved; everything is checked
    when the dossier is submitted. `picks` maps a required paper's id to the id of an item of the
    author's data store. Uploaded files are kept as stored files (`DraftFile`). Submitting deletes
    the draft; drafts untouched for `MOTCUA_DRAFT_RETENTION_DAYS` are purged with their files.
    """

    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Hidden relations (related_name "+"): a draft does not make a version "in use" for the catalog.
    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(_("nội dung đã nhập"), default=dict, blank=True)
    picks = models.JSONField(_("giấy tờ chọn từ kho dữ liệu"), default=dict, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))
    updated_at = models.DateTimeField(_("lưu lúc"), db_index=True)

    class Meta:
        verbose_name = _("hồ sơ đang soạn")
        verbose_name_plural = _("hồ sơ đang soạn")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["applicant", "version"], name="submission_draft_one_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.applicant_id}/{self.version_id}"


class DraftFile(models.Model):
    """A file uploaded for one required paper of a draft, kept so it need not be sent again."""

    draft = models.ForeignKey(SubmissionDraft, on_delete=models.CASCADE, related_name="files")
    paper = models.ForeignKey(RequiredPaper, on_delete=models.CASCADE, related_name="+")
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("tệp của hồ sơ đang soạn")
        verbose_name_plural = _("tệp của hồ sơ đang soạn")
        constraints = [models.UniqueConstraint(fields=["draft", "paper"], name="draft_file_one_per_paper")]

    def __str__(self) -> str:
        return f"{self.draft_id}/{self.paper_id}"
