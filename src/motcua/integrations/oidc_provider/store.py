"""Authorization codes and access tokens of the simulator, in the memory of the one server process.

Codes live 60 seconds and are redeemed once; a second redemption revokes the access token the first
one produced (RFC 6749 §4.1.2). Access tokens live 5 minutes. One process is enough for what the
simulator serves (the test server, `runserver` in the demo); a multi-process server would need a
shared store, which the real provider has and this one deliberately does not.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field

CODE_TTL_SECONDS = 60
ACCESS_TOKEN_TTL_SECONDS = 300


@dataclass
class AuthorizationCode:
    code: str
    client_id: str
    redirect_uri: str
    subject: str
    scope: str
    nonce: str
    code_challenge: str
    acr: str
    auth_time: int
    expires_at: float
    redeemed: bool = False
    access_tokens: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AccessToken:
    token: str
    client_id: str
    subject: str
    scope: str
    expires_at: float


class CodeReused(Exception):
    """The code was redeemed before; its tokens have been revoked."""


class Store:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._codes: dict[str, AuthorizationCode] = {}
        self._tokens: dict[str, AccessToken] = {}

    def _purge(self, now: float) -> None:
        self._codes = {key: code for key, code in self._codes.items() if code.expires_at > now - 600}
        self._tokens = {key: token for key, token in self._tokens.items() if token.expires_at > now}

    def issue_code(
        self,
        *,
        client_id: str,
        redirect_uri: str,
        subject: str,
        scope: str,
        nonce: str,
        code_challenge: str,
        acr: str,
        now: float,
    ) -> str:
        code = secrets.token_urlsafe(32)
        with self._lock:
            self._purge(now)
            self._codes[code] = AuthorizationCode(
                code=code,
                client_id=client_id,
                redirect_uri=redirect_uri,
                subject=subject,
                scope=scope,
                nonce=nonce,
                code_challenge=code_challenge,
                acr=acr,
                auth_time=int(now),
                expires_at=now + CODE_TTL_SECONDS,
            )
        return code

    def redeem_code(self, code: str, *, now: float) -> AuthorizationCode | None:
        """Mark the code redeemed and return it; None if unknown or expired; CodeReused if used."""
        with self._lock:
            found = self._codes.get(code)
            if found is None or found.expires_at <= now:
                return None
            if found.redeemed:
                for token in found.access_tokens:
                    self._tokens.pop(token, None)
                raise CodeReused
            found.redeemed = True
            return found

    def issue_access_token(self, code: AuthorizationCode, *, now: float) -> AccessToken:
        token = AccessToken(
            token=secrets.token_urlsafe(32),
            client_id=code.client_id,
            subject=code.subject,
            scope=code.scope,
            expires_at=now + ACCESS_TOKEN_TTL_SECONDS,
        )
        with self._lock:
            self._tokens[token.token] = token
            code.access_tokens.append(token.token)
        return token

    def access_token(self, token: str, *, now: float) -> AccessToken | None:
        with self._lock:
            found = self._tokens.get(token)
        if found is None or found.expires_at <= now:
            return None
        return found


STORE = Store()
