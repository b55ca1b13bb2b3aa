"""Sign-in with the national e-ID: MộtCửa as an OpenID Connect relying party (Authlib, joserfc).

Citizens sign in through the national single sign-on (VNeID accounts through the national public
service portal's SSO, domain.md §8) with the OpenID Connect authorization-code flow
(OIDC Core 1.0 §3.1):

1. `begin_authorization` makes a fresh `state` (CSRF, RFC 6749 §10.12), `nonce` (ID-token replay,
   OIDC Core §15.5.2) and PKCE `code_verifier` (RFC 7636, method S256), keeps them in the server-side
   session under the state, and returns the provider's authorization URL.
2. The provider sends the browser back with `code` and `state`. `complete_authorization` takes the
   pending request out of the session (so a replayed or unknown state is refused), exchanges the
   code at the token endpoint with the client's credentials and the verifier, checks the ID token
   (RS256 signature against the provider's JWKS from its discovery document; `iss`, `aud`, `azp`,
   `exp`, `iat`, `nonce`, `at_hash`), reads the userinfo endpoint (its `sub` must match, §5.3.2),
   and returns the verified claims.
3. `accounts.oidc_claims.map_claims` turns provider claims into a profile with the names configured
   in settings and validates the personal number against the birth year (`accounts.identity`);
   `accounts.external_identity` then finds or creates the citizen account.

Which provider, client and claim names: settings `MOTCUA_OIDC_*` (docs/identity.md). Tests and the
demo point the issuer at the local provider in `motcua.integrations.oidc_provider`, reached over real
HTTP like the national one. The claim names and the exact issuer of the national SSO are not public
(contract with VPCP / C06) — see docs/identity.md for what must change to go live.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _

import requests
import structlog
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ExpiredTokenError,
    InvalidClaimError,
    InvalidKeyIdError,
    JoseError,
    MissingClaimError,
)
from joserfc.jwk import KeySet

from motcua.core.errors import DomainError

from .oidc_claims import ClaimNames

log = structlog.get_logger(__name__)

SESSION_KEY = "motcua_oidc_pending"
PENDING_TTL_SECONDS = 600
MAX_PENDING = 5
METADATA_TTL_SECONDS = 3600
ID_TOKEN_ALGORITHMS = ("RS256",)
CLOCK_LEEWAY_SECONDS = 60


# --- errors -------------------------------------------------------------------------------------


class OidcError(DomainError):
    """Sign-in through the national e-ID failed; `message` is safe to show, `detail` is for the log."""

    code = "oidc_error"
    status = 400

    def __init__(self, message: Any, *, detail: str = "", code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.detail = detail


class OidcNotConfigured(OidcError):
    code = "oidc_not_configured"
    status = 503


class OidcStateError(OidcError):
    """The callback's `state` is missing, unknown, already used or expired."""

    code = "oidc_state"


class OidcProviderError(OidcError):
    """The provider refused, was unreachable or answered outside the protocol."""

    code = "oidc_provider"
    status = 502


class OidcDenied(OidcError):
    """The person cancelled at the provider (`access_denied`): not a failure of anything."""

    code = "denied"


class OidcTokenError(OidcError):
    """The ID token failed a check (signature, issuer, audience, time, nonce)."""

    code = "oidc_token"


_GENERIC_FAILURE = _("Không đăng nhập được bằng tài khoản định danh điện tử. Vui lòng thử lại.")


# --- configuration ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OidcConfig:
    issuer: str
    client_id: str
    client_secret: str
    scope: str = "openid"
    acr_values: str = "LoA1"
    token_auth_method: str = "client_secret_basic"  # noqa: S105 (a method name, not a secret)
    claims: ClaimNames = field(default_factory=ClaimNames)
    timeout: float = 10.0
    verify_tls: bool | str = True
    simulator: bool = False

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


def is_configured() -> bool:
    """Return whether national e-ID sign-in has an issuer and client credentials (to offer the button)."""
    return all(
        getattr(settings, name, "")
        for name in ("MOTCUA_OIDC_ISSUER", "MOTCUA_OIDC_CLIENT_ID", "MOTCUA_OIDC_CLIENT_SECRET")
    )


