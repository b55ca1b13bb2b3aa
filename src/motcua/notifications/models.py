"""The delivery log: every notice sent or attempted, by e-mail or SMS, visible to administrators."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.Model):
    """One notice to one recipient on one channel, with the outcome of its latest attempt.

    The key makes a notice go out once however often its task runs: a retry after a failure sends
    again, a retry after a success does nothing.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("Thư điện tử")
        SMS = "sms", _("Tin nhắn SMS")

    class Status(models.TextChoices):
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")
        REJECTED = "rejected", _("Không gửi (địa chỉ nhận không hợp lệ)")

    key = models.CharField(max_length=120, unique=True, help_text=_("Khóa chống gửi trùng"))
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    recipient = models.CharField(_("người nhận"), max_length=200)
    subject = models.CharField(_("tiêu đề"), max_length=300, blank=True)
    body = models.TextField(_("nội dung"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    provider_reference = models.CharField(
        _("mã tin của nhà cung cấp"),
        max_length=100,
        blank=True,
        help_text=_("Mã tin nhắn do cổng SMS trả về"),
    )
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    class Meta:
        verbose_name = _("thông báo đã gửi")
        verbose_name_plural = _("thông báo đã gửi")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject or self.body[:60]}"
