"""Upload checks: type by content (not by name), size and count (design rule 9).

Only PDF, JPEG and PNG are accepted as papers. The type is read from the file's first bytes; a file
named .pdf that is not a PDF is refused. Images are normalised: decoded (a corrupt or oversized
image is refused), turned upright from their EXIF orientation, scaled down to
`MOTCUA_UPLOAD_IMAGE_MAX_SIDE` pixels, and re-encoded without their metadata (a phone photo's EXIF
carries the place it was taken). An antivirus scan follows when clamd is configured
(`antivirus.scan_upload`).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

import filetype

from motcua.core.errors import InvalidInput
from motcua.core.text import nfc

from .antivirus import scan_upload

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
    extension = ALLOWED_TYPES[kind.mime]
    if extension in ("jpg", "png"):
        content = normalise_image(content, extension=extension, name=name, field=field)
    scan_upload(name=name, content=content, field=field)
    return CheckedUpload(
        name=nfc(name)[:255] or "tep",
        content=content,
        content_type=kind.mime,
        extension=extension,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def normalise_image(content: bytes, *, extension: str, name: str, field: str = "file") -> bytes:
    """Return the image decoded, upright, at most the configured size, re-encoded without metadata."""
    from PIL import Image, ImageOps

    broken = InvalidInput(_("Ảnh “%(name)s” bị hỏng hoặc không đọc được.") % {"name": name}, field=field)
    max_pixels = settings.MOTCUA_UPLOAD_IMAGE_MAX_PIXELS
    try:
        with Image.open(io.BytesIO(content)) as opened:
            width, height = opened.size
            if width * height > max_pixels:
                raise InvalidInput(
                    _("Ảnh “%(name)s” quá lớn (%(w)d × %(h)d điểm ảnh).")
                    % {"name": name, "w": width, "h": height},
                    field=field,
                )
            opened.load()
            image = ImageOps.exif_transpose(opened)
            side = settings.MOTCUA_UPLOAD_IMAGE_MAX_SIDE
            if max(image.size) > side:
                image.thumbnail((side, side), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            if extension == "jpg":
                image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
            else:
                image.save(out, "PNG", optimize=True)
    except InvalidInput:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise broken from exc
    return out.getvalue()


def check_upload_count(count: int, *, field: str = "files") -> None:
    """Refuse more files than the configured maximum per submission."""
    if count > settings.MOTCUA_UPLOAD_MAX_FILES:
        raise InvalidInput(
            _("Chỉ được tải lên tối đa %(max)d tệp.") % {"max": settings.MOTCUA_UPLOAD_MAX_FILES}, field=field
        )
