"""Background work of the notifications: sending a failed notice again when an administrator asks."""

from __future__ import annotations

from django_tasks import task

from .services import resend


@task()
def resend_delivery_task(*, delivery_id: int) -> str:
    """Send a delivery again from its stored recipient and text; return its new status."""
    return resend(delivery_id=delivery_id).status
