"""The simulator's endpoints: discovery, authorize, token, userinfo and jwks (OpenID Connect Core 1.0).

Paths follow WSO2 Identity Server, which the national SSO's login pages (`/authenticationendpoint/`)
suggest it runs: `/oauth2/authorize`, `/oauth2/token`, `/oauth2/userinfo`, `/oauth2/jwks`, and the
issuer is the token endpoint URL with the discovery document under it. The provider is strict where
the specifications allow it to be (PKCE S256 required, exact redirect URIs, single-use codes), so a
relying party that passes here has done every check a strict provider can ask for.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import unquote, urlencode

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from joserfc import jwt

from . import identities, keys
from .store import STORE, CodeReused

ID_TOKEN_TTL_SECONDS = 300
AUTHORIZE_REQUEST_MAX_AGE = 600
_SALT = "motcua.integrations.oidc_provider.authorize"
_CHALLENGE = re.compile(r"^[A-Za-z0-9_-]{43}$")
_VERIFIER = re.compile(r"^[A-Za-z0-9._~-]{43,128}$")
_LEVELS = {"LoA1": 1, "LoA2": 2}
CLAIMS_SUPPORTED = (
    "sub iss aud exp iat auth_time nonce acr amr azp at_hash "
    "name so_dinh_danh birthdate gender phone_number email"
)

View = Callable[..., HttpResponse]


def simulator_only(view: View) -> View:
    """Answer 404 unless USE_OIDC_SIMULATOR is on, even if the URLs were mounted by mistake."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(settings, "USE_OIDC_SIMULATOR", False):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@dataclass(frozen=True)
class Client:
    client_id: str
    secret: str
    redirect_uris: tuple[str, ...]


def registered_clients() -> dict[str, Client]:
    """Return the relying parties this provider knows.

    `MOTCUA_OIDC_SIMULATOR_CLIENTS` ({client_id: {"secret": …, "redirect_uris": […]}}) when set;
    otherwise the one client MộtCửa itself is configured as (MOTCUA_OIDC_CLIENT_ID / _SECRET) with
    its callback path. A redirect URI given as a path ("/tai-khoan/vneid/ve/") means that path on the
    simulator's own address (the demo and the test server run on ports not known in advance); the
    real provider registers full URIs.
    """
    configured = getattr(settings, "MOTCUA_OIDC_SIMULATOR_CLIENTS", None)
    if configured:
        return {
            client_id: Client(client_id, str(spec["secret"]), tuple(spec["redirect_uris"]))
            for client_id, spec in configured.items()
        }
    client_id = str(getattr(settings, "MOTCUA_OIDC_CLIENT_ID", "") or "")
    secret = str(getattr(settings, "MOTCUA_OIDC_CLIENT_SECRET", "") or "")
    if not client_id or not secret:
        return {}
    return {client_id: Client(client_id, secret, ("/tai-khoan/vneid/ve/",))}


def _redirect_allowed(request: HttpRequest, client: Client, redirect_uri: str) -> bool:
    for registered in client.redirect_uris:
        expected = request.build_absolute_uri(registered) if registered.startswith("/") else registered
        if redirect_uri == expected:
            return True
    return False


def issuer(request: HttpRequest) -> str:
    """Return this provider's issuer identifier: the token endpoint URL, as WSO2 does."""
    return request.build_absolute_uri(reverse("oidc_provider:token"))


def _json(data: dict[str, Any], *, status: int = 200, headers: dict[str, str] | None = None) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _with_params(uri: str, params: dict[str, str]) -> str:
    return uri + ("&" if "?" in uri else "?") + urlencode({k: v for k, v in params.items() if v})


def _error_page(request: HttpRequest, message: str, *, status: int = 400) -> HttpResponse:
    return render(request, "oidc_provider/error.html", {"message": message}, status=status)


@simulator_only
@require_GET
def discovery(request: HttpRequest) -> HttpResponse:
    """Serve the OpenID Provider metadata (OpenID Connect Discovery 1.0 §3)."""
    return _json(
        {
            "issuer": issuer(request),
            "authorization_endpoint": request.build_absolute_uri(reverse("oidc_provider:authorize")),
            "token_endpoint": issuer(request),
            "userinfo_endpoint": request.build_absolute_uri(reverse("oidc_provider:userinfo")),
            "jwks_uri": request.build_absolute_uri(reverse("oidc_provider:jwks")),
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "acr_values_supported": list(_LEVELS),
            "claims_supported": CLAIMS_SUPPORTED.split(),
            "authorization_response_iss_parameter_supported": True,
        }
    )


