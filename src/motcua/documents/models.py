"""Stored files with their checked content type and hash."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _upload_path(instance: StoredFile, filename: str) -> str:
    # Store under the content hash, never under the user's file name.
    return f"files/{instance.sha256[:2]}/{instance.sha256}.{instance.extension}"


class StoredFile(models.Model):
    """A file uploaded by a citizen or officer, accepted after its content was checked."""

    file = models.FileField(upload_to=_upload_path)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại nội dung"), max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField(_("kích thước (byte)"))
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"))

    class Meta:
        verbose_name = _("tệp")
        verbose_name_plural = _("tệp")

    def __str__(self) -> str:
        return self.original_name


class DigitisedPaper(models.Model):
    """A paper scanned at the desk or during processing, with the metadata of Decree 118 Art 19(2).

    Minimum metadata: document type code, the holder's identification number (or, without one, full
    name and year of birth), document name, summary, validity period and scope.
    """

    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    document_type_code = models.CharField(_("mã loại giấy tờ"), max_length=40, blank=True)
    holder_id = models.CharField(_("số định danh của chủ giấy tờ"), max_length=20, blank=True)
    holder_name = models.CharField(_("họ tên chủ giấy tờ"), max_length=200)
    holder_birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    title = models.CharField(_("tên giấy tờ"), max_length=400)
    summary = models.CharField(_("trích yếu nội dung"), max_length=1000, blank=True)
    valid_until = models.DateField(_("thời hạn hiệu lực"), null=True, blank=True)
    validity_scope = models.CharField(_("phạm vi hiệu lực"), max_length=200, blank=True)
    digitised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    digitised_at = models.DateTimeField(_("thời điểm số hóa"))

    class Meta:
        verbose_name = _("giấy tờ số hóa")
        verbose_name_plural = _("giấy tờ số hóa")

    def __str__(self) -> str:
        return self.title


class SigningKey(models.Model):
    """A key that signs results and digitised papers: an agency's seal key or one officer's own key.

    The key itself stays in a PKCS#12 file (development, demo) or on a PKCS#11 token or HSM
    (production); this row says where to find it and keeps its certificate. PINs and passwords are
    never stored: the signer types them at signing time.
    """

    class Storage(models.TextChoices):
        PKCS12 = "pkcs12", _("Tệp PKCS#12")
        PKCS11 = "pkcs11", _("Thiết bị ký số PKCS#11 (token, HSM)")

    agency = models.ForeignKey(
        "organisations.Agency",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_keys",
    )
    service_centre = models.ForeignKey(
        "organisations.ServiceCentre",
        verbose_name=_("trung tâm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_keys",
        help_text=_("Cho khóa cá nhân của cán bộ một cửa (không thuộc một cơ quan giải quyết)"),
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người giữ khóa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_keys",
        help_text=_("Để trống nếu là khóa của cơ quan (con dấu số)"),
    )
    label = models.CharField(_("tên khóa"), max_length=200)
    storage = models.CharField(_("nơi lưu khóa"), max_length=10, choices=Storage.choices)
    pkcs12_path = models.CharField(_("đường dẫn tệp PKCS#12"), max_length=500, blank=True)
    pkcs11_token_label = models.CharField(_("nhãn token PKCS#11"), max_length=100, blank=True)
    pkcs11_key_label = models.CharField(_("nhãn khóa PKCS#11"), max_length=100, blank=True)
    certificate_pem = models.TextField(_("chứng thư số (PEM)"))
    chain_pem = models.TextField(_("chứng thư số trung gian (PEM)"), blank=True)
    subject = models.CharField(_("chủ thể chứng thư"), max_length=300)
    serial = models.CharField(_("số hiệu chứng thư"), max_length=64)
    not_before = models.DateTimeField(_("hiệu lực từ"))
    not_after = models.DateTimeField(_("hiệu lực đến"))
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(_("thời điểm đăng ký"))

    class Meta:
        verbose_name = _("khóa ký số")
        verbose_name_plural = _("khóa ký số")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(storage="pkcs12") & ~models.Q(pkcs12_path=""))
                | (models.Q(storage="pkcs11") & ~models.Q(pkcs11_key_label="")),
                name="signing_key_has_location",
            ),
            models.CheckConstraint(
                condition=models.Q(agency__isnull=False) | models.Q(service_centre__isnull=False),
                name="signing_key_has_place",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def place_name(self) -> str:
        """The agency or service centre named on the stamp."""
        place = self.agency or self.service_centre
        return place.name if place is not None else ""


class ElectronicResult(models.Model):
    """An electronic result with legal value: a signed PDF under its document code.

    Document code (Mã số giấy tờ) = the holder's identification number + the result type code from
    the national procedure database (Decree 118/2025/NĐ-CP Art 22(4)); a repeat of the same type
    for the same holder gets a sequence suffix (the decree does not say how to tell them apart).
    The SHA-256 of the signed file is stored, so a file can be checked against the registered one.
    """

    document_code = models.CharField(_("mã số giấy tờ"), max_length=64, unique=True)
    holder_id = models.CharField(_("số định danh của chủ giấy tờ"), max_length=20, db_index=True)
    holder_name = models.CharField(_("họ tên chủ giấy tờ"), max_length=200)
    title = models.CharField(_("tên giấy tờ"), max_length=400)
    result_type_code = models.CharField(_("mã loại kết quả"), max_length=40)
    summary = models.CharField(_("trích yếu nội dung"), max_length=1000, blank=True)
    valid_until = models.DateField(_("thời hạn hiệu lực"), null=True, blank=True)
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64, db_index=True)
    agency = models.ForeignKey(
        "organisations.Agency", verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="+"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ký"), on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField(_("họ tên người ký"), max_length=200)
    signing_key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="results")
    signed_at = models.DateTimeField(_("thời điểm ký"))
    timestamped = models.BooleanField(_("có dấu thời gian"), default=False)
    source_reference = models.CharField(_("hồ sơ liên quan"), max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("kết quả điện tử")
        verbose_name_plural = _("kết quả điện tử")
        ordering = ["-signed_at"]

    def __str__(self) -> str:
        return f"{self.document_code} – {self.title}"


class DataStoreItem(models.Model):
    """An entry of a holder's personal data store (Kho quản lý dữ liệu điện tử, Decree 118 Art 22).

    It points to an electronic result or a digitised paper; items are reusable in later dossiers
    (Art 22(1)), and each reuse is recorded.
    """

    class Kind(models.TextChoices):
        RESULT = "result", _("Kết quả giải quyết")
        DIGITISED = "digitised", _("Giấy tờ số hóa")

    holder_id = models.CharField(_("số định danh của chủ giấy tờ"), max_length=20, db_index=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    result = models.OneToOneField(
        ElectronicResult, null=True, blank=True, on_delete=models.PROTECT, related_name="data_store_item"
    )
    paper = models.OneToOneField(
        DigitisedPaper, null=True, blank=True, on_delete=models.PROTECT, related_name="data_store_item"
    )
    created_at = models.DateTimeField(_("thời điểm lưu"))

    class Meta:
        verbose_name = _("mục trong kho dữ liệu cá nhân")
        verbose_name_plural = _("kho dữ liệu cá nhân")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="result", result__isnull=False, paper__isnull=True))
                | (models.Q(kind="digitised", paper__isnull=False, result__isnull=True)),
                name="data_store_item_points_to_one",
            )
        ]

    def __str__(self) -> str:
        target = self.result or self.paper
        return f"{self.holder_id}: {target}"

    @property
    def title(self) -> str:
        target = self.result or self.paper
        return target.title if target is not None else ""


class ReuseRecord(models.Model):
    """One reuse of a data-store item in a later dossier (counts towards Decision 766 indicator 4.3)."""

    item = models.ForeignKey(DataStoreItem, on_delete=models.PROTECT, related_name="reuses")
    dossier_code = models.CharField(_("mã hồ sơ"), max_length=64, db_index=True)
    reused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reused_at = models.DateTimeField(_("thời điểm sử dụng lại"))
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("lượt sử dụng lại dữ liệu")
        verbose_name_plural = _("lượt sử dụng lại dữ liệu")
        constraints = [
            models.UniqueConstraint(fields=["item", "dossier_code"], name="reuse_once_per_dossier")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_code} ← {self.item_id}"


class DataAccess(models.Model):
    """One opening of a data-store item's file by someone other than its holder.

    The holder sees every entry on their data-store page: who (the user and, for staff, the agency
    or service centre they work in), when, which item, and why (downloaded, viewed in a dossier, or
    reused in a dossier). Rows are only ever added. The store is Decree 118/2025/NĐ-CP Art 22; the
    log answers the data subject's right to know who processed their data (issue 6).
    """

    class Purpose(models.TextChoices):
        DOWNLOAD = "download", _("Tải về")
        DOSSIER = "dossier", _("Xem trong hồ sơ")
        REUSE = "reuse", _("Sử dụng lại trong hồ sơ")

    item = models.ForeignKey(DataStoreItem, on_delete=models.PROTECT, related_name="accesses")
    accessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người truy cập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessor_name = models.CharField(_("họ tên người truy cập"), max_length=200)
    agency = models.ForeignKey(
        "organisations.Agency",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    place_name = models.CharField(_("cơ quan, đơn vị của người truy cập"), max_length=300, blank=True)
    purpose = models.CharField(_("mục đích"), max_length=10, choices=Purpose.choices)
    dossier_code = models.CharField(_("mã hồ sơ"), max_length=64, blank=True)
    accessed_at = models.DateTimeField(_("thời điểm truy cập"))

    class Meta:
        verbose_name = _("lượt truy cập dữ liệu cá nhân")
        verbose_name_plural = _("nhật ký truy cập dữ liệu cá nhân")
        ordering = ["-accessed_at", "-pk"]
        indexes = [models.Index(fields=["item", "-accessed_at"], name="data_access_item_at")]

    def __str__(self) -> str:
        return f"{self.accessor_name} → {self.item_id} ({self.purpose})"
