"""Background work of payments: id-free periodic jobs that call one service."""

from __future__ import annotations

from django.utils import timezone

from django_tasks import task

from .services import expire_stale_payments


@task()
def expire_payments_task() -> int:
    """Mark expired the pending payments whose time at the gateway ran out (periodic)."""
    return expire_stale_payments(at=timezone.now())
