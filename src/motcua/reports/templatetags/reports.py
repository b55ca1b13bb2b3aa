"""Template helpers of the report pages: numbers the Vietnamese way and drill-down links."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()


@register.filter
def n(value: Any) -> str:
    """Return an integer with dots between thousands (1.234.567), as Vietnamese reports print it."""
    if value is None or value == "":
        return "–"
    return f"{int(value):,}".replace(",", ".")


@register.filter
def pct(value: Decimal | float | None) -> str:
    """Return a percentage with a decimal comma (95,12 %), or a dash when there is no rate."""
    if value is None:
        return "–"
    return f"{Decimal(value):.2f}".replace(".", ",") + " %"


@register.filter
def points(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return f"{Decimal(value).normalize():f}".replace(".", ",")


@register.simple_tag(takes_context=True)
def drill(context: template.Context, measure: str, **extra: Any) -> str:
    """Return the address of the dossiers behind a figure: the page's slice and period, narrowed."""
    params: dict[str, str] = dict(context.get("drill_base") or {})
    params.update({k: str(v) for k, v in extra.items() if v not in (None, "")})
    params["chi_so"] = measure
    return reverse("workspace:reports:dossiers") + "?" + urlencode(params)


@register.simple_tag(takes_context=True)
def same_page(context: template.Context, **changes: Any) -> str:
    """Return the current page's query string with some parameters changed (e.g. a download format)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "?" + str(params.urlencode())
