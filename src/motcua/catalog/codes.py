"""Formats of national identifiers the catalog stores.

A procedure code on the national TTHC database is a digit, a dot and six digits (1.001193,
2.000635, 3.000333); provincial portals may append the province suffix of the agency identifier
(2.000815.000.00.00.H55, domain.md §3.2). Agency identifiers follow QĐ 20/2020/QĐ-TTg
(000.00.12.H41).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from motcua.core.errors import InvalidInput

PROCEDURE_CODE = re.compile(r"^[1-9]\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?$")
AGENCY_ID = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")


def is_procedure_code(value: str) -> bool:
    """Return whether the text has the shape of a national procedure code."""
    return bool(PROCEDURE_CODE.match(value))


def clean_procedure_code(value: object, *, field: str = "code") -> str:
    """Return the code stripped of spaces, or raise InvalidInput with a Vietnamese message."""
    code = "" if value is None else str(value).strip()
    if not code:
        raise InvalidInput(_("Thiếu mã thủ tục."), field=field)
    if not is_procedure_code(code):
        raise InvalidInput(
            _("Mã thủ tục “%(code)s” không đúng dạng mã trên CSDL quốc gia (ví dụ 1.001193).")
            % {"code": code[:60]},
            field=field,
        )
    return code


def is_agency_id(value: str) -> bool:
    """Return whether the text has the shape of a QĐ 20/2020 agency identifier."""
    return bool(AGENCY_ID.match(value))
