"""Staff pages for signing results: one dossier from its page, many at once, and the signed files.

Each view parses, fetches through a scoped selector, calls one service (`dossiers.results`) and
renders. The PIN is passed to the service and never stored or logged.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from motcua.core.errors import DomainError, NotAllowed
from motcua.documents.models import DataAccess, ElectronicResult, SigningKey
from motcua.documents.services import get_signing_key, record_data_access
from motcua.dossiers import results
from motcua.dossiers.models import Dossier

from .views import _chosen_step, _dossier_or_404, _expected_version, staff_required

PIN_MAX = 128


def _pin(request: HttpRequest) -> str:
    return request.POST.get("pin", "")[:PIN_MAX]


@require_POST
@staff_required
def sign(request: HttpRequest, code: str) -> HttpResponse:
    """Sign and issue the result of one dossier (the form on the dossier page)."""
    dossier = _dossier_or_404(request, code)
    try:
        issued = results.sign_and_issue(
            dossier=dossier,
            actor=request.user,
            pin=_pin(request),
            at=timezone.now(),
            expected_version=_expected_version(request),
            note=request.POST.get("note", "")[:2000],
            to_step=_chosen_step(request),
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _(
                "Đã ký số và ban hành kết quả, mã số giấy tờ %(document)s. "
                "Hồ sơ đã chuyển sang bước: %(step)s."
            )
            % {
                "document": issued.result.document_code,
                "step": issued.dossier.current_step.name if issued.dossier.current_step else "—",
            },
        )
    return redirect("workspace:dossier", code=code)


@staff_required
def result_file(request: HttpRequest, code: str, document_code: str) -> FileResponse:
    """Download a signed result of a dossier the officer may see."""
    dossier = _dossier_or_404(request, code)
    try:
        result = results.get_dossier_result(dossier=dossier, document_code=document_code)
    except ElectronicResult.DoesNotExist as exc:
        raise Http404 from exc
    # the result is in its holder's data store: the holder sees who opened it
    record_data_access(
        stored_file=result.file,
        holder_id=result.holder_id,
        actor=request.user,
        purpose=DataAccess.Purpose.DOSSIER,
        at=timezone.now(),
        dossier_code=dossier.code,
        agency_id=dossier.competent_agency_id,
    )
    return FileResponse(
        result.file.file.open("rb"), content_type="application/pdf", filename=f"{result.document_code}.pdf"
    )


def _keys_for(user: Any, dossiers: list[Dossier]) -> tuple[list[SigningKey], list[str]]:
    """Return the keys the officer will sign with, and the agencies where they have none."""
    keys: dict[int, SigningKey] = {}
    missing: list[str] = []
    agencies = {d.competent_agency_id: d.competent_agency for d in dossiers}
    for agency in agencies.values():
        try:
            key = get_signing_key(agency=agency, signer=user)
        except NotAllowed:
            missing.append(agency.name)
        else:
            keys[key.pk] = key
    return list(keys.values()), missing


def _posted_version(request: HttpRequest, pk: int) -> int | None:
    value = request.POST.get(f"v-{pk}", "")
    return int(value) if value.isdigit() else None


def _selected_ids(request: HttpRequest) -> list[int]:
    # bounded input; the service refuses more than MAX_BATCH and says how many were chosen
    return [int(v) for v in request.POST.getlist("ho_so")[:500] if v.isdigit()]


@require_http_methods(["GET", "POST"])
@staff_required
def batch(request: HttpRequest) -> HttpResponse:
    """List the dossiers waiting for the officer's signature; sign the chosen ones with one PIN."""
    user = request.user
    selected: set[int] = set()
    if request.method == "POST":
        ids = _selected_ids(request)
        selected = set(ids)
        chosen = list(Dossier.objects.visible_to(user).filter(pk__in=ids))
        versions = {d.pk: v for d in chosen if (v := _posted_version(request, d.pk)) is not None}
        try:
            if len(chosen) != len(set(ids)):
                raise NotAllowed(_("Không tìm thấy một số hồ sơ đã chọn. Vui lòng tải lại trang."))
            issued = results.sign_and_issue_many(
                dossiers=chosen, actor=user, pin=_pin(request), at=timezone.now(), expected_versions=versions
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request,
                ngettext(
                    "Đã ký số và ban hành %(n)d kết quả: %(codes)s.",
                    "Đã ký số và ban hành %(n)d kết quả: %(codes)s.",
                    len(issued),
                )
                % {"n": len(issued), "codes": ", ".join(i.dossier.code for i in issued)},
            )
            return redirect("workspace:signing-batch")
    waiting = list(results.list_awaiting_signature(user=user))
    keys, missing = _keys_for(user, waiting)
    return render(
        request,
        "workspace/signing_batch.html",
        {
            "waiting": waiting,
            "selected": selected,
            "keys": keys,
            "missing_keys": missing,
            "max_batch": results.MAX_BATCH,
            "now": timezone.now(),
        },
    )
