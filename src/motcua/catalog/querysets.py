"""Reusable filters over the catalog."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import OuterRef, Q, Subquery

from motcua.core.text import fold

if TYPE_CHECKING:
    from .models import Procedure, ProcedureVersion  # noqa: F401


class ProcedureQuerySet(models.QuerySet["Procedure"]):
    def active(self) -> ProcedureQuerySet:
        return self.filter(is_active=True)

    def not_abolished_on(self, day: date) -> ProcedureQuerySet:
        """Keep procedures not abolished on the day (Decree 118/2025/NĐ-CP Art 38(1)(c))."""
        return self.filter(Q(abolished_from__isnull=True) | Q(abolished_from__gt=day))

    def matching(self, query: str) -> ProcedureQuerySet:
        """Filter by every word of the accent-folded query, against codes, name and sector."""
        folded = fold(query)
        qs = self
        for word in folded.split():
            qs = qs.filter(search_folded__contains=word)
        return qs

    def with_version_in_force(self, day: date) -> ProcedureQuerySet:
        """Annotate `version_in_force_id`: the version in force on the day, or None."""
        return self.annotate(version_in_force_id=_version_in_force(day))

    def version_ids_in_force(self, day: date) -> list[int]:
        """Return the ids of the versions in force on the day of these procedures."""
        rows = self.annotate(vid=_version_in_force(day)).values_list("vid", flat=True)
        return [pk for pk in rows if pk]


def _version_in_force(day: date) -> Subquery:
    from .models import ProcedureVersion

    return Subquery(
        ProcedureVersion.objects.filter(procedure=OuterRef("pk"), effective_from__lte=day)
        .order_by("-effective_from", "-number")
        .values("pk")[:1]
    )


class ProcedureVersionQuerySet(models.QuerySet["ProcedureVersion"]):
    def in_force_on(self, day: date) -> ProcedureVersionQuerySet:
        return self.filter(effective_from__lte=day).order_by("procedure_id", "-effective_from", "-number")

    def latest_first(self) -> ProcedureVersionQuerySet:
        return self.order_by("-effective_from", "-number")
