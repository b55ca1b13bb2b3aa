"""From verified OpenID Connect claims to a citizen profile, with claim names from settings.

The national SSO's claim names are not public (docs/identity.md), so each profile field is read from
the claim named in `MOTCUA_OIDC_CLAIM_*`. Defaults are the simulator's names: standard OIDC claims
(`name`, `phone_number`, `email`, `birthdate`, OIDC Core §5.1) and `so_dinh_danh` for the 12-digit
personal number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import DomainError, InvalidInput

from .identity import parse_personal_id


class OidcClaimsError(DomainError):
    """The verified claims cannot make a citizen profile (missing or invalid values)."""

    code = "oidc_claims"

    def __init__(self, message: Any, *, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


@dataclass(frozen=True)
class ClaimNames:
    """Which provider claim carries each profile field (settings `MOTCUA_OIDC_CLAIM_*`)."""

    full_name: str = "name"
    personal_id: str = "so_dinh_danh"
    phone: str = "phone_number"
    email: str = "email"
    birth_date: str = "birthdate"


@dataclass(frozen=True)
class ExternalProfile:
    full_name: str
    personal_id: str
    phone: str
    email: str
    birth_date: date | None


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_VN_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")


def _birth(value: object) -> tuple[date | None, int | None]:
    """Return (date, year) from a birth date claim: ISO 8601 (OIDC `birthdate`) or dd/mm/yyyy."""
    if isinstance(value, int) and 1900 <= value <= 2999:
        return None, value
    if not isinstance(value, str):
        return None, None
    text = value.strip()
    if match := _YEAR.match(text):
        return None, int(match.group(1))
    if match := _ISO_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _VN_DATE.match(text):
        day, month, year = (int(part) for part in match.groups())
    else:
        return None, None
    if year == 0:  # OIDC Core §5.1: 0000 means the year was withheld
        return None, None
    try:
        return date(year, month, day), year
    except ValueError:
        return None, year


def _text(claims: Mapping[str, Any], name: str, limit: int) -> str:
    value = claims.get(name) if name else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return " ".join(value.split())[:limit] if isinstance(value, str) else ""


def _phone(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit() or ch == "+")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits[:20] if re.fullmatch(r"0\d{8,10}", digits) else ""


def map_claims(claims: Mapping[str, Any], names: ClaimNames) -> ExternalProfile:
    """Return the citizen profile carried by verified claims, or refuse if it is unusable.

    The name and the 12-digit personal number are required (a dossier names its applicant by them);
    the number is checked for structure, birth-registration province and, when the provider gives a
    birth date, the century/gender and year digits. Phone and e-mail are kept only when well formed.
    """
    full_name = _text(claims, names.full_name, 200)
    if not full_name:
        raise OidcClaimsError(
            _("Tài khoản định danh điện tử không cung cấp họ và tên."),
            detail=f"claim {names.full_name!r} missing",
        )
    raw_personal_id = _text(claims, names.personal_id, 32)
    if not raw_personal_id:
        raise OidcClaimsError(
            _("Tài khoản định danh điện tử không cung cấp số định danh cá nhân."),
            detail=f"claim {names.personal_id!r} missing",
        )
    birth_date, birth_year = _birth(claims.get(names.birth_date)) if names.birth_date else (None, None)
    try:
        personal_id = parse_personal_id(raw_personal_id, birth_year=birth_year).number
    except InvalidInput as exc:
        raise OidcClaimsError(exc.message, detail="personal number refused") from exc
    email = _text(claims, names.email, 254)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            email = ""
    return ExternalProfile(
        full_name=full_name,
        personal_id=personal_id,
        phone=_phone(_text(claims, names.phone, 40)),
        email=email,
        birth_date=birth_date,
    )
