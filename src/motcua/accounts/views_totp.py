"""Staff two-factor pages: sign-in with a code after the password, and turning the code on and off.

`TwoFactorLoginView` replaces Django's `LoginView` at /tai-khoan/dang-nhap/ (and offers the national
e-ID button when that sign-in is configured): for a staff member
with a confirmed authenticator it does not sign in after the password but keeps a pending sign-in
(user, backend, where to go next, when) in the session for five minutes; `verify` signs in once the
code is right. The rules are in `accounts.two_factor`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

import segno

from motcua.core.errors import DomainError

from . import oidc, two_factor
from .models import User

PENDING_SESSION_KEY = "motcua_2fa_pending"
PENDING_TTL_SECONDS = 300


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Mã xác thực (6 chữ số)"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        ),
    )


@dataclass(frozen=True)
class PendingSignIn:
    user_id: int
    backend: str
    next_url: str


def _read_pending(request: HttpRequest, now: float) -> PendingSignIn | None:
    data = request.session.get(PENDING_SESSION_KEY)
    if not isinstance(data, dict) or now - float(data.get("started_at", 0)) >= PENDING_TTL_SECONDS:
        return None
    return PendingSignIn(
        user_id=int(data["user_id"]), backend=str(data["backend"]), next_url=str(data["next"])
    )


class TwoFactorLoginView(LoginView):
    """Django's sign-in page; staff with an authenticator continue to the code page first."""

    template_name = "accounts/login.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["national_sign_in"] = oidc.is_configured()
        return context

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if isinstance(user, User) and two_factor.requires_totp(user):
            self.request.session.cycle_key()
            self.request.session[PENDING_SESSION_KEY] = {
                "user_id": user.pk,
                "backend": getattr(user, "backend", "django.contrib.auth.backends.ModelBackend"),
                "next": self.get_success_url(),
                "started_at": time.time(),
            }
            return redirect("totp:verify")
        return super().form_valid(form)


@sensitive_post_parameters("code")
@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for the authenticator code that completes a staff sign-in."""
    pending = _read_pending(request, time.time())
    user = User.objects.filter(pk=pending.user_id, is_active=True).first() if pending else None
    if pending is None or user is None:
        request.session.pop(PENDING_SESSION_KEY, None)
        messages.error(request, _("Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại."))
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.verify_totp(user=user, code=form.cleaned_data["code"], at=timezone.now())
        except DomainError as exc:
            form.add_error("code", str(exc.message))
        else:
            request.session.pop(PENDING_SESSION_KEY, None)
            login(request, user, backend=pending.backend)
            next_url = pending.next_url
            if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                next_url = settings.LOGIN_REDIRECT_URL
            return redirect(next_url)
    return render(request, "accounts/totp_verify.html", {"form": form})


def _staff(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not two_factor.can_use_two_factor(user):
        raise Http404
    return user


def _qr_svg(uri: str) -> SafeString:
    # segno writes the SVG itself from our own otpauth URI; nothing user-typed reaches the markup.
    svg = mark_safe(segno.make(uri, error="m").svg_inline(scale=5, border=2))  # noqa: S308
    return format_html(
        '<div role="img" aria-label="{}">{}</div>', _("Mã QR để thêm vào ứng dụng xác thực"), svg
    )


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
@never_cache
def security(request: HttpRequest) -> HttpResponse:
    """Show whether two-factor sign-in is on; start turning it on."""
    user = _staff(request)
    if request.method == "POST":
        try:
            two_factor.start_totp_enrolment(user=user, issuer=settings.MOTCUA_SITE_NAME, at=timezone.now())
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return redirect("totp:security")
        return redirect("totp:setup")
    context: dict[str, Any] = {
        "device": two_factor.confirmed_device(user),
        "form": CodeForm(),
    }
    return render(request, "accounts/totp_security.html", context)


@sensitive_post_parameters("code")
@login_required
@never_cache
def setup(request: HttpRequest) -> HttpResponse:
    """Show the QR code and secret, then confirm with a first code."""
    user = _staff(request)
    enrolment = two_factor.enrolment_for(user=user, issuer=settings.MOTCUA_SITE_NAME)
    if enrolment is None:
        return redirect("totp:security")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.confirm_totp_enrolment(user=user, code=form.cleaned_data["code"], at=timezone.now())
        except DomainError as exc:
            form.add_error("code", str(exc.message))
        else:
            messages.success(
                request, _("Đã bật xác thực hai bước. Từ lần đăng nhập sau, hệ thống sẽ hỏi mã.")
            )
            return redirect("totp:security")
    context = {"form": form, "qr": _qr_svg(enrolment.uri), "secret": _grouped(enrolment.device.secret)}
    return render(request, "accounts/totp_setup.html", context)


@sensitive_post_parameters("code")
@login_required
@require_POST
def disable(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in off with a current code."""
    user = _staff(request)
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            two_factor.disable_totp(user=user, code=form.cleaned_data["code"], at=timezone.now())
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Đã tắt xác thực hai bước."))
    else:
        messages.error(request, _("Vui lòng nhập mã xác thực."))
    return redirect("totp:security")
