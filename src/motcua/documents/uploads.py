"""Upload checks: type by content (not by name), size and count (design rule 9).

Only PDF, JPEG and PNG are accepted as papers. The type is read from the file's first bytes; a file
named .pdf that is not a PDF is refused.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

import filetype

from motcua.core.errors import InvalidInput
from motcua.core.text import nfc

ALLOWED_TYPES: dict[str, str] = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content: bytes
    content_type: str
    extension: str
    sha256: str


def check_upload(*, name: str, stream: IO[bytes], field: str = "file") -> CheckedUpload:
    """Read an upload and return it if it is a PDF, JPEG or PNG within the size limit."""
    limit = settings.MOTCUA_UPLOAD_MAX_BYTES
    content = stream.read(limit + 1)
    if not content:
        raise InvalidInput(_("Tệp “%(name)s” rỗng.") % {"name": name}, field=field)
    if len(content) > limit:
        raise InvalidInput(
            _("Tệp “%(name)s” vượt quá dung lượng cho phép (%(limit)s).")
            % {"name": name, "limit": filesizeformat(limit)},
            field=field,
        )
    kind = filetype.guess(content[:8192])
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise InvalidInput(
            _("Tệp “%(name)s” không phải PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp).") % {"name": name},
            field=field,
        )
    return CheckedUpload(
        name=nfc(name)[:255] or "tep",
        content=content,
        content_type=kind.mime,
        extension=ALLOWED_TYPES[kind.mime],
        sha256=hashlib.sha256(content).hexdigest(),
    )


def check_upload_count(count: int, *, field: str = "files") -> None:
    """Refuse more files than the configured maximum per submission."""
    if count > settings.MOTCUA_UPLOAD_MAX_FILES:
        raise InvalidInput(
            _("Chỉ được tải lên tối đa %(max)d tệp.") % {"max": settings.MOTCUA_UPLOAD_MAX_FILES}, field=field
        )
