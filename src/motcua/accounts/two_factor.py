"""Staff two-factor sign-in: a password, then a code from an authenticator app (TOTP, RFC 6238).

A staff member enables it themselves: `start_totp_enrolment` makes a secret (shown as a QR code),
`confirm_totp_enrolment` turns it on once the app has produced a correct code. From then on the
sign-in page does not sign them in after the password: it keeps a *pending* sign-in in the session
and the code page (`verify_totp`) completes it, so no session is ever authenticated by the password
alone. Each code is accepted once (`last_used_step`); five wrong codes in a row lock the device for
five minutes. Citizens sign in through the national e-ID and have no device here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

import structlog

from motcua.core.errors import Conflict, DomainError, InvalidInput, NotAllowed

from . import totp
from .models import TotpDevice, User

log = structlog.get_logger(__name__)

MAX_FAILED_ATTEMPTS = 5
LOCK_DURATION = timedelta(minutes=5)


def can_use_two_factor(user: User) -> bool:
    """Return whether the user may enable two-factor sign-in (staff accounts only)."""
    return user.kind == User.Kind.STAFF or user.is_staff or user.is_superuser


def confirmed_device(user: User) -> TotpDevice | None:
    """Return the user's confirmed authenticator device, if any."""
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def requires_totp(user: User) -> bool:
    """Return whether signing this user in needs a code after the password."""
    return can_use_two_factor(user) and confirmed_device(user) is not None


@dataclass(frozen=True)
class Enrolment:
    device: TotpDevice
    uri: str


@transaction.atomic
def start_totp_enrolment(*, user: User, issuer: str, at: datetime) -> Enrolment:
    """Give the user a new, unconfirmed secret (replacing an earlier unconfirmed one)."""
    if not can_use_two_factor(user):
        raise NotAllowed(_("Chỉ tài khoản cán bộ, công chức dùng xác thực hai bước."))
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is not None and device.is_confirmed:
        raise Conflict(_("Xác thực hai bước đã được bật cho tài khoản này."))
    if device is None:
        device = TotpDevice.objects.create(user=user, secret=totp.new_secret(), created_at=at)
    log.info("totp_enrolment_started", user_id=user.pk)
    return Enrolment(
        device=device, uri=totp.provisioning_uri(device.secret, account=user.username, issuer=issuer)
    )


def enrolment_for(*, user: User, issuer: str) -> Enrolment | None:
    """Return the user's unconfirmed enrolment in progress, if any."""
    device = TotpDevice.objects.filter(user=user, confirmed_at__isnull=True).first()
    if device is None:
        return None
    return Enrolment(
        device=device, uri=totp.provisioning_uri(device.secret, account=user.username, issuer=issuer)
    )


def confirm_totp_enrolment(*, user: User, code: str, at: datetime) -> TotpDevice:
    """Turn two-factor sign-in on once the authenticator app shows a correct code."""
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=user).first()
        if device is None:
            raise InvalidInput(_("Chưa bắt đầu thiết lập xác thực hai bước."), field="code")
        if device.is_confirmed:
            raise Conflict(_("Xác thực hai bước đã được bật cho tài khoản này."))
        refusal = _check_code(device, code, at)
        if refusal is None:
            device.confirmed_at = at
        device.save(update_fields=[*_COUNTERS, "confirmed_at"])
    if refusal is not None:
        raise refusal
    log.info("totp_enabled", user_id=user.pk)
    return device


def verify_totp(*, user: User, code: str, at: datetime) -> TotpDevice:
    """Accept a sign-in code from the user's confirmed device, or refuse it and count the failure."""
    with transaction.atomic():
        device = _locked_confirmed_device(user)
        refusal = _check_code(device, code, at)
        device.save(update_fields=_COUNTERS)
    if refusal is not None:
        raise refusal
    log.info("totp_verified", user_id=user.pk)
    return device


def disable_totp(*, user: User, code: str, at: datetime) -> None:
    """Turn two-factor sign-in off; a current code is needed, so a stolen session alone cannot."""
    with transaction.atomic():
        device = _locked_confirmed_device(user)
        refusal = _check_code(device, code, at)
        if refusal is None:
            device.delete()
        else:
            device.save(update_fields=_COUNTERS)
    if refusal is not None:
        raise refusal
    log.info("totp_disabled", user_id=user.pk)


@transaction.atomic
def reset_totp(*, user: User, actor: str) -> bool:
    """Remove the user's device (lost phone); return whether there was one. For administrators."""
    deleted, _detail = TotpDevice.objects.filter(user=user).delete()
    log.warning("totp_reset", user_id=user.pk, actor=actor, removed=bool(deleted))
    return bool(deleted)


_COUNTERS = ["last_used_step", "failed_attempts", "locked_until"]


def _locked_confirmed_device(user: User) -> TotpDevice:
    device = TotpDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    if device is None:
        raise NotAllowed(_("Tài khoản này chưa bật xác thực hai bước."))
    return device


def _check_code(device: TotpDevice, code: str, at: datetime) -> DomainError | None:
    """Update the device's counters for an attempt with `code` at `at`; return the refusal, if any.

    The refusal is returned rather than raised so the caller saves the failure count before raising:
    an exception inside the transaction would roll the count back and allow unlimited guessing.
    """
    if device.locked_until is not None and at < device.locked_until:
        return NotAllowed(_("Nhập sai mã quá nhiều lần. Vui lòng thử lại sau ít phút."), code="totp_locked")
    step = totp.match_step(device.secret, code, at=at.timestamp())
    if step is None or (device.last_used_step is not None and step <= device.last_used_step):
        device.failed_attempts += 1
        if device.failed_attempts >= MAX_FAILED_ATTEMPTS:
            device.failed_attempts = 0
            device.locked_until = at + LOCK_DURATION
        log.warning(
            "totp_code_refused",
            user_id=device.user_id,
            reused=step is not None,
            locked=device.locked_until is not None and at < device.locked_until,
        )
        return InvalidInput(_("Mã xác thực không đúng hoặc đã được dùng."), field="code")
    device.last_used_step = step
    device.failed_attempts = 0
    device.locked_until = None
    return None
