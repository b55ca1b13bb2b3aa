"""Reusable filters over dossiers, including the visibility scope of each kind of user."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import models

from motcua.organisations import selectors as org

from .transitions import CLOSED

if TYPE_CHECKING:
    from .models import Dossier  # noqa: F401


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

        consulted = Consultation.objects.filter(dossier_id=models.OuterRef("pk"), agency_id__in=agencies)
        return self.filter(
            models.Q(competent_agency_id__in=agencies)
            | models.Q(handling_agency_id__in=agencies)
            | models.Q(receiving_centre_id__in=centres)
            | models.Q(return_centre_id__in=centres)
            | models.Exists(consulted)
        )
