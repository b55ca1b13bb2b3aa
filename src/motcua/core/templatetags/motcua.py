"""Template helpers shared by the portal and the workspace."""

from __future__ import annotations

from datetime import datetime, tzinfo

from django import template
from django.utils.timezone import get_current_timezone

register = template.Library()

_STATUS_CLASSES = {
    1: "text-bg-secondary",
    2: "text-bg-info",
    3: "text-bg-danger",
    4: "text-bg-primary",
    5: "text-bg-warning",
    6: "text-bg-warning",
    7: "text-bg-dark",
    8: "text-bg-dark",
    9: "text-bg-success",
    10: "text-bg-success",
}


@register.filter
def status_class(status: int) -> str:
    """Return the badge class of a national status code."""
    return _STATUS_CLASSES.get(int(status), "text-bg-light")


@register.filter
def vn_datetime(value: datetime | None) -> str:
    """Format an instant as Vietnamese officials write it: 14:30 ngày 05/03/2026."""
    return format_instant(value, get_current_timezone())


def format_instant(value: datetime | None, zone: tzinfo) -> str:
    """`vn_datetime` in a given time zone (code that formats many instants looks the zone up once)."""
    if value is None:
        return "—"
    return f"{value.astimezone(zone):%H:%M %d/%m/%Y}"


@register.filter
def vnd(amount: int | None) -> str:
    """Format an amount of đồng with dots as thousands separators."""
    if not amount:
        return "0 đ"
    return f"{amount:,}".replace(",", ".") + " đ"
