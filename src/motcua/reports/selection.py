"""The selection behind every report: the viewer's scope, the period, the unit, sector and procedure.

Parsed from query parameters by the pages and the API alike. Bad input is refused with a
Vietnamese message and nothing is computed; a unit, sector or procedure that does not exist or lies
outside the viewer's scope is "not found", never a hint that it exists (design rule 2).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from motcua.catalog.models import Procedure, Sector
from motcua.core.errors import InvalidInput
from motcua.organisations.models import Agency

from . import scope as sc
from .periods import Period, parse_period
from .slices import Slice

SELECTION_KEYS = (
    "ky",
    "nam",
    "so",
    "tu_ngay",
    "den_ngay",
    "don_vi",
    "xa",
    "cap",
    "linh_vuc",
    "thu_tuc",
    "trung_tam",
    "noi_nhan",
)


@dataclass
class Selection:
    """What a report page shows: for whom, which period, which slice of the scope."""

    scope: sc.ReportScope
    period: Period
    slice: Slice
    today: date
    now: datetime
    unit_label: str
    params: dict[str, str]
    agency: Agency | None = None
    commune: Any = None
    centre: Any = None
    centre_slice: Slice | None = None
    sector: Sector | None = None
    procedure: Procedure | None = None
    level: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def period_params(self) -> dict[str, str]:
        return self.period.query()

    @property
    def drill_base(self) -> dict[str, str]:
        """The parameters a drill-down link carries: the same period and slice."""
        base = dict(self.period.query())
        for key in ("don_vi", "xa", "cap", "linh_vuc", "thu_tuc", "trung_tam", "noi_nhan"):
            if self.params.get(key):
                base[key] = self.params[key]
        return base


def _province_label(scope: sc.ReportScope) -> str:
    if scope.province_wide:
        committee = [
            a for a in scope.agencies if a.parent_id is None and a.kind == Agency.Kind.PEOPLES_COMMITTEE
        ]
        return _("Toàn tỉnh %(name)s") % {"name": committee[0].unit.name} if committee else _("Toàn tỉnh")
    return "; ".join(sorted(a.name for a in scope.agencies if a.pk in scope.root_ids))


def parse_selection(
    *,
    user: Any,
    query: Mapping[str, Any],
    today: date,
    now: datetime,
    scope: sc.ReportScope | None = None,
    by_place_of_reception: bool = False,
) -> Selection:
    """Return the selection; raise NotAllowed (no scope), InvalidInput or sc.UnitNotFound.

    `scope` replaces the user's own (the management command reports on the whole province).
    ``trung_tam`` narrows the slice to the agencies a service centre receives for, and also sets
    `Selection.centre_slice`: the dossiers physically received at that centre (Biểu II.06a).
    ``noi_nhan`` (a centre) narrows the slice itself to the dossiers received there; the counters
    cannot say where a dossier was received, so only pages that count the dossiers accept it
    (`by_place_of_reception`: the lists behind a figure).
    """
    scope = scope or sc.get_report_scope(user=user)
    params = {k: str(query.get(k) or "").strip() for k in SELECTION_KEYS if str(query.get(k) or "").strip()}
    period = parse_period(params, today=today)
    ids = set(scope.agency_ids)
    sel = Selection(scope, period, Slice(frozenset(ids)), today, now, "", params)
    labels: list[str] = []
    if params.get("don_vi"):
        sel.agency = sc.agency_in_scope(scope, params["don_vi"])
        ids = {sel.agency.pk}
        labels.append(sel.agency.name)
    if params.get("xa"):
        sel.commune = sc.commune_in_scope(scope, params["xa"])
        ids &= set(sel.commune.agencies.values_list("pk", flat=True))
        labels.append(sel.commune.name)
    received_at = None
    if params.get("noi_nhan"):
        if not by_place_of_reception:
            raise InvalidInput(
                _("Bộ lọc nơi tiếp nhận chỉ dùng cho danh sách hồ sơ sau mỗi số liệu của Biểu II.06a."),
                field="noi_nhan",
            )
        received_at = sc.centre_in_scope(scope, params["noi_nhan"])
        labels.append(_("tiếp nhận tại %(name)s") % {"name": received_at.name})
    all_ids = ids
    if params.get("trung_tam"):
        sel.centre = sc.centre_in_scope(scope, params["trung_tam"])
        ids = ids & set(sel.centre.agencies.values_list("pk", flat=True))
        labels.append(sel.centre.name)
    if params.get("cap"):
        if params["cap"] not in Agency.Level.values:
            raise InvalidInput(_("Cấp không hợp lệ."), field="cap")
        sel.level = params["cap"]
        at_level = set(Agency.objects.filter(pk__in=all_ids, level=sel.level).values_list("pk", flat=True))
        ids, all_ids = ids & at_level, all_ids & at_level
        labels.append(str(Agency.Level(sel.level).label))
    sector_id = procedure_id = None
    if params.get("linh_vuc"):
        sel.sector = Sector.objects.filter(code=params["linh_vuc"]).first()
        if sel.sector is None:
            raise sc.UnitNotFound(params["linh_vuc"])
        sector_id = sel.sector.pk
        labels.append(_("lĩnh vực %(name)s") % {"name": sel.sector.name})
    if params.get("thu_tuc"):
        sel.procedure = Procedure.objects.filter(code=params["thu_tuc"]).first()
        if sel.procedure is None:
            raise sc.UnitNotFound(params["thu_tuc"])
        procedure_id = sel.procedure.pk
        labels.append(_("thủ tục %(code)s") % {"code": sel.procedure.code})
    sel.slice = Slice(
        frozenset(ids),
        sector_id=sector_id,
        procedure_id=procedure_id,
        receiving_centre_id=received_at.pk if received_at else None,
    )
    if sel.centre is not None:
        sel.centre_slice = Slice(
            frozenset(all_ids),
            sector_id=sector_id,
            procedure_id=procedure_id,
            receiving_centre_id=sel.centre.pk,
        )
    sel.unit_label = ", ".join(labels) if labels else _province_label(scope)
    return sel
