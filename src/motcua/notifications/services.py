"""Sending notices exactly once per key, recording each attempt."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction

import structlog

from .models import Delivery

logger = structlog.get_logger(__name__)


def send_email_once(*, key: str, recipient: str, subject: str, body: str) -> Delivery:
    """Send an e-mail unless one with this key was already sent; record the outcome.

    A failure is recorded and re-raised, so the task queue can retry it.
    """
    with transaction.atomic():
        delivery, _ = Delivery.objects.select_for_update().get_or_create(
            key=key,
            defaults={
                "recipient": recipient,
                "subject": subject,
                "body": body,
                "status": Delivery.Status.FAILED,
            },
        )
        if delivery.status == Delivery.Status.SENT:
            return delivery
    delivery.attempts += 1
    try:
        send_mail(subject, body, None, [recipient])
    except Exception as exc:
        delivery.error = str(exc)[:2000]
        delivery.save(update_fields=["attempts", "error", "updated_at"])
        logger.warning("email_failed", key=key, error=str(exc))
        raise
    delivery.status = Delivery.Status.SENT
    delivery.error = ""
    delivery.save(update_fields=["attempts", "error", "status", "updated_at"])
    logger.info("email_sent", key=key)
    return delivery
