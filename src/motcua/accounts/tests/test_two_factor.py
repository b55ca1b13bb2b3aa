"""Staff two-factor sign-in: enrolment, sign-in with a code, replay, lock-out, and the pages."""

import time
from datetime import datetime, timedelta

from django.urls import reverse

import pytest

from motcua.accounts import totp, two_factor
from motcua.accounts.models import TotpDevice, User
from motcua.core.errors import Conflict, InvalidInput, NotAllowed
from motcua.core.timeutil import VN_TZ

pytestmark = pytest.mark.django_db

AT = datetime(2026, 3, 2, 9, 0, 10, tzinfo=VN_TZ)
PASSWORD = "mat-khau-can-bo-2026"


@pytest.fixture
def officer():
    return User.objects.create_user(
        username="canbo-2fa", password=PASSWORD, kind=User.Kind.STAFF, full_name="Phạm Chuyên Viên"
    )


def _code(device, at, *, steps=0):
    return totp.totp(device.secret, at=at.timestamp() + 30 * steps)


def _wrong(device, at_timestamp):
    """Return a well-formed code that is not valid around `at_timestamp`."""
    return next(
        c
        for c in ("000000", "111111", "222222")
        if totp.match_step(device.secret, c, at=at_timestamp) is None
    )


def _enable(user, at=AT):
    enrolment = two_factor.start_totp_enrolment(user=user, issuer="MộtCửa", at=at)
    return two_factor.confirm_totp_enrolment(user=user, code=_code(enrolment.device, at), at=at)


def test_enrolment_is_confirmed_by_a_first_correct_code(officer):
    enrolment = two_factor.start_totp_enrolment(user=officer, issuer="MộtCửa", at=AT)
    assert enrolment.uri.startswith("otpauth://totp/M%E1%BB%99tC%E1%BB%ADa:canbo-2fa?")
    assert not two_factor.requires_totp(officer)
    with pytest.raises(InvalidInput, match="không đúng"):
        two_factor.confirm_totp_enrolment(user=officer, code="000000", at=AT)
    device = two_factor.confirm_totp_enrolment(user=officer, code=_code(enrolment.device, AT), at=AT)
    assert device.confirmed_at == AT
    assert two_factor.requires_totp(officer)


def test_enrolment_cannot_restart_once_enabled(officer):
    _enable(officer)
    with pytest.raises(Conflict):
        two_factor.start_totp_enrolment(user=officer, issuer="MộtCửa", at=AT)


def test_citizens_do_not_use_two_factor():
    citizen = User.objects.create_user(username="congdan-2fa", kind=User.Kind.CITIZEN)
    with pytest.raises(NotAllowed):
        two_factor.start_totp_enrolment(user=citizen, issuer="MộtCửa", at=AT)


def test_a_code_is_accepted_once(officer):
    device = _enable(officer)
    later = AT + timedelta(minutes=2)
    two_factor.verify_totp(user=officer, code=_code(device, later), at=later)
    with pytest.raises(InvalidInput, match="đã được dùng"):
        two_factor.verify_totp(user=officer, code=_code(device, later), at=later + timedelta(seconds=5))


def test_an_older_code_after_a_newer_one_is_refused(officer):
    device = _enable(officer)
    later = AT + timedelta(minutes=2)
    two_factor.verify_totp(user=officer, code=_code(device, later, steps=1), at=later)
    with pytest.raises(InvalidInput):
        two_factor.verify_totp(user=officer, code=_code(device, later), at=later)


def test_five_wrong_codes_lock_the_device_for_five_minutes_and_the_count_survives(officer):
    device = _enable(officer)
    at = AT + timedelta(minutes=1)
    for _attempt in range(two_factor.MAX_FAILED_ATTEMPTS):
        with pytest.raises(InvalidInput):
            two_factor.verify_totp(user=officer, code=_wrong(device, at.timestamp()), at=at)
    device.refresh_from_db()
    assert device.locked_until == at + two_factor.LOCK_DURATION
    with pytest.raises(NotAllowed, match="quá nhiều lần"):
        two_factor.verify_totp(user=officer, code=_code(device, at), at=at + timedelta(minutes=4))
    unlocked = at + timedelta(minutes=5, seconds=1)
    two_factor.verify_totp(user=officer, code=_code(device, unlocked), at=unlocked)


