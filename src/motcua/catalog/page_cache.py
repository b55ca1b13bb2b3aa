"""A short-lived cache of public procedure pages, dropped by any change to the catalog.

The public page of a procedure is the most read page of the catalog and changes only when a
decision is published, a process approved or a form attached. Its reads (version, papers, fees,
results, legal bases, steps, agencies, former codes) are kept in the default cache under a stamp
that every write to a catalog table moves on, so the next read rebuilds it. With the default
per-process memory cache a write in one process reaches the others' caches within
`MOTCUA_CATALOG_PAGE_CACHE_SECONDS` (60 s by default; 0 turns the cache off); with a cache shared
by all processes (Redis, database) at once.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

STAMP_KEY = "catalog:stamp"


def seconds() -> int:
    return int(getattr(settings, "MOTCUA_CATALOG_PAGE_CACHE_SECONDS", 60))


def stamp() -> int:
    value = cache.get(STAMP_KEY)
    if value is None:
        cache.add(STAMP_KEY, 0, timeout=None)
        value = cache.get(STAMP_KEY, 0)
    return int(value)


def _move_stamp() -> None:
    try:
        cache.incr(STAMP_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(STAMP_KEY, 1, timeout=None)


def bump(**_: Any) -> None:
    """Make every cached page stale (signal receiver for any write to a catalog table).

    Now, so the writing transaction reads its own change, and again when it commits, so a page
    another request cached from the old rows in the meantime is dropped too.
    """
    _move_stamp()
    transaction.on_commit(_move_stamp)


def connect() -> None:
    """Listen to every write to the catalog's tables (called from the app's `ready`)."""
    from django.apps import apps

    for model in apps.get_app_config("catalog").get_models():
        post_save.connect(bump, sender=model, dispatch_uid=f"catalog-page-{model.__name__}-save")
        post_delete.connect(bump, sender=model, dispatch_uid=f"catalog-page-{model.__name__}-delete")
    m2m_changed.connect(bump, dispatch_uid="catalog-page-m2m")
