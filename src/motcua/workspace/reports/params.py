"""The report pages' wrapper: staff only, the selection parsed once, errors shown in Vietnamese."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.core.errors import InvalidInput, NotAllowed
from motcua.reports import scope as sc
from motcua.reports.selection import Selection, parse_selection
from motcua.workspace.views import staff_required

__all__ = ["Selection", "report_view"]


def report_view(
    template_on_error: str = "workspace/reports/error.html", *, by_place_of_reception: bool = False
) -> Callable[..., Any]:
    """Wrap a report view: staff only; no scope → 403 page; bad input → 400 page; unknown unit → 404.

    `by_place_of_reception`: the view counts dossiers, so it accepts ``noi_nhan`` (`parse_selection`).
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., Any]:
        @staff_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                selection = parse_selection(
                    user=request.user,
                    query=request.GET,
                    today=timezone.localdate(),
                    now=timezone.now(),
                    by_place_of_reception=by_place_of_reception,
                )
            except NotAllowed as exc:
                return render(request, "workspace/reports/denied.html", {"message": exc.message}, status=403)
            except InvalidInput as exc:
                return render(
                    request,
                    template_on_error,
                    {"message": exc.message, "field": exc.field, "today": timezone.localdate()},
                    status=400,
                )
            except sc.UnitNotFound:
                raise Http404 from None
            return view(request, selection, *args, **kwargs)

        return wrapper

    return decorate
