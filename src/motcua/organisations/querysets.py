"""Reusable filters over organisations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from .models import Position  # noqa: F401


class PositionQuerySet(models.QuerySet["Position"]):
    def of_user(self, user: Any) -> PositionQuerySet:
        return self.filter(user=user)
