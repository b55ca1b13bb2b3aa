"""Finding, linking and creating citizen accounts from verified national e-ID identities."""

from datetime import date, datetime

import pytest

from motcua.accounts.external_identity import (
    StaffAccountRefused,
    sign_in_with_external_identity,
    username_for,
)
from motcua.accounts.models import ExternalIdentity, User
from motcua.accounts.oidc_claims import ExternalProfile
from motcua.core.errors import NotAllowed
from motcua.core.timeutil import VN_TZ

pytestmark = pytest.mark.django_db

ISSUER = "https://xacthuc.example.vn/oauth2/token"
AT = datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)


def _profile(**overrides):
    values = {
        "full_name": "Lê Hoàng Cường",
        "personal_id": "040203001122",
        "phone": "0905123456",
        "email": "cuong.le@example.vn",
        "birth_date": date(2003, 11, 20),
    }
    values.update(overrides)
    return ExternalProfile(**values)


def _sign_in(subject="sub-1", issuer=ISSUER, **profile):
    return sign_in_with_external_identity(
        issuer=issuer, subject=subject, profile=_profile(**profile), assurance_level="LoA2", at=AT
    )


def test_a_new_person_gets_a_citizen_account_without_a_usable_password():
    user = _sign_in()
    assert user.kind == User.Kind.CITIZEN
    assert (user.full_name, user.personal_id, user.phone, user.email) == (
        "Lê Hoàng Cường",
        "040203001122",
        "0905123456",
        "cuong.le@example.vn",
    )
    assert user.username == username_for(ISSUER, "sub-1")
    assert not user.has_usable_password()
    identity = ExternalIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject, identity.assurance_level) == (ISSUER, "sub-1", "LoA2")
    assert identity.birth_date == date(2003, 11, 20)


def test_the_same_identity_signs_in_to_the_same_account_and_refreshes_the_name():
    first = _sign_in()
    again = _sign_in(full_name="Lê Hoàng Cường (đã đổi)")
    assert again.pk == first.pk
    assert again.full_name == "Lê Hoàng Cường (đã đổi)"
    assert ExternalIdentity.objects.count() == 1


def test_another_subject_of_the_same_issuer_cannot_claim_an_already_linked_number():
    _sign_in(subject="sub-1")
    with pytest.raises(NotAllowed, match="đã gắn với một tài khoản định danh điện tử khác"):
        _sign_in(subject="sub-2")


def test_the_same_person_through_another_issuer_reaches_the_same_account():
    first = _sign_in(subject="sub-1")
    linked = _sign_in(subject="sub-1", issuer="https://sso.dancuquocgia.example.vn")
    assert linked.pk == first.pk
    assert linked.external_identities.count() == 2


def test_an_existing_citizen_account_with_the_verified_number_is_linked_not_duplicated():
    citizen = User.objects.create_user(
        username="congdan-oidc", kind=User.Kind.CITIZEN, personal_id="040203001122", phone="0911111111"
    )
    user = _sign_in()
    assert user.pk == citizen.pk
    assert user.phone == "0911111111"  # a phone the person gave the desk is kept
    assert user.email == "cuong.le@example.vn"  # an empty one is filled


@pytest.mark.parametrize(
    "staff_fields",
    [{"kind": User.Kind.STAFF}, {"is_staff": True}, {"is_superuser": True}],
    ids=["staff-kind", "admin-site", "superuser"],
)
def test_a_staff_account_with_the_verified_number_is_never_taken_over(staff_fields):
    officer = User.objects.create_user(username="canbo-oidc", personal_id="040203001122", **staff_fields)
    with pytest.raises(StaffAccountRefused, match="tài khoản cán bộ") as caught:
        _sign_in()
    assert "mật khẩu do cơ quan cấp" in str(caught.value.message)
    assert not ExternalIdentity.objects.exists()
    officer.refresh_from_db()
    assert officer.full_name == ""


def test_an_identity_whose_account_later_became_staff_is_refused():
    user = _sign_in()
    User.objects.filter(pk=user.pk).update(kind=User.Kind.STAFF)
    with pytest.raises(StaffAccountRefused):
        _sign_in()


def test_a_deactivated_account_is_refused():
    user = _sign_in()
    User.objects.filter(pk=user.pk).update(is_active=False)
    with pytest.raises(NotAllowed, match="đã bị khóa"):
        _sign_in()


def test_an_identity_whose_number_no_longer_matches_its_account_is_refused():
    _sign_in()
    with pytest.raises(NotAllowed, match="không khớp"):
        _sign_in(personal_id="040095001234", birth_date=date(1995, 3, 12))