@simulator_only
@require_GET
def jwks(request: HttpRequest) -> HttpResponse:
    """Serve the public signing keys (RFC 7517)."""
    return _json(keys.public_jwks())


def _required_level(acr_values: str) -> int:
    levels = [_LEVELS[value] for value in acr_values.split() if value in _LEVELS]
    return min(levels) if levels else 1


@simulator_only
@never_cache
@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest) -> HttpResponse:
    """Show the demo identities to choose from, then send the browser back with a code."""
    if request.method == "POST":
        return _authorize_decision(request)
    params = request.GET
    client = registered_clients().get(params.get("client_id", ""))
    redirect_uri = params.get("redirect_uri", "")
    # RFC 6749 §4.1.2.1: never redirect to an unverified client or address; say so here instead.
    if client is None or not _redirect_allowed(request, client, redirect_uri):
        return _error_page(
            request, _("Ứng dụng hoặc địa chỉ quay lại chưa được đăng ký với hệ thống xác thực.")
        )
    state = params.get("state", "")

    def refuse(error: str, description: str) -> HttpResponse:
        return HttpResponseRedirect(
            _with_params(
                redirect_uri,
                {"error": error, "error_description": description, "state": state, "iss": issuer(request)},
            )
        )

    if params.get("response_type") != "code":
        return refuse("unsupported_response_type", "only the authorization code flow is supported")
    scope = params.get("scope", "")
    if "openid" not in scope.split():
        return refuse("invalid_scope", "scope must include openid")
    challenge = params.get("code_challenge", "")
    if params.get("code_challenge_method") != "S256" or not _CHALLENGE.match(challenge):
        return refuse("invalid_request", "PKCE with code_challenge_method=S256 is required")
    acr_values = params.get("acr_values", "")
    request_blob = signing.dumps(
        {
            "client_id": client.client_id,
            "redirect_uri": redirect_uri,
            "scope": scope,
            "state": state,
            "nonce": params.get("nonce", ""),
            "code_challenge": challenge,
            "acr_values": acr_values,
        },
        salt=_SALT,
    )
    required = _required_level(acr_values)
    people = [
        {"identity": identity, "eligible": _LEVELS.get(identity.level, 1) >= required}
        for identity in identities.all_identities()
    ]
    return render(
        request,
        "oidc_provider/authorize.html",
        {
            "people": people,
            "client_id": client.client_id,
            "request_blob": request_blob,
            "acr_values": acr_values,
        },
    )


def _authorize_decision(request: HttpRequest) -> HttpResponse:
    try:
        params = signing.loads(request.POST.get("request", ""), salt=_SALT, max_age=AUTHORIZE_REQUEST_MAX_AGE)
    except signing.BadSignature:
        return _error_page(
            request, _("Yêu cầu xác thực không hợp lệ hoặc đã hết hạn. Vui lòng quay lại ứng dụng.")
        )
    client = registered_clients().get(params["client_id"])
    if client is None or not _redirect_allowed(request, client, params["redirect_uri"]):
        return _error_page(
            request, _("Ứng dụng hoặc địa chỉ quay lại chưa được đăng ký với hệ thống xác thực.")
        )
    answer = {"state": params["state"], "iss": issuer(request)}
    if "deny" in request.POST:
        answer |= {"error": "access_denied", "error_description": "the user cancelled"}
        return HttpResponseRedirect(_with_params(params["redirect_uri"], answer))
    identity = identities.find(request.POST.get("subject", ""))
    if identity is None or _LEVELS.get(identity.level, 1) < _required_level(params["acr_values"]):
        return _error_page(request, _("Danh tính đã chọn không dùng được cho yêu cầu này."))
    code = STORE.issue_code(
        client_id=client.client_id,
        redirect_uri=params["redirect_uri"],
        subject=identity.subject,
        scope=params["scope"],
        nonce=params["nonce"],
        code_challenge=params["code_challenge"],
        acr=identity.level,
        now=time.time(),
    )
    return HttpResponseRedirect(_with_params(params["redirect_uri"], answer | {"code": code}))


def _token_error(error: str, description: str, *, status: int = 400, basic: bool = False) -> HttpResponse:
    headers = {"WWW-Authenticate": 'Basic realm="oidc-simulator"'} if basic and status == 401 else None
    return _json({"error": error, "error_description": description}, status=status, headers=headers)


