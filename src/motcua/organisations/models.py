"""Administrative units, agencies, service centres, reception points and staff positions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .querysets import PositionQuerySet


class AdministrativeUnit(models.Model):
    """A province or commune (xã, phường, đặc khu) as published after 1 July 2025."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh, thành phố")
        COMMUNE = "commune", _("Xã, phường, đặc khu")

    code = models.CharField(_("mã"), max_length=10, unique=True, help_text=_("Mã GSO"))
    name = models.CharField(_("tên"), max_length=120)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    division_type = models.CharField(_("loại"), max_length=40)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name_folded = models.CharField(max_length=120, editable=False, db_index=True)

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    """A body that handles procedures: a department, a People's Committee, a vertical agency."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        COMMUNE = "commune", _("Cấp xã")

    class Kind(models.TextChoices):
        PEOPLES_COMMITTEE = "committee", _("Ủy ban nhân dân")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        VERTICAL = "vertical", _("Cơ quan ngành dọc")
        SERVICE_CENTRE = "service_centre", _("Trung tâm Phục vụ hành chính công")
        OFFICE = "office", _("Văn phòng, phòng chuyên môn")

    name = models.CharField(_("tên cơ quan"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    electronic_id = models.CharField(
        _("mã định danh điện tử"),
        max_length=35,
        unique=True,
        help_text=_("Theo Quyết định 20/2020/QĐ-TTg, ví dụ 000.00.12.H41"),
    )
    local_code = models.CharField(_("mã nội bộ"), max_length=35, blank=True)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="agencies"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    service_centre = models.ForeignKey(
        "ServiceCentre",
        verbose_name=_("nơi tiếp nhận hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agencies",
        help_text=_("Bộ phận Một cửa tiếp nhận hồ sơ của cơ quan này"),
    )
    province_code = models.CharField(_("mã tỉnh"), max_length=4, db_index=True)

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name


class ServiceCentre(models.Model):
    """A one-stop desk (Bộ phận Một cửa): a provincial or commune Trung tâm Phục vụ hành chính công.

    Decree 118/2025/NĐ-CP Art 3, 7, 8.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        COMMUNE = "commune", _("Cấp xã")

    name = models.CharField(_("tên"), max_length=200)
    electronic_id = models.CharField(_("mã định danh điện tử"), max_length=35, unique=True)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("địa bàn"), on_delete=models.PROTECT)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("trung tâm phục vụ hành chính công")
        verbose_name_plural = _("trung tâm phục vụ hành chính công")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name


class ReceptionPoint(models.Model):
    """A reception and return point (điểm tiếp nhận và trả kết quả) of a service centre (Art 8)."""

    centre = models.ForeignKey(
        ServiceCentre, verbose_name=_("trung tâm"), on_delete=models.CASCADE, related_name="points"
    )
    name = models.CharField(_("tên"), max_length=200)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("điểm tiếp nhận và trả kết quả")
        verbose_name_plural = _("điểm tiếp nhận và trả kết quả")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    DESK_OFFICER = "desk_officer", _("Cán bộ một cửa")
    SPECIALIST = "specialist", _("Chuyên viên")
    UNIT_HEAD = "unit_head", _("Lãnh đạo phòng")
    LEADER = "leader", _("Lãnh đạo cơ quan")
    CLERK = "clerk", _("Văn thư")
    PROVINCIAL_ADMIN = "provincial_admin", _("Quản trị hệ thống cấp tỉnh")
    STEERING_VIEWER = "steering_viewer", _("Ban Chỉ đạo CCHC")


class Position(models.Model):
    """A staff member's role in an agency or at a service centre; one user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="positions"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="positions",
    )
    service_centre = models.ForeignKey(
        ServiceCentre,
        verbose_name=_("trung tâm"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="positions",
    )
    title = models.CharField(_("chức danh"), max_length=120, blank=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("vị trí công tác")
        verbose_name_plural = _("vị trí công tác")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(agency__isnull=False)
                | models.Q(service_centre__isnull=False)
                | models.Q(role__in=["provincial_admin", "steering_viewer"]),
                name="position_has_place",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"
