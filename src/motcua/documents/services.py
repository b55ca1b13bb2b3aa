"""Writes of stored files."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from motcua.core.errors import InvalidInput
from motcua.core.text import nfc

from .models import DigitisedPaper, StoredFile
from .uploads import CheckedUpload


def store_file(*, upload: CheckedUpload, actor: Any, at: datetime) -> StoredFile:
    """Persist a checked upload; the caller's transaction decides whether it is kept."""
    stored = StoredFile(
        original_name=upload.name,
        content_type=upload.content_type,
        extension=upload.extension,
        size=len(upload.content),
        sha256=upload.sha256,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        uploaded_at=at,
    )
    stored.file.save(f"{upload.sha256}.{upload.extension}", ContentFile(upload.content), save=False)
    stored.save()
    return stored


def digitise_paper(
    *,
    upload: CheckedUpload,
    title: str,
    holder_name: str,
    holder_id: str,
    actor: Any,
    at: datetime,
    document_type_code: str = "",
    summary: str = "",
    valid_until: date | None = None,
) -> DigitisedPaper:
    """Store a scanned paper with its Art 19(2) metadata (Decree 118/2025/NĐ-CP Art 17(1)(c), 19(2)).

    The holder is identified by the 12-digit personal number when there is one, otherwise by name.
    """
    if not nfc(title):
        raise InvalidInput(_("Vui lòng nhập tên giấy tờ số hóa."), field="title")
    if not nfc(holder_name) and not holder_id:
        raise InvalidInput(_("Vui lòng nhập chủ giấy tờ (số định danh hoặc họ tên)."), field="holder_name")
    paper = DigitisedPaper(
        file=store_file(upload=upload, actor=actor, at=at),
        document_type_code=nfc(document_type_code),
        holder_id=holder_id,
        holder_name=nfc(holder_name),
        title=nfc(title),
        summary=nfc(summary),
        valid_until=valid_until,
        digitised_by=actor if getattr(actor, "is_authenticated", False) else None,
        digitised_at=at,
    )
    paper.full_clean()
    paper.save()
    return paper
