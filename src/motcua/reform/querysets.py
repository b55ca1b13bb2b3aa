"""Reusable filters over reform tasks."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Self

from django.db import models

if TYPE_CHECKING:
    from .models import ReformTask  # noqa: F401

COMPLETED = "completed"
CANCELLED = "cancelled"


class ReformTaskQuerySet(models.QuerySet["ReformTask"]):
    def counted(self) -> Self:
        """Tasks that count against the plan: every task not dropped by a plan adjustment."""
        return self.exclude(status=CANCELLED)

    def open(self) -> Self:
        return self.exclude(status__in=[COMPLETED, CANCELLED])

    def overdue(self, *, on: date) -> Self:
        """Open tasks whose deadline passed before `on`."""
        return self.open().filter(deadline__lt=on)

    def due_between(self, start: date, end: date) -> Self:
        return self.filter(deadline__gte=start, deadline__lte=end)

    def of_issued_plans(self) -> Self:
        return self.filter(plan__status="issued")

    def for_agencies(self, agency_ids: set[int]) -> Self:
        """Tasks an agency owns or co-operates on."""
        return self.filter(
            models.Q(owner_id__in=agency_ids) | models.Q(co_agencies__in=agency_ids)
        ).distinct()

    def visible_to(self, user: Any) -> Self:
        """Tasks the user may read: everything for the committee and province-wide roles, else the
        tasks their agencies own or co-operate on; nothing for citizens and visitors."""
        from .permissions import agency_ids_of, reads_everything

        if reads_everything(user):
            return self
        ids = agency_ids_of(user)
        if not ids:
            return self.none()
        return self.for_agencies(ids)
