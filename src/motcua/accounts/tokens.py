"""API tokens: created once and shown once, stored as a hash, checked in constant time."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.db import DEFAULT_DB_ALIAS

from motcua.core.compiled import Compiled

from .models import ApiToken, User

PREFIX = "mc_"
# How stale an API token's "last used" time may be (it is shown to administrators).
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_api_token(*, user: User, name: str, at: datetime) -> str:
    """Create a token for the user and return it; only its hash is kept."""
    token = PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name[:100], token_hash=_hash(token), created_at=at)
    return token


_USER_FIELDS = [f.attname for f in User._meta.concrete_fields]
# The token's id and last use, then its user's columns: one statement, compiled once (every call
# of another system starts with it).
_TOKEN_READ = Compiled(
    lambda token_hash: ApiToken.objects.filter(token_hash=token_hash, revoked=False).values_list(
        "pk", "last_used_at", *(f"user__{f.name}" for f in User._meta.concrete_fields)
    ),
    "\x00token_hash\x00",
)


def user_for_token(token: str, *, at: datetime) -> Any:
    """Return the active user owning a valid token, or None."""
    if not token.startswith(PREFIX):
        return None
    rows = _TOKEN_READ.rows(_hash(token))
    if not rows:
        return None
    token_id, last_used_at, *user_values = rows[0]
    user = User.from_db(DEFAULT_DB_ALIAS, _USER_FIELDS, user_values)
    if not user.is_active:
        return None
    if last_used_at is None or at - last_used_at >= LAST_USED_RESOLUTION:
        # to the minute is what an administrator needs; writing it on every call of a busy
        # integration would turn each read into a write
        ApiToken.objects.filter(pk=token_id).update(last_used_at=at)
    return user