def load_config(*, origin: str) -> OidcConfig:
    """Return the relying-party configuration from settings (read when called, never at import).

    `origin` ("http://host:port" of the current request) resolves a relative issuer, which only the
    local provider simulator may use: it is served by this same site, on whatever address it runs.
    """
    simulator = bool(getattr(settings, "USE_OIDC_SIMULATOR", False))
    issuer = str(getattr(settings, "MOTCUA_OIDC_ISSUER", "") or "")
    client_id = str(getattr(settings, "MOTCUA_OIDC_CLIENT_ID", "") or "")
    client_secret = str(getattr(settings, "MOTCUA_OIDC_CLIENT_SECRET", "") or "")
    if not issuer or not client_id or not client_secret:
        raise OidcNotConfigured(
            _("Đăng nhập bằng tài khoản định danh điện tử chưa được cấu hình trên hệ thống này."),
            detail="MOTCUA_OIDC_ISSUER, MOTCUA_OIDC_CLIENT_ID and MOTCUA_OIDC_CLIENT_SECRET are required",
        )
    if issuer.startswith("/"):
        if not simulator:
            raise OidcNotConfigured(
                _("Đăng nhập bằng tài khoản định danh điện tử chưa được cấu hình trên hệ thống này."),
                detail="a relative MOTCUA_OIDC_ISSUER is allowed only with USE_OIDC_SIMULATOR",
            )
        issuer = origin.rstrip("/") + issuer
    elif not simulator and urlsplit(issuer).scheme != "https":
        raise OidcNotConfigured(
            _("Đăng nhập bằng tài khoản định danh điện tử chưa được cấu hình trên hệ thống này."),
            detail="MOTCUA_OIDC_ISSUER must be an https URL",
        )
    ca_bundle = str(getattr(settings, "MOTCUA_OIDC_CA_BUNDLE", "") or "")
    return OidcConfig(
        issuer=issuer,
        client_id=client_id,
        client_secret=client_secret,
        scope=str(getattr(settings, "MOTCUA_OIDC_SCOPE", "openid")),
        acr_values=str(getattr(settings, "MOTCUA_OIDC_ACR_VALUES", "LoA1")),
        token_auth_method=str(getattr(settings, "MOTCUA_OIDC_TOKEN_AUTH_METHOD", "client_secret_basic")),
        claims=ClaimNames(
            full_name=str(getattr(settings, "MOTCUA_OIDC_CLAIM_FULL_NAME", ClaimNames.full_name)),
            personal_id=str(getattr(settings, "MOTCUA_OIDC_CLAIM_PERSONAL_ID", ClaimNames.personal_id)),
            phone=str(getattr(settings, "MOTCUA_OIDC_CLAIM_PHONE", ClaimNames.phone)),
            email=str(getattr(settings, "MOTCUA_OIDC_CLAIM_EMAIL", ClaimNames.email)),
            birth_date=str(getattr(settings, "MOTCUA_OIDC_CLAIM_BIRTH_DATE", ClaimNames.birth_date)),
        ),
        timeout=float(getattr(settings, "MOTCUA_OIDC_TIMEOUT", 10)),
        verify_tls=ca_bundle or True,
        simulator=simulator,
    )


# --- provider metadata and keys (OpenID Connect Discovery 1.0) ---------------------------------


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str


_cache_lock = threading.Lock()
_metadata_cache: dict[str, tuple[float, ProviderMetadata]] = {}
_jwks_cache: dict[str, tuple[float, KeySet]] = {}


def clear_provider_cache() -> None:
    """Forget fetched discovery documents and keys (after a key rotation; in tests)."""
    with _cache_lock:
        _metadata_cache.clear()
        _jwks_cache.clear()


