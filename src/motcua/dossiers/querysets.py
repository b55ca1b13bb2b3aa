"""Reusable filters over dossiers, including the visibility scope of each kind of user."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import connections, models
from django.db.models.lookups import Lookup

from motcua.organisations import selectors as org

from .transitions import CLOSED

if TYPE_CHECKING:
    from .models import Dossier  # noqa: F401


class _AnyOf(Lookup):  # type: ignore[type-arg]
    """``lhs = ANY(array)`` (PostgreSQL): an indexable membership test for ids read by a subquery."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def id_in(ids: models.QuerySet[Any], *, using: str) -> models.Q:
    """Return "the dossier's id is one of the ids the subquery yields", usable inside an OR.

    On PostgreSQL ``id = ANY(ARRAY(subquery))``: the subquery runs once and the test is an index
    condition, so an OR of scopes stays a BitmapOr of index scans (``EXISTS`` or ``IN (subquery)``
    inside an OR force a scan of every dossier; measured at 1,000,000 dossiers). Elsewhere
    ``id IN (subquery)``.
    """
    ids = ids.order_by()
    if connections[using].vendor == "postgresql":
        from django.contrib.postgres.expressions import ArraySubquery

        return models.Q(_AnyOf(models.F("pk"), ArraySubquery(ids)))
    return models.Q(pk__in=ids)


class DossierQuerySet(models.QuerySet["Dossier"]):
    def open(self) -> DossierQuerySet:
        return self.exclude(status__in=[s.value for s in CLOSED])

    def overdue(self, *, at: datetime) -> DossierQuerySet:
        return self.open().filter(due_at__lt=at)

    def visible_to(self, user: Any) -> DossierQuerySet:
        """Dossiers a user may see: a citizen their own; staff those of their agencies and centres.

        Province-wide roles (administrator, steering committee) see the province's dossiers.
        Anyone else sees nothing, so a forgotten check is a 404, not a leak.
        """
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_citizen:
            return self.filter(applicant=user)
        if org.is_province_wide(user=user):
            return self.all()
        agencies = org.agency_ids_for(user=user)
        centres = org.centre_ids_for(user=user)
        if not agencies and not centres:
            return self.none()
        from .models import Consultation

        consulted = Consultation.objects.filter(agency_id__in=agencies).values("dossier_id")
        return self.filter(
            models.Q(competent_agency_id__in=agencies)
            | models.Q(handling_agency_id__in=agencies)
            | models.Q(receiving_centre_id__in=centres)
            | models.Q(return_centre_id__in=centres)
            | id_in(consulted, using=self.db)
        )
