"""A slice of the viewer's scope: which agencies, and optionally one sector or one procedure.

Every figure and every drill-down list is computed on a slice, so the number on the page and the
dossiers behind it are selected by the same criteria. Dimensions group a slice's figures: by
agency, by commune (the agencies located in it), by sector (lĩnh vực), by procedure, by level.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# For each dimension: the grouping path on DailyCounter / PendingCounter, and on Dossier.
DIMENSIONS: dict[str, tuple[str, str]] = {
    "agency": ("agency_id", "competent_agency_id"),
    "commune": ("agency__unit_id", "competent_agency__unit_id"),
    "sector": ("procedure__sector_id", "procedure_version__procedure__sector_id"),
    "procedure": ("procedure_id", "procedure_version__procedure_id"),
    "level": ("agency__level", "competent_agency__level"),
}
COLUMN_LABELS = {
    "agency": _("Cơ quan"),
    "commune": _("Xã, phường"),
    "sector": _("Lĩnh vực"),
    "procedure": _("Thủ tục"),
    "level": _("Cấp"),
}
DIMENSION_LABELS = {
    "agency": _("Theo cơ quan"),
    "commune": _("Theo xã, phường"),
    "sector": _("Theo lĩnh vực"),
    "procedure": _("Theo thủ tục"),
    "level": _("Theo cấp"),
}


@dataclass(frozen=True)
class Slice:
    """Agencies (already intersected with the viewer's scope), and an optional sector or procedure.

    `receiving_centre_id` narrows it to the dossiers received at one service centre (the place of
    reception, not the competent agency: any desk receives any procedure, Decree 118 Art 14(2)).
    The counters are kept per competent agency, so such a slice is counted from the dossiers
    (`drilldown.figures_by_counting`); `counter_filter` refuses it.
    """

    agency_ids: frozenset[int]
    sector_id: int | None = None
    procedure_id: int | None = None
    commune_only: bool = False
    receiving_centre_id: int | None = None

    def counter_filter(self) -> dict[str, object]:
        """Return the filter on DailyCounter / PendingCounter rows."""
        if self.receiving_centre_id is not None:
            raise ValueError("the counters have no receiving-centre dimension; count the dossiers")
        f: dict[str, object] = {"agency_id__in": sorted(self.agency_ids)}
        if self.sector_id is not None:
            f["procedure__sector_id"] = self.sector_id
        if self.procedure_id is not None:
            f["procedure_id"] = self.procedure_id
        if self.commune_only:
            f["agency__level"] = "commune"
        return f

    def dossier_filter(self) -> dict[str, object]:
        """Return the same filter on Dossier rows."""
        f: dict[str, object] = {"competent_agency_id__in": sorted(self.agency_ids)}
        if self.sector_id is not None:
            f["procedure_version__procedure__sector_id"] = self.sector_id
        if self.procedure_id is not None:
            f["procedure_version__procedure_id"] = self.procedure_id
        if self.commune_only:
            f["competent_agency__level"] = "commune"
        if self.receiving_centre_id is not None:
            f["receiving_centre_id"] = self.receiving_centre_id
        return f
