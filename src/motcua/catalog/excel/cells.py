"""Reading cells: text, codes, numbers, dates, yes/no and choices, each refused with a Vietnamese reason."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from motcua.core.text import fold, nfc

from .layout import COLUMNS, MAX_FILE_BYTES, MAX_ROWS, MAX_UNPACKED_BYTES
from .plan import RowError


class _Rejected(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value))


def _code(value: object) -> str:
    if isinstance(value, float | int) and not isinstance(value, bool):
        # A code typed into a number cell loses its trailing zeros (2.000810 → 2.00081).
        return f"{value:.6f}"
    return _text(value).replace(" ", "")


def _decimal(value: object, *, label: str, required: bool = False) -> Decimal | None:
    if value is None or _text(value) == "":
        if required:
            raise _Rejected(_("Thiếu %(label)s.") % {"label": label})
        return None
    if isinstance(value, bool):
        raise _Rejected(_("%(label)s phải là số.") % {"label": label})
    try:
        number = Decimal(str(value).strip().replace(",", ".")) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise _Rejected(
            _("%(label)s “%(value)s” không phải là số.") % {"label": label, "value": _text(value)[:30]}
        ) from None
    if not number.is_finite():
        raise _Rejected(
            _("%(label)s “%(value)s” không phải là số.") % {"label": label, "value": _text(value)[:30]}
        )
    return number


def _int(value: object, *, label: str, required: bool = False, default: int = 0) -> int:
    number = _decimal(value, label=label, required=required)
    if number is None:
        return default
    if number != number.to_integral_value():
        raise _Rejected(_("%(label)s phải là số nguyên.") % {"label": label})
    return int(number)


def _date(value: object, *, label: str, required: bool = False) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        if required:
            raise _Rejected(_("Thiếu %(label)s.") % {"label": label})
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise _Rejected(
        _("%(label)s “%(value)s” không phải ngày (dd/mm/yyyy).") % {"label": label, "value": text[:30]}
    )


_TRUE = {"co", "x", "1", "true", "yes", "dung", "c"}
_FALSE = {"khong", "0", "false", "no", "k", ""}


def _bool(value: object, *, label: str, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    folded = fold(_text(value))
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return default if folded == "" else False
    raise _Rejected(_("%(label)s phải là “Có” hoặc “Không”.") % {"label": label})


def _choice(value: object, choices: Iterable[tuple[Any, Any]], *, label: str) -> str:
    text = fold(_text(value))
    if not text:
        raise _Rejected(_("Thiếu %(label)s.") % {"label": label})
    for key, name in choices:
        if text in (fold(str(key)), fold(str(name))):
            return str(key)
    allowed = ", ".join(str(name) for _key, name in choices)
    raise _Rejected(
        _("%(label)s “%(value)s” không hợp lệ; dùng một trong: %(allowed)s.")
        % {"label": label, "value": _text(value)[:40], "allowed": allowed}
    )


def _list(value: object) -> tuple[str, ...]:
    text = _text(value).replace(",", ";").replace("\n", ";")
    return tuple(part.strip() for part in text.split(";") if part.strip())


def _orders(value: object, *, label: str) -> tuple[int, ...]:
    if isinstance(value, float | int) and not isinstance(value, bool):
        value = _text(value)
    out = []
    for part in _list(value):
        try:
            out.append(int(part))
        except ValueError:
            raise _Rejected(
                _("%(label)s “%(value)s” phải là số thứ tự bước.") % {"label": label, "value": part[:20]}
            ) from None
    return tuple(out)


def _open(data: bytes) -> Any:
    if len(data) > MAX_FILE_BYTES:
        raise _Rejected(_("Tệp lớn hơn 20 MB."))
    if not data.startswith(b"PK\x03\x04"):
        raise _Rejected(_("Tệp không phải tệp Excel .xlsx hợp lệ."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > 5000 or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
                raise _Rejected(_("Tệp Excel giải nén quá lớn; hệ thống không đọc tệp này."))
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _Rejected:
        raise
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError) as exc:
        raise _Rejected(
            _("Tệp không phải tệp Excel .xlsx hợp lệ (%(error)s).") % {"error": str(exc)[:120]}
        ) from None


def _rows(ws: Any, sheet: str, errors: list[RowError]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (row number, values by column key) of a sheet's data rows; report missing columns."""
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return
    folded = {fold(_text(h)): i for i, h in enumerate(header) if _text(h)}
    positions: dict[str, int] = {}
    for column in COLUMNS[sheet]:
        position = folded.get(fold(column.header))
        if position is None:
            if column.required:
                errors.append(RowError(sheet, 1, _("Thiếu cột “%(column)s”.") % {"column": column.header}))
            continue
        positions[column.key] = position
    if any(e.sheet == sheet and e.row == 1 for e in errors):
        return
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS:
            errors.append(RowError(sheet, number, _("Quá nhiều dòng; tối đa %(max)d.") % {"max": MAX_ROWS}))
            return
        if values is None or all(v is None or _text(v) == "" for v in values):
            continue
        yield number, {key: values[i] if i < len(values) else None for key, i in positions.items()}


def _cells(
    row: int, sheet: str, errors: list[RowError], parsers: Sequence[tuple[str, Callable[[], Any]]]
) -> dict[str, Any] | None:
    """Run each parser; record every rejected cell of the row; return the values if all passed."""
    out: dict[str, Any] = {}
    ok = True
    for key, parse in parsers:
        try:
            out[key] = parse()
        except _Rejected as exc:
            errors.append(RowError(sheet, row, exc.message))
            ok = False
    return out if ok else None
