"""Changing the e-form of a version before any dossier uses it.

A published version is not edited once it is in use (Decree 118/2025/NĐ-CP Art 38(1)(c): what was
published is what dossiers follow). Its e-form may still be corrected until the first dossier is
received under it; afterwards a changed form is a new version (the Excel import or the API).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

import structlog

from motcua.catalog.models import FormField, ProcedureVersion
from motcua.catalog.selectors import is_in_use
from motcua.catalog.specs import FormFieldSpec, validate_form_fields
from motcua.core.errors import InvalidInput, NotAllowed

from .publication import write_form_fields

logger = structlog.get_logger(__name__)


@transaction.atomic
def set_form_fields(
    *, version: ProcedureVersion, fields: Sequence[FormFieldSpec], actor: Any
) -> list[FormField]:
    """Replace the e-form fields of a version no dossier uses yet; nothing is written on any problem."""
    version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    problems = validate_form_fields(tuple(fields))
    if problems:
        raise InvalidInput(" ".join(message for _f, message in problems), field="form_fields")
    if is_in_use(version):
        raise NotAllowed(
            _(
                "Đã có hồ sơ nộp theo phiên bản này; không sửa tờ khai điện tử của phiên bản. "
                "Hãy công bố phiên bản mới."
            )
        )
    version.form_fields.all().delete()
    write_form_fields(version, fields)
    logger.info(
        "form_fields_set", version_id=version.pk, fields=len(fields), actor_id=getattr(actor, "pk", None)
    )
    return list(version.form_fields.all())
