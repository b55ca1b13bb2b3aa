"""Reusable filters over the catalog."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import models

from motcua.core.text import fold

if TYPE_CHECKING:
    from .models import Procedure, ProcedureVersion  # noqa: F401


class ProcedureQuerySet(models.QuerySet["Procedure"]):
    def active(self) -> ProcedureQuerySet:
        return self.filter(is_active=True)

    def matching(self, query: str) -> ProcedureQuerySet:
        """Filter by code or by every word of the accent-folded name."""
        folded = fold(query)
        if not folded:
            return self
        qs = self
        for word in folded.split():
            qs = qs.filter(models.Q(name_folded__contains=word) | models.Q(code__startswith=word))
        return qs


class ProcedureVersionQuerySet(models.QuerySet["ProcedureVersion"]):
    def in_force_on(self, day: date) -> ProcedureVersionQuerySet:
        return self.filter(effective_from__lte=day).order_by("procedure_id", "-effective_from", "-number")