def _get_json(url: str, config: OidcConfig, *, what: str, headers: Mapping[str, str] | None = None) -> Any:
    try:
        response = requests.get(
            url,
            timeout=config.timeout,
            verify=config.verify_tls,
            headers={"Accept": "application/json", **(headers or {})},
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        raise OidcProviderError(_GENERIC_FAILURE, detail=f"{what}: {exc.__class__.__name__}") from exc
    if response.status_code != 200:
        raise OidcProviderError(_GENERIC_FAILURE, detail=f"{what}: HTTP {response.status_code}")
    try:
        return response.json()
    except ValueError as exc:
        raise OidcProviderError(_GENERIC_FAILURE, detail=f"{what}: not JSON") from exc


def provider_metadata(config: OidcConfig) -> ProviderMetadata:
    """Return the provider's discovery document, checked and cached for an hour."""
    now = time.monotonic()
    cached = _metadata_cache.get(config.discovery_url)
    if cached and now - cached[0] < METADATA_TTL_SECONDS:
        return cached[1]
    document = _get_json(config.discovery_url, config, what="discovery")
    if not isinstance(document, dict):
        raise OidcProviderError(_GENERIC_FAILURE, detail="discovery: not an object")
    # OpenID Connect Discovery 1.0 §4.3: the issuer in the document must be exactly the one configured.
    if document.get("issuer") != config.issuer:
        raise OidcProviderError(_GENERIC_FAILURE, detail="discovery: issuer differs from MOTCUA_OIDC_ISSUER")
    endpoints = {}
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint"):
        value = document.get(name)
        if name == "userinfo_endpoint" and not value:
            endpoints[name] = ""
            continue
        if not isinstance(value, str) or urlsplit(value).scheme not in {"https", "http"}:
            raise OidcProviderError(_GENERIC_FAILURE, detail=f"discovery: {name} missing")
        if not config.simulator and urlsplit(value).scheme != "https":
            raise OidcProviderError(_GENERIC_FAILURE, detail=f"discovery: {name} is not https")
        endpoints[name] = value
    algorithms = document.get("id_token_signing_alg_values_supported") or []
    if not set(ID_TOKEN_ALGORITHMS) & set(algorithms):
        raise OidcProviderError(
            _GENERIC_FAILURE, detail="discovery: provider does not sign ID tokens with RS256"
        )
    metadata = ProviderMetadata(issuer=config.issuer, **endpoints)
    with _cache_lock:
        _metadata_cache[config.discovery_url] = (now, metadata)
    return metadata


def provider_keys(config: OidcConfig, metadata: ProviderMetadata, *, refresh: bool = False) -> KeySet:
    """Return the provider's signing keys (JWKS), cached for an hour; `refresh` refetches them."""
    now = time.monotonic()
    cached = _jwks_cache.get(metadata.jwks_uri)
    if cached and not refresh and now - cached[0] < METADATA_TTL_SECONDS:
        return cached[1]
    document = _get_json(metadata.jwks_uri, config, what="jwks")
    try:
        keys = KeySet.import_key_set(document)
    except (JoseError, ValueError, TypeError, KeyError) as exc:
        raise OidcProviderError(_GENERIC_FAILURE, detail="jwks: unreadable key set") from exc
    with _cache_lock:
        _jwks_cache[metadata.jwks_uri] = (now, keys)
    return keys


# --- step 1: the authorization request ----------------------------------------------------------


def _pending_requests(session: MutableMapping[str, Any], now: float) -> dict[str, dict[str, Any]]:
    stored = session.get(SESSION_KEY)
    pending = stored if isinstance(stored, dict) else {}
    return {
        state: data
        for state, data in pending.items()
        if isinstance(data, dict) and now - float(data.get("issued_at", 0)) < PENDING_TTL_SECONDS
    }


def begin_authorization(
    *, session: MutableMapping[str, Any], config: OidcConfig, redirect_uri: str, next_url: str, now: float
) -> str:
    """Remember a new authorization request in the session and return the provider URL to go to."""
    metadata = provider_metadata(config)
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    code_verifier = secrets.token_urlsafe(64)  # 86 characters: RFC 7636 §4.1 asks for 43–128
    client = OAuth2Session(
        client_id=config.client_id,
        scope=config.scope,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
    )
    extra = {"acr_values": config.acr_values} if config.acr_values else {}
    url, _state = client.create_authorization_url(
        metadata.authorization_endpoint, state=state, nonce=nonce, code_verifier=code_verifier, **extra
    )
    pending = _pending_requests(session, now)
    pending[state] = {
        "nonce": nonce,
        "code_verifier": code_verifier,
        "redirect_uri": redirect_uri,
        "next": next_url,
        "issuer": config.issuer,
        "issued_at": now,
    }
    # A few sign-ins may be started in parallel tabs; keep only the most recent ones.
    newest = sorted(pending.items(), key=lambda item: float(item[1]["issued_at"]))[-MAX_PENDING:]
    session[SESSION_KEY] = dict(newest)
    log.info("oidc_authorization_started", issuer=config.issuer)
    return str(url)


# --- step 2: the callback -----------------------------------------------------------------------


@dataclass(frozen=True)
class VerifiedIdentity:
    issuer: str
    subject: str
    assurance_level: str
    claims: dict[str, Any]
    next_url: str


def take_pending_request(
    session: MutableMapping[str, Any], state: str | None, *, now: float
) -> dict[str, Any]:
    """Remove and return the pending request of `state`; refuse a missing, unknown or used one."""
    stored = session.get(SESSION_KEY)
    pending = stored if isinstance(stored, dict) else {}
    data = pending.pop(state, None) if state else None
    session[SESSION_KEY] = pending
    if not isinstance(data, dict):
        raise OidcStateError(
            _("Phiên đăng nhập không hợp lệ hoặc đã được dùng. Vui lòng bắt đầu đăng nhập lại."),
            detail="unknown, replayed or missing state",
        )
    if now - float(data.get("issued_at", 0)) >= PENDING_TTL_SECONDS:
        raise OidcStateError(
            _("Phiên đăng nhập đã hết hạn. Vui lòng bắt đầu đăng nhập lại."), detail="expired state"
        )
    return data


def complete_authorization(
    *, session: MutableMapping[str, Any], config: OidcConfig, params: Mapping[str, str], now: float
) -> VerifiedIdentity:
    """Check the provider's answer, redeem the code and return the verified identity and claims."""
    pending = take_pending_request(session, params.get("state"), now=now)
    if pending.get("issuer") != config.issuer:
        raise OidcStateError(_GENERIC_FAILURE, detail="state was issued for another issuer")
    error = params.get("error")
    if error:
        if error == "access_denied":
            raise OidcDenied(
                _("Bạn đã hủy đăng nhập bằng tài khoản định danh điện tử."), detail="access_denied"
            )
        raise OidcProviderError(_GENERIC_FAILURE, detail=f"authorization error: {error[:64]}")
    code = params.get("code")
    if not code:
        raise OidcProviderError(_GENERIC_FAILURE, detail="callback without code")
    # RFC 9207: when the provider names itself in the response, it must be the expected one.
    if params.get("iss") and params.get("iss") != config.issuer:
        raise OidcProviderError(_GENERIC_FAILURE, detail="callback iss differs (mix-up)")

    metadata = provider_metadata(config)
    token = _redeem_code(config, metadata, code=code, pending=pending)
    id_token = token.get("id_token")
    access_token = token.get("access_token")
    if not isinstance(id_token, str) or not isinstance(access_token, str):
        raise OidcProviderError(_GENERIC_FAILURE, detail="token response without id_token or access_token")
    claims = validate_id_token(
        id_token,
        issuer=config.issuer,
        client_id=config.client_id,
        nonce=str(pending["nonce"]),
        now=int(now),
        keys=lambda refresh: provider_keys(config, metadata, refresh=refresh),
        access_token=access_token,
    )
    merged = dict(claims)
    if metadata.userinfo_endpoint:
        userinfo = _get_json(
            metadata.userinfo_endpoint,
            config,
            what="userinfo",
            headers={"Authorization": f"Bearer {access_token}"},
        )
        if not isinstance(userinfo, dict) or userinfo.get("sub") != claims["sub"]:
            # OIDC Core §5.3.2: a userinfo response about someone else must not be used.
            raise OidcProviderError(_GENERIC_FAILURE, detail="userinfo sub differs from the ID token")
        merged = {**userinfo, **claims}
    log.info("oidc_authorization_completed", issuer=config.issuer, acr=claims.get("acr", ""))
    return VerifiedIdentity(
        issuer=config.issuer,
        subject=str(claims["sub"]),
        assurance_level=str(claims.get("acr", "") or "")[:32],
        claims=merged,
        next_url=str(pending.get("next", "")),
    )


def _redeem_code(
    config: OidcConfig, metadata: ProviderMetadata, *, code: str, pending: Mapping[str, Any]
) -> dict[str, Any]:
    client = OAuth2Session(
        client_id=config.client_id,
        client_secret=config.client_secret,
        token_endpoint_auth_method=config.token_auth_method,
        redirect_uri=str(pending["redirect_uri"]),
    )
    try:
        with client:
            token = client.fetch_token(
                metadata.token_endpoint,
                grant_type="authorization_code",
                code=code,
                code_verifier=str(pending["code_verifier"]),
                timeout=config.timeout,
                verify=config.verify_tls,
                allow_redirects=False,
            )
    except OAuthError as exc:
        raise OidcProviderError(_GENERIC_FAILURE, detail=f"token endpoint: {exc.error}") from exc
    except (requests.RequestException, ValueError) as exc:
        raise OidcProviderError(_GENERIC_FAILURE, detail=f"token endpoint: {exc.__class__.__name__}") from exc
    return dict(token)


def validate_id_token(
    id_token: str,
    *,
    issuer: str,
    client_id: str,
    nonce: str,
    now: int,
    keys: Callable[[bool], KeySet],
    access_token: str | None = None,
    leeway: int = CLOCK_LEEWAY_SECONDS,
) -> dict[str, Any]:
    """Return the claims of an ID token that passes every check of OIDC Core 1.0 §3.1.3.7.

    The signature must be RS256 by a key of the provider's JWKS (`keys(refresh)`: on an unknown
    key id the set is fetched again once, for key rotation); then `iss` equals the issuer, `aud`
    contains the client id (and `azp` is the client when there are several audiences), `exp` is in
    the future and `iat` not in the future (with `leeway` seconds of clock skew), `nonce` equals the
    one sent, and `at_hash`, when present, matches the access token.
    """
    try:
        try:
            token = jwt.decode(id_token, keys(False), algorithms=list(ID_TOKEN_ALGORITHMS))
        except InvalidKeyIdError:
            token = jwt.decode(id_token, keys(True), algorithms=list(ID_TOKEN_ALGORITHMS))
    except BadSignatureError as exc:
        raise OidcTokenError(
            _GENERIC_FAILURE, detail="id_token: bad signature", code="bad_signature"
        ) from exc
    except InvalidKeyIdError as exc:
        raise OidcTokenError(
            _GENERIC_FAILURE, detail="id_token: unknown key id", code="bad_signature"
        ) from exc
    except (JoseError, ValueError, TypeError) as exc:
        raise OidcTokenError(
            _GENERIC_FAILURE, detail=f"id_token: unreadable ({exc.__class__.__name__})", code="malformed"
        ) from exc

    params: dict[str, Any] = {"nonce": nonce, "client_id": client_id}
    if access_token:
        params["access_token"] = access_token
    claims = CodeIDToken(
        token.claims,
        token.header,
        {"iss": {"essential": True, "value": issuer}, "aud": {"essential": True, "value": client_id}},
        params,
    )
    try:
        claims.validate(now=now, leeway=leeway)
    except ExpiredTokenError as exc:
        raise OidcTokenError(_GENERIC_FAILURE, detail="id_token: expired", code="expired") from exc
    except MissingClaimError as exc:
        raise OidcTokenError(
            _GENERIC_FAILURE, detail=f"id_token: missing {exc.description}", code="missing_claim"
        ) from exc
    except InvalidClaimError as exc:
        claim = str(getattr(exc, "claim", "") or "")
        reason = {"iss": "wrong_issuer", "aud": "wrong_audience", "nonce": "nonce_mismatch"}.get(
            claim, "invalid_claim"
        )
        raise OidcTokenError(_GENERIC_FAILURE, detail=f"id_token: invalid {claim}", code=reason) from exc
    except JoseError as exc:
        raise OidcTokenError(_GENERIC_FAILURE, detail=f"id_token: {exc.error}", code="invalid_claim") from exc
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise OidcTokenError(_GENERIC_FAILURE, detail="id_token: empty sub", code="missing_claim")
    return dict(claims)
