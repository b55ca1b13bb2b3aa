"""Background work of the committee: deadline reminders and rotation alerts, by e-mail.

Tasks take ids, re-read the row, and send through `notifications.services.send_email_once` with a
key naming the task, the deadline and the stage, so a reminder goes out once however often the
periodic command `send_reform_reminders` runs (and a changed deadline starts a new series).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from django_tasks import task

from motcua.notifications.services import send_email_once


@task()
def send_task_reminder_task(*, task_id: int, kind: str, stage: str) -> int:
    """E-mail the owner unit (and, when overdue, the committee secretary) about a task's deadline."""
    from .models import ReformTask, TaskStatus
    from .schedule import ReminderKind
    from .selectors import reminder_recipients

    reform_task = ReformTask.objects.select_related("owner", "plan").get(pk=task_id)
    if reform_task.status in (TaskStatus.COMPLETED, TaskStatus.CANCELLED):
        return 0
    if not stage.startswith(reform_task.deadline.isoformat() + ":"):
        return 0  # the deadline moved since the reminder was planned; the next run plans anew
    overdue = kind == ReminderKind.OVERDUE
    if overdue:
        subject = _("[MộtCửa] Nhiệm vụ CCHC quá hạn: %(title)s") % {"title": reform_task.title[:120]}
    else:
        subject = _("[MộtCửa] Sắp đến hạn nhiệm vụ CCHC: %(title)s") % {"title": reform_task.title[:120]}
    body = (
        "\n".join(
            [
                reform_task.title,
                _("Kế hoạch: %(plan)s") % {"plan": reform_task.plan.title},
                _("Đơn vị chủ trì: %(owner)s") % {"owner": reform_task.owner.name},
                _("Thời hạn: %(deadline)s") % {"deadline": f"{reform_task.deadline:%d/%m/%Y}"},
                _("Tiến độ đã báo cáo: %(percent)d%%") % {"percent": reform_task.progress_percent},
                f"{settings.MOTCUA_PUBLIC_BASE_URL}/can-bo/cai-cach/nhiem-vu/{reform_task.pk}/",
            ]
        )
        + "\n"
    )
    sent = 0
    for email in reminder_recipients(task=reform_task, overdue=overdue):
        send_email_once(
            key=f"reform-task:{reform_task.pk}:{kind}:{stage}:{email}"[:120],
            recipient=email,
            subject=subject,
            body=body,
        )
        sent += 1
    return sent


@task()
def send_rotation_alert_task(*, holding_id: int, state: str, rotate_on: str) -> int:
    """E-mail the personnel office that an official in a sensitive post is due or overdue for rotation."""
    from .models import PostHolding
    from .selectors import agency_contacts

    holding = PostHolding.objects.select_related("post", "post__agency", "post__personnel_agency").get(
        pk=holding_id
    )
    if holding.ended_on is not None:
        return 0
    if state == "overdue":
        subject = _("[MộtCửa] Quá hạn chuyển đổi vị trí công tác: %(name)s") % {"name": holding.official_name}
    else:
        subject = _("[MộtCửa] Đến hạn chuyển đổi vị trí công tác: %(name)s") % {"name": holding.official_name}
    body = (
        "\n".join(
            [
                _("Cán bộ: %(name)s") % {"name": holding.official_name},
                _("Vị trí: %(post)s – %(agency)s")
                % {"post": holding.post.name, "agency": holding.post.agency.name},
                _("Giữ vị trí từ: %(start)s") % {"start": f"{holding.started_on:%d/%m/%Y}"},
                _("Hạn chuyển đổi: %(date)s") % {"date": rotate_on},
            ]
        )
        + "\n"
    )
    sent = 0
    for email in agency_contacts(agency_id=holding.post.personnel_agency_id):
        send_email_once(
            key=f"reform-rotation:{holding.pk}:{state}:{rotate_on}:{email}"[:120],
            recipient=email,
            subject=subject,
            body=body,
        )
        sent += 1
    return sent
