"""Writes of stored files."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile

from .models import StoredFile
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
