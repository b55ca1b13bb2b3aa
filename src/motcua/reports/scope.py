"""Who may see which figures: the viewer's reporting scope and the units inside it.

Steering-committee viewers and provincial administrators see the whole province; an agency's
leader (lãnh đạo cơ quan) or head of unit (lãnh đạo phòng) sees their agency and every agency below
it (`Agency.parent`), e.g. the provincial People's Committee sees its departments and communes.
Other staff and citizens have no reporting scope. A unit outside the scope is "not found", never
"forbidden", so its existence does not leak (design rule 2).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.core.errors import NotAllowed
from motcua.organisations import selectors as org
from motcua.organisations.models import AdministrativeUnit, Agency, Role, ServiceCentre

REPORT_ROLES = frozenset({Role.LEADER, Role.UNIT_HEAD})


class UnitNotFound(LookupError):
    """The unit does not exist or is outside the viewer's scope (shown as 404)."""


def province_code() -> str:
    code = settings.MOTCUA_PROVINCE_CODE
    return f"{code:02d}" if isinstance(code, int) else str(code)


@dataclass(frozen=True)
class ReportScope:
    """The agencies a viewer may report on; `province_wide` for the steering committee."""

    province_wide: bool
    agency_ids: frozenset[int]
    root_ids: frozenset[int]
    agencies: tuple[Agency, ...] = ()  # the scope's agencies with their unit, province level first

    def contains(self, agency_id: int) -> bool:
        return agency_id in self.agency_ids


def _descendants(roots: set[int], parents: dict[int | None, list[int]]) -> set[int]:
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        stack.extend(parents.get(current, []))
    return seen


def _province_agencies() -> list[Agency]:
    return list(
        Agency.objects.filter(province_code=province_code()).select_related("unit").order_by("level", "name")
    )


def province_scope() -> ReportScope:
    """Return the whole province's scope (for trusted callers: management commands)."""
    agencies = _province_agencies()
    return ReportScope(True, frozenset(a.pk for a in agencies), frozenset(), tuple(agencies))


def get_report_scope(*, user: Any) -> ReportScope:
    """Return the viewer's reporting scope; raise NotAllowed when they have none."""
    staff = org.get_scope(user=user)
    if not staff.is_province_wide and not staff.agency_ids(set(REPORT_ROLES)):
        raise NotAllowed(
            _("Báo cáo, thống kê dành cho Ban Chỉ đạo CCHC và lãnh đạo cơ quan, đơn vị."), code="no_scope"
        )
    everything = _province_agencies()
    if staff.is_province_wide:
        return ReportScope(True, frozenset(a.pk for a in everything), frozenset(), tuple(everything))
    roots = staff.agency_ids(set(REPORT_ROLES))
    children: dict[int | None, list[int]] = defaultdict(list)
    for a in everything:
        children[a.parent_id].append(a.pk)
    ids = frozenset(_descendants(roots, children))
    return ReportScope(False, ids, frozenset(roots), tuple(a for a in everything if a.pk in ids))


def agency_in_scope(scope: ReportScope, electronic_id: str) -> Agency:
    """Return the agency by its QĐ 20/2020 identifier if inside the scope; raise UnitNotFound."""
    agency = Agency.objects.filter(electronic_id=electronic_id.strip()).select_related("unit").first()
    if agency is None or not scope.contains(agency.pk):
        raise UnitNotFound(electronic_id)
    return agency


def commune_in_scope(scope: ReportScope, code: str) -> AdministrativeUnit:
    """Return a commune (GSO code) with at least one agency inside the scope; raise UnitNotFound."""
    unit = AdministrativeUnit.objects.filter(
        code=code.strip(), level=AdministrativeUnit.Level.COMMUNE
    ).first()
    if unit is None or not any(scope.contains(pk) for pk in unit.agencies.values_list("pk", flat=True)):
        raise UnitNotFound(code)
    return unit


def centre_in_scope(scope: ReportScope, electronic_id: str) -> ServiceCentre:
    """Return a service centre whose agencies are all inside the scope; raise UnitNotFound."""
    centre = ServiceCentre.objects.filter(electronic_id=electronic_id.strip()).select_related("unit").first()
    if centre is None:
        raise UnitNotFound(electronic_id)
    ids = set(centre.agencies.values_list("pk", flat=True))
    if not ids or not ids <= scope.agency_ids:
        raise UnitNotFound(electronic_id)
    return centre


def list_agencies(scope: ReportScope) -> list[Agency]:
    """Return the agencies of the scope, province level first, by name."""
    return list(scope.agencies)


def list_communes(scope: ReportScope) -> list[AdministrativeUnit]:
    """Return the communes that have an agency inside the scope, by name."""
    return list(
        AdministrativeUnit.objects.filter(
            level=AdministrativeUnit.Level.COMMUNE, agencies__pk__in=scope.agency_ids
        )
        .distinct()
        .order_by("name")
    )


def list_centres(scope: ReportScope) -> list[ServiceCentre]:
    """Return the service centres all of whose agencies are inside the scope."""
    out = []
    for centre in ServiceCentre.objects.prefetch_related("agencies").order_by("level", "name"):
        ids = {a.pk for a in centre.agencies.all()}
        if ids and ids <= scope.agency_ids:
            out.append(centre)
    return out
