"""Rating a finished dossier: by the signed-in applicant, or at the service centre's kiosk."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.core.ratelimit import allow, client_address
from motcua.dossiers import selectors as dossiers
from motcua.dossiers.models import Dossier
from motcua.dossiers.transitions import DossierStatus
from motcua.feedback.models import Criterion, Level, Rating
from motcua.feedback.services import rate_dossier

RATEABLE = (DossierStatus.RESOLVED, DossierStatus.RETURNED)


def _scores(request: HttpRequest) -> dict[str, str]:
    return {c.value: request.POST.get(c.value, "") for c in Criterion if request.POST.get(c.value)}


def _context(dossier: Dossier, **extra: object) -> dict[str, object]:
    return {"dossier": dossier, "criteria": list(Criterion), "levels": list(Level), **extra}


def _save(request: HttpRequest, dossier: Dossier, channel: str) -> bool:
    try:
        rate_dossier(
            dossier_id=dossier.pk,
            agency_id=dossier.competent_agency_id,
            scores=_scores(request),
            comment=request.POST.get("comment", ""),
            channel=channel,
            at=timezone.now(),
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return False
    return True


@login_required
def rate_my_dossier(request: HttpRequest, code: str) -> HttpResponse:
    """The applicant rates their own dossier once it has its result (Decree 118 Art 33)."""
    try:
        dossier = dossiers.get_dossier_for_user(user=request.user, code=code)
    except Dossier.DoesNotExist as exc:
        raise Http404 from exc
    if dossier.applicant_id != request.user.pk or dossier.status not in RATEABLE:
        raise Http404
    if Rating.objects.filter(dossier=dossier).exists():
        messages.info(request, _("Bạn đã đánh giá hồ sơ này. Cảm ơn bạn!"))
        return redirect("portal:my-dossier", code=code)
    if request.method == "POST" and _save(request, dossier, Rating.Channel.PORTAL):
        messages.success(request, _("Cảm ơn bạn đã đánh giá."))
        return redirect("portal:my-dossier", code=code)
    return render(request, "portal/rate.html", _context(dossier, action=request.path))


def kiosk(request: HttpRequest) -> HttpResponse:
    """The rating kiosk at a service centre: dossier code and the phone's last four digits."""
    code = (request.POST.get("ma") or request.GET.get("ma") or "").strip()[:60]
    last4 = (request.POST.get("phone_last4") or request.GET.get("phone_last4") or "").strip()[:4]
    if not code:
        return render(request, "portal/kiosk.html", {})
    if not allow(
        scope="kiosk", key=client_address(request), per_minute=settings.MOTCUA_LOOKUP_RATE_PER_MINUTE
    ):
        return render(request, "portal/too_many.html", status=429)
    dossier = Dossier.objects.filter(code=code, status__in=RATEABLE).first()
    owner = dossier is not None and len(last4) == 4 and dossier.applicant_phone.endswith(last4)
    if dossier is None or not owner:
        messages.error(request, _("Không tìm thấy hồ sơ đã có kết quả với mã và số điện thoại này."))
        return render(request, "portal/kiosk.html", {"code": code})
    if Rating.objects.filter(dossier=dossier).exists():
        messages.info(request, _("Hồ sơ này đã được đánh giá. Cảm ơn ông/bà!"))
        return redirect("portal:kiosk")
    if (
        request.method == "POST"
        and "overall_check" in request.POST
        and _save(request, dossier, Rating.Channel.KIOSK)
    ):
        messages.success(request, _("Cảm ơn ông/bà đã đánh giá."))
        return redirect("portal:kiosk")
    return render(
        request,
        "portal/rate.html",
        _context(dossier, action=request.path, kiosk=True, code=code, last4=last4),
    )
