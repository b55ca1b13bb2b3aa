"""Reads about who a staff member is and which agencies and centres are theirs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from motcua.core import revision

from .models import Agency, Position, Role, ServiceCentre

# Positions, centres and agencies read on busy requests, kept while the reference data do not change.
_cache = revision.TokenCache()


@dataclass(frozen=True)
class StaffScope:
    """Where a user works: their positions, read once per request."""

    positions: tuple[Position, ...]

    @property
    def roles(self) -> set[str]:
        return {p.role for p in self.positions}

    def agency_ids(self, roles: set[str] | None = None) -> set[int]:
        return {p.agency_id for p in self.positions if p.agency_id and (roles is None or p.role in roles)}

    def centre_ids(self, roles: set[str] | None = None) -> set[int]:
        return {
            p.service_centre_id
            for p in self.positions
            if p.service_centre_id and (roles is None or p.role in roles)
        }

    @property
    def is_province_wide(self) -> bool:
        return bool(self.roles & {Role.PROVINCIAL_ADMIN, Role.STEERING_VIEWER})


_EMPTY = StaffScope(positions=())


def get_scope(*, user: Any) -> StaffScope:
    """Return the user's positions (empty for citizens and visitors).

    Kept on the user object for the request, and in the process until a position, agency or
    centre changes (`core.revision`): the positions decide what every staff page shows.
    """
    if not getattr(user, "is_authenticated", False):
        return _EMPTY
    cached = getattr(user, "_motcua_scope", None)
    if isinstance(cached, StaffScope):
        return cached
    user_id = user.pk
    scope = _cache.get(
        ("scope", user_id),
        lambda: StaffScope(
            positions=tuple(
                Position.objects.filter(user_id=user_id).select_related("agency", "service_centre")
            )
        ),
    )
    user._motcua_scope = scope
    return scope


def list_roles(*, user: Any) -> set[str]:
    """Return the roles a user holds anywhere (empty for citizens and anonymous visitors)."""
    return get_scope(user=user).roles


def list_positions(*, user: Any) -> list[Position]:
    """Return the user's positions with their agency and centre."""
    return list(get_scope(user=user).positions)


def agency_ids_for(*, user: Any, roles: set[str] | None = None) -> set[int]:
    """Return the ids of agencies where the user holds one of the roles (any role if None)."""
    return get_scope(user=user).agency_ids(roles)


def centre_ids_for(*, user: Any, roles: set[str] | None = None) -> set[int]:
    """Return the ids of service centres where the user holds one of the roles."""
    return get_scope(user=user).centre_ids(roles)


def is_province_wide(*, user: Any) -> bool:
    """Return whether the user sees the whole province (administrator, steering committee)."""
    return get_scope(user=user).is_province_wide


def get_agency_by_electronic_id(electronic_id: str) -> Agency:
    """Return the agency with this QĐ 20/2020 identifier or raise Agency.DoesNotExist."""
    return Agency.objects.get(electronic_id=electronic_id)


def get_service_centre(*, electronic_id: str) -> ServiceCentre:
    """Return the service centre with this electronic identifier or raise ServiceCentre.DoesNotExist.

    Kept in the process until the organisations change (`core.revision`).
    """
    centre = _cache.get(
        ("centre", electronic_id), lambda: ServiceCentre.objects.filter(electronic_id=electronic_id).first()
    )
    if centre is None:
        raise ServiceCentre.DoesNotExist
    return centre


def list_service_centres() -> list[ServiceCentre]:
    """Return every service centre with its unit."""
    return list(ServiceCentre.objects.select_related("unit"))
