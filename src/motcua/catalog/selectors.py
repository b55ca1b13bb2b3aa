"""Public reads of the catalog."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from .models import Procedure, ProcedureVersion


def list_procedures(*, query: str = "") -> QuerySet[Procedure]:
    """Return active procedures matching the query, with their sector."""
    return Procedure.objects.active().matching(query).select_related("sector").order_by("name")


def get_procedure(*, code: str) -> Procedure:
    """Return an active procedure by its national code or raise Procedure.DoesNotExist."""
    return Procedure.objects.active().select_related("sector").get(code=code)


def get_version_in_force(*, procedure: Procedure, on: date) -> ProcedureVersion:
    """Return the version in force on a day, with agency, papers and process steps."""
    version = (
        ProcedureVersion.objects.filter(procedure=procedure)
        .in_force_on(on)
        .select_related("competent_agency", "competent_agency__service_centre", "process")
        .prefetch_related("papers", "process__steps")
        .first()
    )
    if version is None:
        raise ProcedureVersion.DoesNotExist
    return version
