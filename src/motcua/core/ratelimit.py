"""A fixed-window rate limit on the shared cache, for public pages that look things up by code.

Configure a cache shared by all web processes in production (e.g. Django's DatabaseCache or a
Redis cache); with the default per-process memory cache each process counts on its own.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """Return the client's address (the proxy's X-Forwarded-For first hop when configured)."""
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def allow(*, scope: str, key: str, per_minute: int) -> bool:
    """Count one hit for the key in the current minute; return False once over the limit (0 = off)."""
    if per_minute <= 0:
        return True
    bucket = f"ratelimit:{scope}:{key}:{int(time.time() // 60)}"
    if cache.add(bucket, 1, timeout=61):
        return True
    try:
        hits = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.add(bucket, 1, timeout=61)
        return True
    return hits <= per_minute
