"""Who may change the catalog: the provincial administrator (TTPVHCC, Văn phòng UBND tỉnh).

Decree 118/2025/NĐ-CP Art 38(1) gives publication and process approval to the Chairman of the
provincial People's Committee; the provincial service centre, which now advises on procedure
control (Art 40(5)), keeps the catalog and its processes in the system.
"""

from __future__ import annotations

from typing import Any

from motcua.organisations.models import Role
from motcua.organisations.selectors import list_roles


def can_manage_catalog(user: Any) -> bool:
    """Return whether the user may edit processes and import the catalog."""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return Role.PROVINCIAL_ADMIN in list_roles(user=user)
