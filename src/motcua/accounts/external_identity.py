"""Citizen accounts from the national e-ID: find by (issuer, subject), link by personal number, or create.

The national identity provider has verified the person (VNeID level 1 or 2, Decree 69/2024/NĐ-CP),
so its claims are the best evidence of who they are. The rules:

- A known (issuer, subject) signs in as the account it is linked to.
- Otherwise, a *citizen* account that already carries the verified personal number (made at a desk,
  or by the demo) is linked to it: that number belongs to this person, and their earlier dossiers
  appear under "Hồ sơ của tôi". Citizens cannot register local accounts themselves, so such an
  account was made by staff who checked the person's card.
- Otherwise a new citizen account is made, without a usable password.
- A **staff** account (kind staff, admin site access or superuser) is never linked, found or signed
  in this way, whichever rule would reach it: staff sign in with their agency account and two-factor
  code, and an outside identity provider must not be able to open an officer's account.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

import structlog

from motcua.core.errors import Conflict, NotAllowed

from .models import ExternalIdentity, User
from .oidc_claims import ExternalProfile

log = structlog.get_logger(__name__)


class StaffAccountRefused(NotAllowed):
    """The external identity leads to a staff account; staff never sign in this way."""

    code = "staff_account"


def is_staff_account(user: User) -> bool:
    """Return whether the account belongs to an official (never reachable by an external identity)."""
    return user.kind == User.Kind.STAFF or user.is_staff or user.is_superuser


def _refuse_staff(user: User, *, issuer: str, reason: str) -> None:
    if is_staff_account(user):
        log.warning("external_identity_staff_refused", user_id=user.pk, issuer=issuer, reason=reason)
        raise StaffAccountRefused(
            _(
                "Số định danh này gắn với một tài khoản cán bộ, công chức. Tài khoản cán bộ không "
                "đăng nhập bằng tài khoản định danh điện tử: vui lòng đăng nhập bằng tên đăng nhập, "
                "mật khẩu do cơ quan cấp (và mã xác thực hai bước nếu đã bật)."
            )
        )


def _refuse_inactive(user: User) -> None:
    if not user.is_active:
        raise NotAllowed(_("Tài khoản này đã bị khóa. Vui lòng liên hệ bộ phận một cửa."))


def username_for(issuer: str, subject: str) -> str:
    """Return the username of an account made for an external identity (stable, not personal data)."""
    return "vneid-" + hashlib.sha256(f"{issuer}\n{subject}".encode()).hexdigest()[:24]


def sign_in_with_external_identity(
    *, issuer: str, subject: str, profile: ExternalProfile, assurance_level: str, at: datetime
) -> User:
    """Return the citizen account for a verified external identity, linking or creating it.

    Refuses (NotAllowed) a staff account, a deactivated account, and an account whose personal number
    differs from the verified one. The account's name follows the verified one; phone and e-mail are
    filled only where the account has none.
    """
    try:
        with transaction.atomic():
            return _sign_in(
                issuer=issuer, subject=subject, profile=profile, assurance_level=assurance_level, at=at
            )
    except IntegrityError as exc:
        # Two first sign-ins of the same person at once: the other one made the link; try again.
        log.warning("external_identity_race", issuer=issuer)
        raise Conflict(_("Đăng nhập đang được xử lý ở một cửa sổ khác. Vui lòng thử lại.")) from exc


def _sign_in(
    *, issuer: str, subject: str, profile: ExternalProfile, assurance_level: str, at: datetime
) -> User:
    identity = (
        ExternalIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if identity is not None:
        user = identity.user
        _refuse_staff(user, issuer=issuer, reason="linked")
        _refuse_inactive(user)
        if user.personal_id and user.personal_id != profile.personal_id:
            log.warning("external_identity_number_changed", user_id=user.pk, issuer=issuer)
            raise NotAllowed(
                _(
                    "Số định danh cá nhân của tài khoản không khớp với thông tin định danh điện tử. "
                    "Vui lòng liên hệ bộ phận một cửa để được hỗ trợ."
                )
            )
        event = "external_identity_signed_in"
    else:
        user_or_none = User.objects.select_for_update().filter(personal_id=profile.personal_id).first()
        if user_or_none is not None:
            user = user_or_none
            _refuse_staff(user, issuer=issuer, reason="personal_id")
            _refuse_inactive(user)
            if user.external_identities.filter(issuer=issuer).exists():
                log.warning("external_identity_second_subject", user_id=user.pk, issuer=issuer)
                raise NotAllowed(
                    _(
                        "Số định danh cá nhân này đã gắn với một tài khoản định danh điện tử khác. "
                        "Vui lòng liên hệ bộ phận một cửa để được hỗ trợ."
                    )
                )
            event = "external_identity_linked"
        else:
            user = User(
                username=username_for(issuer, subject),
                kind=User.Kind.CITIZEN,
                personal_id=profile.personal_id,
                date_joined=at,
            )
            user.set_unusable_password()
            user.save()
            event = "external_identity_created"
        identity = ExternalIdentity(user=user, issuer=issuer, subject=subject, created_at=at)

    changed = ["full_name"]
    user.full_name = profile.full_name
    if not user.personal_id:
        user.personal_id = profile.personal_id
        changed.append("personal_id")
    if profile.phone and not user.phone:
        user.phone = profile.phone
        changed.append("phone")
    if profile.email and not user.email:
        user.email = profile.email
        changed.append("email")
    user.save(update_fields=changed)

    identity.assurance_level = assurance_level
    identity.birth_date = profile.birth_date or identity.birth_date
    identity.last_sign_in_at = at
    identity.save()
    log.info(event, user_id=user.pk, issuer=issuer, assurance_level=assurance_level)
    return user
