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
