"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """Expose the site name to templates."""
    return {"motcua_site_name": settings.MOTCUA_SITE_NAME}
