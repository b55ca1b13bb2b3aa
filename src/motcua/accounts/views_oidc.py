"""Pages of the national e-ID sign-in: start (to the provider) and callback (back from it).

The protocol lives in `accounts.oidc`, the account rules in `accounts.external_identity`; these views
only read the request, call them, and sign the citizen in. A failure shows a short Vietnamese
explanation and a way back, never a stack trace; the technical reason goes to the log.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

import structlog

from motcua.core.errors import DomainError, NotAllowed

from .external_identity import sign_in_with_external_identity
from .oidc import OidcError, begin_authorization, complete_authorization, load_config
from .oidc_claims import map_claims

log = structlog.get_logger(__name__)

SIGN_IN_METHOD_SESSION_KEY = "motcua_sign_in_method"


def _origin(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _redirect_uri(request: HttpRequest) -> str:
    # The redirect URI registered with the provider must match exactly; production pins it.
    configured = str(getattr(settings, "MOTCUA_OIDC_REDIRECT_URI", "") or "")
    return configured or request.build_absolute_uri(reverse("oidc:callback"))


def _safe_next(request: HttpRequest, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


def _failure(request: HttpRequest, exc: DomainError) -> HttpResponse:
    detail = getattr(exc, "detail", "")
    log.warning("oidc_sign_in_failed", code=exc.code, detail=detail)
    if isinstance(exc, OidcError):
        status = exc.status
    elif isinstance(exc, NotAllowed):
        status = 403
    else:
        status = 400
    return render(request, "accounts/oidc_error.html", {"message": exc.message}, status=status)


@never_cache
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """Send the browser to the national e-ID provider's sign-in page."""
    next_url = _safe_next(request, request.GET.get("next", ""))
    if request.user.is_authenticated:
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    try:
        config = load_config(origin=_origin(request))
        url = begin_authorization(
            session=request.session,
            config=config,
            redirect_uri=_redirect_uri(request),
            next_url=next_url,
            now=time.time(),
        )
    except OidcError as exc:
        return _failure(request, exc)
    return HttpResponseRedirect(url)


@never_cache
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """Finish the sign-in the provider sent the browser back from."""
    try:
        config = load_config(origin=_origin(request))
        identity = complete_authorization(
            session=request.session, config=config, params=request.GET.dict(), now=time.time()
        )
        profile = map_claims(identity.claims, config.claims)
        user = sign_in_with_external_identity(
            issuer=identity.issuer,
            subject=identity.subject,
            profile=profile,
            assurance_level=identity.assurance_level,
            at=timezone.now(),
        )
    except DomainError as exc:
        return _failure(request, exc)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SIGN_IN_METHOD_SESSION_KEY] = "vneid"
    return redirect(_safe_next(request, identity.next_url) or settings.LOGIN_REDIRECT_URL)
