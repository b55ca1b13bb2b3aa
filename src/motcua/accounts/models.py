"""Users: one model for citizens and staff; staff roles are positions in organisations."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Người dân, doanh nghiệp")
        STAFF = "staff", _("Cán bộ, công chức")

    kind = models.CharField(_("loại tài khoản"), max_length=16, choices=Kind.choices, default=Kind.CITIZEN)
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    personal_id = models.CharField(
        _("số định danh cá nhân"), max_length=12, null=True, blank=True, unique=True
    )
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_citizen(self) -> bool:
        return self.kind == self.Kind.CITIZEN


class ApiToken(models.Model):
    """A bearer token for another system acting as a user (desk software, the national portal).

    Only the SHA-256 of the token is stored; the token itself is shown once, when created.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"))
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked = models.BooleanField(_("đã thu hồi"), default=False)

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")

    def __str__(self) -> str:
        return f"{self.user} – {self.name}"


class ExternalIdentity(models.Model):
    """A citizen's account at a national identity provider (VNeID through the DVCQG single sign-on).

    OpenID Connect makes `sub` unique only within its issuer (OIDC Core 1.0 §2), so the pair
    (issuer, subject) is the identity. A staff account is never linked (`accounts.external_identity`).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_identities")
    issuer = models.CharField(_("đơn vị xác thực"), max_length=255)
    subject = models.CharField(_("mã định danh tại đơn vị xác thực"), max_length=255)
    assurance_level = models.CharField(_("mức độ bảo đảm"), max_length=32, blank=True)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    created_at = models.DateTimeField(_("liên kết lúc"))
    last_sign_in_at = models.DateTimeField(_("đăng nhập lần cuối"))

    class Meta:
        verbose_name = _("tài khoản định danh điện tử")
        verbose_name_plural = _("tài khoản định danh điện tử")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="accounts_external_identity_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.issuer} – {self.subject}"


class TotpDevice(models.Model):
    """A staff member's authenticator app: the shared secret of RFC 6238 time-based one-time codes.

    A device counts once confirmed with a first code; `last_used_step` refuses a code used before
    (RFC 6238 §5.2) and `failed_attempts` / `locked_until` slow down guessing.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret = models.CharField(_("khóa bí mật"), max_length=64)
    created_at = models.DateTimeField(_("tạo lúc"))
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    last_used_step = models.BigIntegerField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thiết bị xác thực hai bước")
        verbose_name_plural = _("thiết bị xác thực hai bước")

    def __str__(self) -> str:
        return f"{self.user} – TOTP"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
