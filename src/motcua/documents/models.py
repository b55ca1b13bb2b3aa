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
