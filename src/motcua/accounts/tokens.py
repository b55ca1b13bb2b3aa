"""API tokens: created once and shown once, stored as a hash, checked in constant time."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

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


def user_for_token(token: str, *, at: datetime) -> Any:
    """Return the active user owning a valid token, or None."""
    if not token.startswith(PREFIX):
        return None
    row = ApiToken.objects.select_related("user").filter(token_hash=_hash(token), revoked=False).first()
    if row is None or not row.user.is_active:
        return None
    if row.last_used_at is None or at - row.last_used_at >= LAST_USED_RESOLUTION:
        # to the minute is what an administrator needs; writing it on every call of a busy
        # integration would turn each read into a write
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=at)
    return row.user
