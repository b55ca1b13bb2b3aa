"""Background work of the dossier flow: id-based, idempotent tasks that call one service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone, translation
from django.utils.timezone import localtime

import structlog
from django_tasks import task

from motcua.notifications.services import retry_delay, send_email_once, send_sms_once, sms_enabled
from motcua.notifications.sms import fit_sms, to_gsm

if TYPE_CHECKING:
    from .models import DossierEvent

logger = structlog.get_logger(__name__)


class NoticeNotSent(Exception):
    """A channel failed; the task was queued again (or ran out of attempts)."""


def lookup_url(code: str) -> str:
    """Return the public lookup address of a dossier."""
    return f"{settings.MOTCUA_PUBLIC_BASE_URL}/tra-cuu/?ma={code}"


def sms_text(event: DossierEvent) -> str:
    """Return the SMS about a public event: code, what happened, due date, lookup address.

    Unaccented GSM text in one 160-character SMS where possible (notifications.sms explains why):
    the due date goes first when the text is too long, then the event's name is shortened.
    """
    dossier = event.dossier
    parts = [
        to_gsm(f"Ho so {dossier.code}: "),
        to_gsm(str(event.get_type_display())),
        to_gsm(f". Hen tra {localtime(dossier.due_at):%d/%m/%Y}") if dossier.due_at else "",
        to_gsm(f". Tra cuu: {lookup_url(dossier.code)}"),
    ]
    return fit_sms(parts, optional=[2], shrink=1)


def _email(event: DossierEvent) -> None:
    dossier = event.dossier
    subject = f"[MộtCửa] {dossier.code}: {event.get_to_status_display()}"
    lines = [
        f"Hồ sơ {dossier.code} ({dossier.procedure_version.procedure.name})",
        f"Trạng thái: {event.get_to_status_display()} – {event.get_type_display()}",
    ]
    if dossier.due_at:
        lines.append(f"Hẹn trả kết quả: {localtime(dossier.due_at):%H:%M %d/%m/%Y}")
    lines.append(f"Tra cứu: {lookup_url(dossier.code)}")
    body = "\n".join(lines) + "\n"
    send_email_once(
        key=f"dossier-event:{event.pk}", recipient=dossier.applicant_email, subject=subject, body=body
    )


@task()
def notify_applicant_task(*, dossier_code: str, seq: int, attempt: int = 1) -> None:
    """E-mail and text the applicant about a public event of their dossier (once per event and channel).

    Each channel is sent and recorded on its own (notifications.Delivery). When one fails (SMTP or
    the SMS gateway down), the task is queued again after a growing delay, up to
    MOTCUA_NOTIFY_MAX_ATTEMPTS attempts; a channel already sent is not sent twice. Decree
    118/2025/NĐ-CP Art 17(2), 19(6) name e-mail and SMS among the ways the applicant is told.

    The event is named by its dossier's code and its place in the history, both known before the
    event is written, so the task row can be written in the same statement as the event.
    """
    from .models import DossierEvent

    event = DossierEvent.objects.select_related("dossier__procedure_version__procedure").get(
        dossier__code=dossier_code, seq=seq
    )
    dossier = event.dossier
    failed: list[str] = []
    # Notices are in Vietnamese whatever language the page that caused them was shown in.
    with translation.override(settings.LANGUAGE_CODE):
        if dossier.applicant_email:
            try:
                _email(event)
            except Exception:
                failed.append("email")
        if dossier.applicant_phone and sms_enabled():
            try:
                send_sms_once(
                    key=f"dossier-event-sms:{event.pk}",
                    recipient=dossier.applicant_phone,
                    text=sms_text(event),
                )
            except Exception:
                failed.append("sms")
    if not failed:
        return
    delay = retry_delay(attempt)
    if delay is not None:
        again = notify_applicant_task
        if again.get_backend().supports_defer:
            again = again.using(run_after=timezone.now() + delay)
        again.enqueue(dossier_code=dossier_code, seq=seq, attempt=attempt + 1)
    logger.warning(
        "notice_not_sent",
        dossier=dossier_code,
        seq=seq,
        attempt=attempt,
        channels=failed,
        retry=delay is not None,
    )
    raise NoticeNotSent(f"event {seq} of {dossier_code}: {', '.join(failed)} failed (attempt {attempt})")


@task()
def close_expired_supplements_task() -> int:
    """Close every dossier whose supplement was not completed in time (Decree 118 Art 19(5))."""
    from .models import Dossier
    from .services import close_expired_supplement
    from .transitions import DossierStatus

    now = timezone.now()
    expired = Dossier.objects.filter(status=DossierStatus.AWAITING_SUPPLEMENT, supplement_expires_at__lt=now)
    closed = 0
    for dossier in expired.iterator(chunk_size=200):
        close_expired_supplement(dossier=dossier, at=now)
        closed += 1
    return closed
