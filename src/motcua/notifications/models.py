"""The delivery log: every notice sent or attempted, visible to administrators."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.Model):
    class Status(models.TextChoices):
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    key = models.CharField(max_length=120, unique=True, help_text=_("Khóa chống gửi trùng"))
    channel = models.CharField(_("kênh"), max_length=10, default="email")
    recipient = models.CharField(_("người nhận"), max_length=200)
    subject = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    class Meta:
        verbose_name = _("thông báo đã gửi")
        verbose_name_plural = _("thông báo đã gửi")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"
