"""Periodic work of the reports: record yesterday's pending dossiers once the day has ended."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from django_tasks import task

from . import services
from .models import SnapshotDay


@task()
def snapshot_pending_task() -> str:
    """Take yesterday's `PendingSnapshot` if it is missing (idempotent; run hourly or nightly)."""
    now = timezone.now()
    day = timezone.localdate(now) - timedelta(days=1)
    if SnapshotDay.objects.filter(day=day).exists():
        return f"{day}: already taken"
    snapshot = services.take_pending_snapshot(day=day, at=now)
    return f"{day}: {snapshot.dossiers} pending"