def _client_from_request(request: HttpRequest) -> tuple[Client | None, str, bool]:
    """Authenticate the client (RFC 6749 §2.3.1); return (client, error description, used Basic)."""
    header = request.headers.get("Authorization", "")
    body_id = request.POST.get("client_id", "")
    body_secret = request.POST.get("client_secret", "")
    clients = registered_clients()
    if header.startswith("Basic "):
        if body_secret:
            return None, "use one client authentication method", True
        try:
            decoded = base64.b64decode(header[6:], validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None, "malformed Basic credentials", True
        raw_id, _sep, raw_secret = decoded.partition(":")
        client = clients.get(raw_id) or clients.get(unquote(raw_id))
        secrets = {raw_secret, unquote(raw_secret)}
        if client is None or not any(hmac.compare_digest(client.secret, s) for s in secrets):
            return None, "client authentication failed", True
        if body_id and body_id != client.client_id:
            return None, "client_id differs from the authenticated client", True
        return client, "", True
    client = clients.get(body_id)
    if client is None or not body_secret or not hmac.compare_digest(client.secret, body_secret):
        return None, "client authentication failed", False
    return client, "", False


def _s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).decode().rstrip("=")


def _half_hash(value: str) -> str:
    digest = hashlib.sha256(value.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest[: len(digest) // 2]).decode().rstrip("=")


@simulator_only
@csrf_exempt
@require_POST
def token(request: HttpRequest) -> HttpResponse:
    """Redeem an authorization code for an access token and an RS256-signed ID token."""
    client, problem, basic = _client_from_request(request)
    if client is None:
        return _token_error("invalid_client", problem, status=401, basic=basic)
    if request.POST.get("grant_type") != "authorization_code":
        return _token_error("unsupported_grant_type", "only authorization_code is supported")
    now = time.time()
    try:
        record = STORE.redeem_code(request.POST.get("code", ""), now=now)
    except CodeReused:
        return _token_error("invalid_grant", "the code was already used; its tokens are revoked")
    if record is None:
        return _token_error("invalid_grant", "unknown or expired code")
    if record.client_id != client.client_id:
        return _token_error("invalid_grant", "the code was issued to another client")
    if request.POST.get("redirect_uri", "") != record.redirect_uri:
        return _token_error("invalid_grant", "redirect_uri differs from the authorization request")
    verifier = request.POST.get("code_verifier", "")
    if not verifier:
        return _token_error("invalid_grant", "code_verifier is required (PKCE)")
    if not _VERIFIER.match(verifier) or not hmac.compare_digest(_s256(verifier), record.code_challenge):
        return _token_error("invalid_grant", "code_verifier does not match the code_challenge")
    identity = identities.find(record.subject)
    if identity is None:
        return _token_error("invalid_grant", "the person is no longer known")

    access = STORE.issue_access_token(record, now=now)
    claims: dict[str, Any] = {
        "iss": issuer(request),
        "sub": identity.subject,
        "aud": client.client_id,
        "azp": client.client_id,
        "exp": int(now) + ID_TOKEN_TTL_SECONDS,
        "iat": int(now),
        "auth_time": record.auth_time,
        "acr": record.acr,
        "amr": ["vneid"],
        "at_hash": _half_hash(access.token),
    }
    if record.nonce:
        claims["nonce"] = record.nonce
    key = keys.signing_key()
    id_token = jwt.encode({"alg": "RS256", "typ": "JWT", "kid": key.kid}, claims, key)
    return _json(
        {
            "access_token": access.token,
            "token_type": "Bearer",
            "expires_in": int(access.expires_at - now),
            "scope": record.scope,
            "id_token": id_token,
        }
    )


@simulator_only
@csrf_exempt
@require_http_methods(["GET", "POST"])
def userinfo(request: HttpRequest) -> HttpResponse:
    """Return the signed-in person's claims to a bearer of a valid access token (OIDC Core §5.3)."""
    header = request.headers.get("Authorization", "")
    presented = header[7:].strip() if header.startswith("Bearer ") else ""
    access = STORE.access_token(presented, now=time.time()) if presented else None
    identity = identities.find(access.subject) if access else None
    if identity is None:
        return _json(
            {"error": "invalid_token", "error_description": "missing, unknown or expired access token"},
            status=401,
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return _json(identity.claims())
