"""Sending notices exactly once per key, recording each attempt.

A failed attempt is recorded on the delivery row and the error is raised again, so the task that
sent it can be tried again by the task queue (see `retry_delay`); the key stops a second send once
one attempt has succeeded.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

import structlog

from motcua.core.errors import InvalidInput

from .models import Delivery
from .sms import get_sms_provider, normalise_vn_mobile

logger = structlog.get_logger(__name__)


def _claim(*, key: str, channel: str, recipient: str, subject: str, body: str) -> Delivery:
    with transaction.atomic():
        delivery, _created = Delivery.objects.select_for_update().get_or_create(
            key=key,
            defaults={
                "channel": channel,
                "recipient": recipient,
                "subject": subject,
                "body": body,
                "status": Delivery.Status.FAILED,
            },
        )
    return delivery


def _failed(delivery: Delivery, exc: Exception, event: str) -> None:
    delivery.error = str(exc)[:2000] or type(exc).__name__
    delivery.save(update_fields=["attempts", "error", "updated_at"])
    logger.warning(event, key=delivery.key, attempt=delivery.attempts, error=delivery.error)


def send_email_once(*, key: str, recipient: str, subject: str, body: str) -> Delivery:
    """Send an e-mail unless one with this key was already sent; record the outcome.

    A failure is recorded and re-raised, so the task queue can retry it.
    """
    delivery = _claim(
        key=key, channel=Delivery.Channel.EMAIL, recipient=recipient, subject=subject, body=body
    )
    if delivery.status == Delivery.Status.SENT:
        return delivery
    delivery.attempts += 1
    try:
        send_mail(subject, body, None, [recipient])
    except Exception as exc:
        _failed(delivery, exc, "email_failed")
        raise
    delivery.status = Delivery.Status.SENT
    delivery.error = ""
    delivery.save(update_fields=["attempts", "error", "status", "updated_at"])
    logger.info("email_sent", key=key)
    return delivery


def sms_enabled() -> bool:
    """Return whether an SMS provider is configured (MOTCUA_SMS_PROVIDER)."""
    return bool(settings.MOTCUA_SMS_PROVIDER)


def send_sms_once(*, key: str, recipient: str, text: str) -> Delivery:
    """Send an SMS through the configured provider unless one with this key was already sent.

    The number must be a Vietnamese mobile number; any other is recorded as rejected and not tried
    again. A provider failure (gateway down, refused) is recorded and re-raised, so the task queue
    can retry it. Raises InvalidInput when no provider is configured.
    """
    provider = get_sms_provider()
    if provider is None:
        raise InvalidInput(_("Chưa cấu hình nhà cung cấp SMS (MOTCUA_SMS_PROVIDER)."), field="provider")
    try:
        number = normalise_vn_mobile(recipient)
    except InvalidInput as exc:
        delivery = _claim(
            key=key, channel=Delivery.Channel.SMS, recipient=recipient[:200], subject="", body=text
        )
        if delivery.status != Delivery.Status.SENT:
            delivery.status = Delivery.Status.REJECTED
            delivery.error = str(exc.message)
            delivery.save(update_fields=["status", "error", "updated_at"])
            logger.info("sms_rejected", key=key)
        return delivery
    delivery = _claim(key=key, channel=Delivery.Channel.SMS, recipient=number, subject="", body=text)
    if delivery.status == Delivery.Status.SENT:
        return delivery
    delivery.attempts += 1
    try:
        reference = provider.send(to=number, text=text, key=key)
    except Exception as exc:
        _failed(delivery, exc, "sms_failed")
        raise
    delivery.status = Delivery.Status.SENT
    delivery.error = ""
    delivery.provider_reference = str(reference)[:100]
    delivery.save(update_fields=["attempts", "error", "status", "provider_reference", "updated_at"])
    logger.info("sms_sent", key=key)
    return delivery


def retry_delay(attempt: int) -> timedelta | None:
    """Return how long to wait before attempt `attempt + 1`, or None when no attempt is left.

    The wait doubles from MOTCUA_NOTIFY_RETRY_SECONDS (1, 2, 4, … minutes by default) up to one hour;
    after MOTCUA_NOTIFY_MAX_ATTEMPTS attempts the delivery stays failed for an administrator to see.
    """
    if attempt >= settings.MOTCUA_NOTIFY_MAX_ATTEMPTS:
        return None
    seconds = settings.MOTCUA_NOTIFY_RETRY_SECONDS * 2 ** (attempt - 1)
    return timedelta(seconds=min(seconds, 3600))


def resend(*, delivery_id: int) -> Delivery:
    """Send a failed delivery again from its stored recipient and text (an administrator's request)."""
    delivery = Delivery.objects.get(pk=delivery_id)
    if delivery.channel == Delivery.Channel.SMS:
        return send_sms_once(key=delivery.key, recipient=delivery.recipient, text=delivery.body)
    return send_email_once(
        key=delivery.key, recipient=delivery.recipient, subject=delivery.subject, body=delivery.body
    )