def test_disabling_needs_a_current_code(officer):
    device = _enable(officer)
    later = AT + timedelta(minutes=3)
    with pytest.raises(InvalidInput):
        two_factor.disable_totp(user=officer, code=_wrong(device, later.timestamp()), at=later)
    assert TotpDevice.objects.filter(user=officer).exists()
    two_factor.disable_totp(user=officer, code=_code(device, later), at=later)
    assert not two_factor.requires_totp(officer)


def test_an_administrator_can_remove_a_lost_device(officer):
    _enable(officer)
    assert two_factor.reset_totp(user=officer, actor="test") is True
    assert not two_factor.requires_totp(officer)


# --- pages -------------------------------------------------------------------------------------


def _now_code(device, steps=0):
    return totp.totp(device.secret, at=time.time() + 30 * steps)


def test_staff_with_two_factor_are_not_signed_in_by_the_password_alone(client, officer):
    device = _enable(officer, at=datetime.now(tz=VN_TZ) - timedelta(minutes=5))
    response = client.post(reverse("accounts:login"), {"username": "canbo-2fa", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("totp:verify")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("totp:security")).status_code == 302  # still anonymous

    page = client.post(reverse("totp:verify"), {"code": _wrong(device, time.time())})
    assert page.status_code == 200
    assert "Mã xác thực không đúng" in page.content.decode()
    assert "_auth_user_id" not in client.session

    done = client.post(reverse("totp:verify"), {"code": _now_code(device)})
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:after-login")
    assert client.session["_auth_user_id"] == str(officer.pk)


def test_the_pending_sign_in_keeps_the_next_page(client, officer):
    device = _enable(officer, at=datetime.now(tz=VN_TZ) - timedelta(minutes=5))
    client.post(
        reverse("accounts:login"), {"username": "canbo-2fa", "password": PASSWORD, "next": "/can-bo/"}
    )
    done = client.post(reverse("totp:verify"), {"code": _now_code(device)})
    assert done["Location"] == "/can-bo/"


def test_the_code_page_without_a_pending_sign_in_returns_to_the_login_page(client):
    response = client.get(reverse("totp:verify"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")


def test_an_expired_pending_sign_in_is_dropped(client, officer):
    device = _enable(officer, at=datetime.now(tz=VN_TZ) - timedelta(minutes=5))
    client.post(reverse("accounts:login"), {"username": "canbo-2fa", "password": PASSWORD})
    session = client.session
    session["motcua_2fa_pending"]["started_at"] -= 301
    session.save()
    response = client.post(reverse("totp:verify"), {"code": _now_code(device)})
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_staff_without_two_factor_sign_in_with_the_password(client, officer):
    response = client.post(reverse("accounts:login"), {"username": "canbo-2fa", "password": PASSWORD})
    assert response["Location"] == reverse("accounts:after-login")
    assert client.session["_auth_user_id"] == str(officer.pk)


def test_a_staff_member_turns_two_factor_on_and_off_from_the_pages(client, officer):
    client.force_login(officer)
    assert "Chưa bật" in client.get(reverse("totp:security")).content.decode()
    assert client.post(reverse("totp:security"))["Location"] == reverse("totp:setup")
    setup = client.get(reverse("totp:setup")).content.decode()
    assert "<svg" in setup
    assert 'role="img"' in setup
    device = TotpDevice.objects.get(user=officer)
    assert device.secret[:4] in setup

    bad = client.post(reverse("totp:setup"), {"code": _wrong(device, time.time())})
    assert "Mã xác thực không đúng" in bad.content.decode()
    good = client.post(reverse("totp:setup"), {"code": _now_code(device)})
    assert good["Location"] == reverse("totp:security")
    assert "Đang bật" in client.get(reverse("totp:security")).content.decode()

    client.post(reverse("totp:disable"), {"code": _now_code(device, steps=1)})
    assert not TotpDevice.objects.filter(user=officer).exists()


def test_citizens_have_no_two_factor_pages(client):
    client.force_login(User.objects.create_user(username="congdan-2fa", kind=User.Kind.CITIZEN))
    assert client.get(reverse("totp:security")).status_code == 404
    assert client.get(reverse("totp:setup")).status_code == 404
