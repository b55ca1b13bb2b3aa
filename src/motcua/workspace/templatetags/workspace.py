"""Template filters of the staff workspace."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.catalog.permissions import can_manage_catalog

register = template.Library()


@register.filter
def manages_catalog(user: Any) -> bool:
    """Whether the catalog pages are open to the user (from their cached positions; no query)."""
    return can_manage_catalog(user)
