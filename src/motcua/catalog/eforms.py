"""Answers to a version's e-form (tờ khai điện tử): checking them and showing them.

A version defines its fields (`FormField`, `specs.FormFieldSpec`); the portal generates the form from
them and the intake service checks the answers again before a dossier is written. Answers are kept
on the dossier as JSON, one entry per field key, only for fields that were answered:

- text, long text: the text (NFC, trimmed);
- date: ISO ``YYYY-MM-DD``;
- number: a decimal string (``"2"``, ``"12.5"``), never a float;
- choice: the chosen option, exactly as the version lists it;
- yes / no: ``true`` or ``false``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from motcua.core.text import nfc

from .models import FormField
from .specs import FormFieldSpec

Kind = FormField.Kind

DEFAULT_MAX_LENGTH = {Kind.TEXT: 200, Kind.LONG_TEXT: 2000}
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2100, 12, 31)
MAX_NUMBER = Decimal("1e12")


def max_length_of(field: FormFieldSpec) -> int:
    """Return the longest text a text field accepts (its own limit, or the default of its kind)."""
    return field.max_length or DEFAULT_MAX_LENGTH.get(Kind(field.kind), 200)


def parse_number(value: object) -> Decimal:
    """Return a number typed as text ("12,5" or "12.5"); raise ValueError if it is not one."""
    if isinstance(value, bool) or value is None:
        raise ValueError(value)
    text = str(value).strip().replace(" ", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(value) from None
    if not number.is_finite() or abs(number) >= MAX_NUMBER:
        raise ValueError(value)
    return number


def number_text(number: Decimal) -> str:
    """Return a number as stored: no exponent, no trailing zeros."""
    text = f"{number.normalize():f}"
    return "0" if text in ("-0", "") else text


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check_answer(field: FormFieldSpec, value: object) -> Any:
    """Return the stored form of one non-empty answer; raise ValueError with a Vietnamese message.

    The message does not name the field (a form shows it under the field; `check_answers` adds
    the label).
    """
    kind = Kind(field.kind)
    if kind in (Kind.TEXT, Kind.LONG_TEXT):
        if not isinstance(value, str):
            raise ValueError(_("Phải là văn bản."))
        text = nfc(value)
        limit = max_length_of(field)
        if len(text) > limit:
            raise ValueError(_("Tối đa %(max)d ký tự (hiện có %(n)d).") % {"max": limit, "n": len(text)})
        return text
    if kind == Kind.DATE:
        try:
            day = date.fromisoformat(str(value).strip()) if not isinstance(value, date) else value
        except ValueError:
            raise ValueError(_("Ngày không hợp lệ.")) from None
        if not MIN_DATE <= day <= MAX_DATE:
            raise ValueError(_("Ngày không hợp lệ (từ năm 1900 đến năm 2100)."))
        return day.isoformat()
    if kind == Kind.NUMBER:
        try:
            return number_text(parse_number(value))
        except ValueError:
            raise ValueError(_("Phải là số.")) from None
    if kind == Kind.CHOICE:
        if not isinstance(value, str) or nfc(value) not in field.choices:
            raise ValueError(_("Lựa chọn không có trong danh sách."))
        return nfc(value)
    if not isinstance(value, bool):
        raise ValueError(_("Chọn “Có” hoặc “Không”."))
    return value


def check_answers(
    fields: Sequence[FormFieldSpec], answers: Mapping[str, object], *, with_labels: bool = True
) -> tuple[dict[str, Any], dict[str, str]]:
    """Return the answers as stored and a Vietnamese message per field key that is missing or wrong.

    Unanswered optional fields are left out; keys the version does not define are refused (under
    the key ``""``). Messages start with the field's label unless `with_labels` is false.
    """
    known = {f.key for f in fields}
    errors: dict[str, str] = {}
    unknown = sorted(str(k) for k in answers if k not in known)
    if unknown:
        errors[""] = _("Tờ khai có mục không thuộc thủ tục này: %(keys)s.") % {
            "keys": ", ".join(unknown)[:200]
        }
    cleaned: dict[str, Any] = {}
    for field in fields:
        value = answers.get(field.key)
        if _is_empty(value):
            if field.is_required:
                errors[field.key] = _("Vui lòng điền mục “%(label)s”.") % {"label": field.label}
            continue
        try:
            cleaned[field.key] = check_answer(field, value)
        except ValueError as exc:
            errors[field.key] = f"{field.label}: {exc}" if with_labels else str(exc)
    return cleaned, errors


def display_answer(kind: str, value: object) -> str:
    """Return an answer as a person reads it: dates dd/mm/yyyy, yes/no in words, numbers with a comma."""
    if value is None:
        return ""
    if kind == Kind.YES_NO and isinstance(value, bool):
        return _("Có") if value else _("Không")
    if kind == Kind.DATE and isinstance(value, str):
        try:
            return f"{date.fromisoformat(value):%d/%m/%Y}"
        except ValueError:
            return value
    if kind == Kind.NUMBER:
        return str(value).replace(".", ",")
    return str(value)
