"""Attaching the published form (mẫu đơn, tờ khai) to a required paper, for citizens to download.

The form is part of what the publication decision publishes (Decree 118/2025/NĐ-CP Art 36: the
procedure's papers with their forms), so citizens must be able to download it from the procedure
page. A version's content never changes; the file is its digital copy, attached (or corrected)
by a catalog administrator after publication, and who attached which file when is logged.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

import structlog

from motcua.catalog.models import RequiredPaper
from motcua.catalog.permissions import can_manage_catalog
from motcua.core.errors import InvalidInput, NotAllowed

logger = structlog.get_logger(__name__)

MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc (Word 97–2003)


def template_kind(name: str, content: bytes) -> str:
    """Return the file's extension (pdf, doc, docx, odt) judged by its content; raise InvalidInput.

    The name's extension must agree with the content: a renamed executable or image is refused.
    """
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if not content:
        raise InvalidInput(_("Tệp mẫu rỗng."), field="file")
    if len(content) > MAX_TEMPLATE_BYTES:
        raise InvalidInput(_("Tệp mẫu quá lớn (tối đa 10 MB)."), field="file")
    if content.startswith(b"%PDF-"):
        kind = "pdf"
    elif content.startswith(_OLE2):
        kind = "doc"
    elif content.startswith(b"PK\x03\x04"):
        kind = _zip_kind(content)
    else:
        kind = ""
    if not kind or extension != kind:
        raise InvalidInput(
            _("Tệp mẫu phải là PDF, DOC, DOCX hoặc ODT, đúng với phần mở rộng của tên tệp."), field="file"
        )
    return kind


def _zip_kind(content: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return "docx"
            if "mimetype" in names and archive.read("mimetype") == b"application/vnd.oasis.opendocument.text":
                return "odt"
    except (zipfile.BadZipFile, KeyError, ValueError):
        return ""
    return ""


@transaction.atomic
def attach_template_file(
    *, paper: RequiredPaper, name: str, content: bytes, actor: Any, at: datetime
) -> RequiredPaper:
    """Store the form file of a required paper, replacing an earlier one; catalog administrators only."""
    if not can_manage_catalog(actor):
        raise NotAllowed(_("Chỉ quản trị danh mục được tải lên mẫu đơn, tờ khai."))
    kind = template_kind(name, content)
    paper = RequiredPaper.objects.select_for_update().select_related("version__procedure").get(pk=paper.pk)
    previous = paper.template_file.name if paper.template_file else ""
    filename = f"{paper.version.procedure.code}-v{paper.version.number}-{paper.order}.{kind}"
    paper.template_file.save(filename, ContentFile(content), save=False)
    paper.save(update_fields=["template_file"])
    logger.info(
        "template_file_attached",
        paper_id=paper.pk,
        file=paper.template_file.name,
        previous=previous,
        actor_id=getattr(actor, "pk", None),
        at=at.isoformat(),
    )
    return paper
