"""Reads of dossiers, each scoped to what the reader may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import FilteredRelation, Q, QuerySet

from motcua.catalog.models import ProcessStep
from motcua.core.compiled import Compiled
from motcua.core.timeutil import local
from motcua.organisations import selectors as org
from motcua.organisations.models import Role

from .audit import GENESIS, BrokenLink, canonical_content, chain_hash
from .models import Dossier, DossierEvent, EventType, IntakeRequest
from .transitions import DossierStatus

_LIST_RELATED = ("procedure_version__procedure", "competent_agency", "current_step")


def get_dossier_for_user(*, user: Any, code: str) -> Dossier:
    """Return a dossier the user may see, by code; raise Dossier.DoesNotExist otherwise."""
    return (
        Dossier.objects.visible_to(user)
        .select_related(*_LIST_RELATED, "receiving_centre", "procedure_version__competent_agency")
        .get(code=code)
    )


def list_my_dossiers(*, user: Any) -> QuerySet[Dossier]:
    """Return the signed-in citizen's own dossiers, newest first."""
    return Dossier.objects.visible_to(user).filter(applicant=user).select_related(*_LIST_RELATED)


def list_worklist(*, user: Any, limit: int = 100) -> QuerySet[Dossier]:
    """Return the open dossiers whose current step waits for this officer, most urgent first.

    Desk steps wait at the officer's service centres; other steps at agencies where the officer
    holds the step's role.
    """
    positions = org.list_positions(user=user)
    condition = Q(pk__in=[])
    desk_centres = [
        p.service_centre_id for p in positions if p.role == Role.DESK_OFFICER and p.service_centre_id
    ]
    if desk_centres:
        condition |= Q(receiving_centre_id__in=desk_centres, current_step__kind__in=["receive", "return"])
    for p in positions:
        if p.agency_id and p.role != Role.DESK_OFFICER:
            condition |= Q(competent_agency_id=p.agency_id, current_step__role=p.role) & ~Q(
                current_step__kind__in=[ProcessStep.Kind.RECEIVE, ProcessStep.Kind.RETURN]
            )
    return (
        Dossier.objects.visible_to(user)
        .open()
        .filter(condition)
        .select_related(*_LIST_RELATED)
        .order_by("step_due_at", "submitted_at")[:limit]
    )


def list_events(*, dossier: Dossier, public_only: bool) -> list[DossierEvent]:
    """Return a dossier's events in order; only the public ones when asked."""
    qs = DossierEvent.objects.filter(dossier=dossier).order_by("seq")
    if public_only:
        qs = qs.filter(is_public=True)
    return list(qs)


@dataclass(frozen=True)
class TrackingEvent:
    """One public step of a dossier's history, as the lookup page and the tracking API show it."""

    at: datetime
    type: str
    to_status: int
    step_name: str
    note: str

    @property
    def label(self) -> str:
        return str(EventType(self.type).label)

    @property
    def status_label(self) -> str:
        return str(DossierStatus(self.to_status).label)


@dataclass(frozen=True)
class PublicTracking:
    """What anyone holding a dossier code may see; `applicant_name` only with proof of ownership."""

    code: str
    procedure_name: str
    agency_name: str
    status: int
    channel: int
    due_at: datetime | None
    applicant_name: str | None
    events: list[TrackingEvent]

    @property
    def show_personal(self) -> bool:
        return self.applicant_name is not None

    @property
    def status_label(self) -> str:
        return str(DossierStatus(self.status).label)


