"""API tokens: only the hash is stored, revoked tokens stop working, last use is kept to the minute."""

from datetime import timedelta

import pytest

from conftest import vn
from motcua.accounts.models import ApiToken, User
from motcua.accounts.tokens import create_api_token, user_for_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return User.objects.create_user(username="tichhop", password="x", kind=User.Kind.STAFF)


def test_a_token_is_stored_as_its_hash_and_finds_its_user(officer):
    token = create_api_token(user=officer, name="Hệ thống một cửa cũ", at=vn(2026, 3, 2, 8))
    assert not ApiToken.objects.filter(token_hash=token).exists()
    assert user_for_token(token, at=vn(2026, 3, 2, 8, 1)) == officer


def test_revoked_and_unknown_tokens_find_nobody(officer):
    token = create_api_token(user=officer, name="x", at=vn(2026, 3, 2, 8))
    ApiToken.objects.update(revoked=True)
    assert user_for_token(token, at=vn(2026, 3, 2, 8, 1)) is None
    assert user_for_token("mc_khong-co", at=vn(2026, 3, 2, 8, 1)) is None
    assert user_for_token("khong-co-tien-to", at=vn(2026, 3, 2, 8, 1)) is None


def test_last_use_is_recorded_to_the_minute_without_a_write_on_every_call(officer, django_assert_num_queries):
    token = create_api_token(user=officer, name="x", at=vn(2026, 3, 2, 8))
    first = vn(2026, 3, 2, 8, 0)
    user_for_token(token, at=first)
    assert ApiToken.objects.get().last_used_at == first
    with django_assert_num_queries(1):  # the lookup only
        user_for_token(token, at=first + timedelta(seconds=30))
    assert ApiToken.objects.get().last_used_at == first
    user_for_token(token, at=first + timedelta(minutes=2))
    assert ApiToken.objects.get().last_used_at == first + timedelta(minutes=2)
