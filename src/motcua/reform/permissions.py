"""Who may do what in the committee's work: small predicates used by pages, the API and services.

* Members of the committee (any role, by default; a province may narrow the roles with the setting
  ``MOTCUA_REFORM_EDITOR_ROLES``, e.g. to the chair, vice-chairs and secretary) edit plans, tasks,
  meetings, inspections, pilot units, indices, sensitive posts and reception days.
* Only staff of a task's owner unit report its progress.
* Province-wide roles (steering committee viewers, provincial administrators) and committee members
  read everything; staff of other agencies read the tasks their agency owns or co-operates on.
* Setting up the committee itself (its members) belongs to provincial administrators and to the
  committee's chair and secretary.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from motcua.organisations import selectors as org
from motcua.organisations.models import Role

from .models import CommitteeMember, ReformTask, SteeringCommittee

ALL_MEMBER_ROLES = frozenset(CommitteeMember.Role.values)
SETUP_ROLES = frozenset({CommitteeMember.Role.CHAIR, CommitteeMember.Role.SECRETARY})


def _is_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and not getattr(user, "is_citizen", True)


def editor_roles() -> frozenset[str]:
    """Return the committee roles that may edit (settings.MOTCUA_REFORM_EDITOR_ROLES, default all)."""
    configured = getattr(settings, "MOTCUA_REFORM_EDITOR_ROLES", None)
    return frozenset(configured) if configured else ALL_MEMBER_ROLES


def memberships(user: Any) -> dict[int, str]:
    """Return {committee id: role} of the user's active memberships, cached on the user object."""
    if not _is_staff(user):
        return {}
    cached = getattr(user, "_motcua_reform_roles", None)
    if isinstance(cached, dict):
        return cached
    roles = dict(
        CommitteeMember.objects.filter(user=user, is_active=True, committee__is_active=True).values_list(
            "committee_id", "role"
        )
    )
    user._motcua_reform_roles = roles
    return roles


def agency_ids_of(user: Any) -> set[int]:
    """Return the agencies where the user holds a position."""
    if not _is_staff(user):
        return set()
    return org.agency_ids_for(user=user)


def reads_everything(user: Any) -> bool:
    """Return whether the user reads all of the committee's work (members and province-wide roles)."""
    if not _is_staff(user):
        return False
    return bool(memberships(user)) or org.is_province_wide(user=user)


def can_edit(user: Any, committee: SteeringCommittee | int) -> bool:
    """Return whether the user edits the committee's plans and follow-up (an active member)."""
    committee_id = committee if isinstance(committee, int) else committee.pk
    role = memberships(user).get(committee_id)
    return role is not None and role in editor_roles()


def can_set_up(user: Any, committee: SteeringCommittee | None) -> bool:
    """Return whether the user may create the committee or change its members."""
    if not _is_staff(user):
        return False
    if Role.PROVINCIAL_ADMIN in org.list_roles(user=user):
        return True
    return committee is not None and memberships(user).get(committee.pk) in SETUP_ROLES


def can_report_progress(user: Any, task: ReformTask) -> bool:
    """Return whether the user works in the task's owner unit (only the owner reports progress)."""
    return task.owner_id in agency_ids_of(user)


def can_read_task(user: Any, task: ReformTask) -> bool:
    """Return whether the user may read the task."""
    if reads_everything(user):
        return True
    ids = agency_ids_of(user)
    if not ids:
        return False
    return task.owner_id in ids or task.co_agencies.filter(pk__in=ids).exists()