def get_public_tracking(*, code: str, user: Any, phone_last4: str = "") -> PublicTracking:
    """Return what the public lookup shows for a code; raise Dossier.DoesNotExist if unknown.

    Personal data appear only when the visitor proves ownership: signed in as the applicant, or
    the last four digits of the applicant's phone number.

    The public lookup is the most frequent read of the system, so it is one statement: the shown
    columns of the dossier with its public events (a left join, one row per event), read as
    tuples, never as model instances. The timeline never carries an event's data or chain hashes.
    """
    rows = _tracking_rows(code.strip())
    if not rows:
        raise Dossier.DoesNotExist
    _pk, code, procedure_name, agency_name, status, channel, due_at, applicant_id, name, phone = rows[0][:10]
    is_owner = getattr(user, "is_authenticated", False) and applicant_id == user.pk
    phone_ok = bool(phone_last4) and len(phone) >= 4 and phone[-4:] == phone_last4
    return PublicTracking(
        code=code,
        procedure_name=procedure_name,
        agency_name=agency_name,
        status=status,
        channel=channel,
        due_at=due_at,
        applicant_name=name if is_owner or phone_ok else None,
        events=[
            TrackingEvent(at=at, type=t, to_status=st, step_name=sn, note=nt)
            for *_, at, t, st, sn, nt in rows
            if at is not None
        ],
    )


def _tracking_query(code: str) -> QuerySet[Dossier, tuple[Any, ...]]:
    return (
        Dossier.objects.filter(code=code)
        .annotate(public_events=FilteredRelation("events", condition=Q(events__is_public=True)))
        .order_by("public_events__seq")
        .values_list(
            "pk",
            "code",
            "procedure_version__procedure__name",
            "competent_agency__name",
            "status",
            "channel",
            "due_at",
            "applicant_id",
            "applicant_name",
            "applicant_phone",
            "public_events__at",
            "public_events__type",
            "public_events__to_status",
            "public_events__step_name",
            "public_events__note",
        )
    )


_TRACKING_CODE = "\x00code\x00"  # stands for the looked-up code in the statement compiled once
# Compiling the query cost more than running it: the text is built once per process.
_TRACKING = Compiled(_tracking_query, _TRACKING_CODE)


def _tracking_rows(code: str) -> list[tuple[Any, ...]]:
    return _TRACKING.rows(code)


_INTAKE_ANSWER = Compiled(
    lambda user_id, key: IntakeRequest.objects.filter(user_id=user_id, key=key).values_list(
        "request_hash", "receipt"
    ),
    -7_000_000_001,
    "\x00intake_key\x00",
)


def get_intake_answer(*, user: Any, key: str) -> tuple[str, dict[str, Any]] | None:
    """Return the request hash and the receipt of the dossier another system (`user`) sent under
    `key`, or None when it sent none under that key (`IntakeRequest`)."""
    rows = _INTAKE_ANSWER.rows(user.pk, key)
    return (rows[0][0], rows[0][1]) if rows else None


def count_overdue(*, user: Any, at: datetime) -> int:
    """Return how many open dossiers visible to the user are past their due instant."""
    return Dossier.objects.visible_to(user).overdue(at=at).count()


def verify_event_chains() -> list[BrokenLink]:
    """Recompute every dossier's hash chain; return the first broken link of each broken chain."""
    broken: list[BrokenLink] = []
    events = (
        DossierEvent.objects.select_related("dossier").order_by("dossier_id", "seq").iterator(chunk_size=2000)
    )
    current: int | None = None
    prev_hash, expected_seq, skip = GENESIS, 1, False
    for e in events:
        if e.dossier_id != current:
            current, prev_hash, expected_seq, skip = e.dossier_id, GENESIS, 1, False
        if skip:
            continue
        content = canonical_content(
            dossier_code=e.dossier.code,
            seq=e.seq,
            type=e.type,
            at_iso=local(e.at).isoformat(),
            actor_id=e.actor_id,
            from_status=e.from_status,
            to_status=e.to_status,
            step_name=e.step_name,
            note=e.note,
            data=e.data,
        )
        reason = ""
        if e.seq != expected_seq:
            reason = f"expected seq {expected_seq}"
        elif e.prev_hash != prev_hash:
            reason = "prev_hash does not match the previous event"
        elif e.hash != chain_hash(prev_hash, content):
            reason = "content does not match its hash"
        if reason:
            broken.append(BrokenLink(dossier_code=e.dossier.code, seq=e.seq, reason=reason))
            skip = True
            continue
        prev_hash, expected_seq = e.hash, expected_seq + 1
    return broken
