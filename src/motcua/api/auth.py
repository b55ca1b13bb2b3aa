"""API authentication: bearer tokens for other systems, the session for pages of this site."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from ninja.security import HttpBearer, django_auth

from motcua.accounts.tokens import user_for_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token, at=timezone.now())
        if user is not None:
            request.user = user
        return user


TOKEN_OR_SESSION = [TokenAuth(), django_auth]
