"""Background work of the dossier flow: id-based, idempotent tasks that call one service."""

from __future__ import annotations

from django.conf import settings
from django.utils.timezone import localtime

from django_tasks import task

from motcua.notifications.services import send_email_once


@task()
def notify_applicant_task(*, event_id: int) -> None:
    """E-mail the applicant about a public event of their dossier (once per event)."""
    from .models import DossierEvent

    event = DossierEvent.objects.select_related("dossier").get(pk=event_id)
    dossier = event.dossier
    if not dossier.applicant_email:
        return
    subject = f"[MộtCửa] {dossier.code}: {event.get_to_status_display()}"
    lines = [
        f"Hồ sơ {dossier.code} ({dossier.procedure_version.procedure.name})",
        f"Trạng thái: {event.get_to_status_display()} – {event.get_type_display()}",
    ]
    if dossier.due_at:
        lines.append(f"Hẹn trả kết quả: {localtime(dossier.due_at):%H:%M %d/%m/%Y}")
    lines.append(f"Tra cứu: {settings.MOTCUA_PUBLIC_BASE_URL}/tra-cuu/?ma={dossier.code}")
    body = "\n".join(lines) + "\n"
    send_email_once(
        key=f"dossier-event:{event.pk}", recipient=dossier.applicant_email, subject=subject, body=body
    )


@task()
def close_expired_supplements_task() -> int:
    """Close every dossier whose supplement was not completed in time (Decree 118 Art 19(5))."""
    from django.utils import timezone

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
