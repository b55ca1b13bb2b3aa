"""Random dossier lifecycles through the real services, and an independent recount from the events."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from conftest import pdf_upload
from motcua.core.errors import DomainError
from motcua.core.timeutil import local


@pytest.fixture
def province(demo):
    """The demo province with a provincial (Sở Tư pháp) and a commune (UBND phường) procedure."""
    from motcua.catalog.models import ProcedureVersion
    from motcua.organisations.models import Agency, ServiceCentre

    commune_version = (
        ProcedureVersion.objects.filter(procedure__code="2.000815").select_related("competent_agency").first()
    )
    for version in (demo.version, commune_version):
        # a 5-working-day limit leaves room for extensions, supplements and lateness
        version.time_limit, version.time_unit = 5, "working_days"
        version.save(update_fields=["time_limit", "time_unit"])
    return SimpleNamespace(
        demo=demo,
        versions=[demo.version, commune_version],
        justice=demo.version.competent_agency,
        commune=commune_version.competent_agency,
        committee=Agency.objects.get(electronic_id="000.00.00.H41"),
        centre=ServiceCentre.objects.get(electronic_id="000.01.01.H41"),
        commune_centre=commune_version.competent_agency.service_centre,
        staff={
            demo.version.pk: {
                "desk_officer": demo.tiepnhan,
                "specialist": demo.chuyenvien,
                "leader": demo.lanhdao,
                "clerk": demo.vanthu,
                "unit_head": demo.truongphong,
            },
            commune_version.pk: {
                "desk_officer": demo.tiepnhan_xa,
                "specialist": demo.tuphap_xa,
                "leader": demo.lanhdao_xa,
                "clerk": demo.vanthu_xa,
                "unit_head": demo.truongphong_xa,
            },
        },
    )


def _desk(province, version, *, at, channel):
    from motcua.dossiers.services import ApplicantDetails, PaperUpload, receive_at_desk

    staff = province.staff[version.pk]
    centre = province.centre if version == province.versions[0] else province.commune_centre
    papers = [PaperUpload(paper=p, upload=pdf_upload()) for p in version.papers.filter(is_required=True)]
    return receive_at_desk(
        version=version,
        centre=centre,
        actor=staff["desk_officer"],
        details=ApplicantDetails(full_name="Lê Thị Cúc", personal_id="040185001111", phone="0911222333"),
        request_summary="Yêu cầu giải quyết",
        papers=papers,
        at=at,
        channel=channel,
        delivery_address="Số 1 Lê Lợi" if channel == 3 else "",
    )


def received_elsewhere(province, *, at):
    """Receive a dossier of the provincial procedure at the commune's desk (non-boundary, Art 14(2))."""
    from motcua.dossiers.services import ApplicantDetails, PaperUpload, receive_at_desk

    version = province.versions[0]
    papers = [PaperUpload(paper=p, upload=pdf_upload()) for p in version.papers.filter(is_required=True)]
    return receive_at_desk(
        version=version,
        centre=province.commune_centre,
        actor=province.demo.tiepnhan_xa,
        details=ApplicantDetails(full_name="Hồ Văn Đông", personal_id="040185002222", phone="0911222444"),
        request_summary="Yêu cầu giải quyết",
        papers=papers,
        at=at,
    )


def _online(province, version, *, at):
    from motcua.dossiers.services import ApplicantDetails, PaperUpload, submit_dossier

    citizen = province.demo.congdan
    papers = [PaperUpload(paper=p, upload=pdf_upload()) for p in version.papers.filter(is_required=True)]
    return submit_dossier(
        version=version,
        applicant=citizen,
        details=ApplicantDetails(
            full_name=citizen.full_name, personal_id=citizen.personal_id or "", phone="0912345678"
        ),
        request_summary="Yêu cầu giải quyết",
        papers=papers,
        at=at,
    )


def generate(province, *, seed: int, count: int, start: datetime, hours: int = 900) -> list[Any]:
    """Run `count` random lifecycles through the services; return the dossiers."""
    from motcua.dossiers import services

    rng = random.Random(seed)
    made = []
    for _ in range(count):
        version = rng.choice(province.versions)
        staff = province.staff[version.pk]
        at = start + timedelta(hours=rng.randrange(0, hours))
        channel = rng.choice([1, 1, 2, 2, 2, 3])
        if channel == 2:
            dossier = _online(province, version, at=at)
            at += timedelta(minutes=40)
            roll = rng.random()
            if roll < 0.12:
                made.append(
                    services.refuse_dossier(
                        dossier=dossier, actor=staff["desk_officer"], at=at, reason="Sai mẫu"
                    )
                )
                continue
            if roll < 0.17:
                made.append(services.withdraw_dossier(dossier=dossier, actor=province.demo.congdan, at=at))
                continue
            dossier = services.receive_dossier(dossier=dossier, actor=staff["desk_officer"], at=at)
        else:
            dossier = _desk(province, version, at=at, channel=channel)
        for _step in range(rng.randrange(0, 7)):
            at += timedelta(hours=rng.choice([1, 3, 20, 50, 120]))
            roll = rng.random()
            if dossier.current_step is None or dossier.status in (5, 6):
                # Paused dossiers stay paused: complete_step would (wrongly) accept them, see the report.
                break
            try:
                if roll < 0.10:
                    dossier = services.request_supplement(
                        dossier=dossier, actor=staff[dossier.current_step.role], at=at, missing="Bản sao"
                    )
                    at += timedelta(hours=rng.choice([2, 30, 500]))
                    if rng.random() < 0.25:
                        dossier = services.close_expired_supplement(dossier=dossier, at=at)
                    else:
                        dossier = services.receive_supplement(
                            dossier=dossier, actor=staff["desk_officer"], at=at
                        )
                elif roll < 0.17:
                    dossier = services.extend_due_date(
                        dossier=dossier,
                        actor=staff["leader"],
                        at=at,
                        new_due_at=dossier.due_at + timedelta(days=rng.choice([2, 6])),
                        reason="Cần xác minh",
                    )
                elif roll < 0.22:
                    dossier = services.request_financial_obligation(
                        dossier=dossier, actor=staff[dossier.current_step.role], at=at, amount_vnd=50000
                    )
                    at += timedelta(hours=rng.choice([3, 40]))
                    dossier = services.record_payment(
                        dossier=dossier, actor=staff["desk_officer"], at=at, reference="BL-1"
                    )
                elif roll < 0.25:
                    dossier = services.withdraw_dossier(dossier=dossier, actor=staff["desk_officer"], at=at)
                elif roll < 0.28:
                    dossier = services.stop_dossier(
                        dossier=dossier, actor=staff["desk_officer"], at=at, reason="Theo yêu cầu"
                    )
                elif dossier.current_step is not None:
                    dossier = services.complete_step(
                        dossier=dossier, actor=staff[dossier.current_step.role], at=at
                    )
            except DomainError:
                dossier.refresh_from_db()
        made.append(dossier)
    return made


@dataclass
class Recount:
    """Figures recounted from the event log alone, for dossiers of some agencies."""

    flows: Counter[str] = field(default_factory=Counter)
    open_states: Counter[str] = field(default_factory=Counter)


def replay(
    *,
    agency_ids: set[int],
    first: date,
    last: date,
    as_of: date,
    sector_id=None,
    level=None,
    receiving_centre_id=None,
) -> Recount:
    """Recount a period's flows and the open dossiers at the end of `as_of` from events alone.

    Independent of the counters and of the report code: it walks every event of every dossier.
    """
    from motcua.dossiers.models import Dossier, DueDateChange

    result = Recount()
    due_by_event = dict(DueDateChange.objects.values_list("event_id", "after"))
    dossiers = Dossier.objects.filter(competent_agency_id__in=agency_ids).select_related(
        "procedure_version__procedure", "competent_agency"
    )
    if sector_id is not None:
        dossiers = dossiers.filter(procedure_version__procedure__sector_id=sector_id)
    if level is not None:
        dossiers = dossiers.filter(competent_agency__level=level)
    if receiving_centre_id is not None:
        dossiers = dossiers.filter(receiving_centre_id=receiving_centre_id)
    channel_name = {1: "received_counter", 2: "received_online", 3: "received_postal"}
    for d in dossiers.prefetch_related("events"):
        status, due, received = None, None, False
        for e in sorted(d.events.all(), key=lambda e: e.seq):
            day = local(e.at).date()
            in_period = first <= day <= last
            if e.type == "received":
                received = True
                if in_period:
                    result.flows[channel_name[d.channel]] += 1
            elif e.type == "refused" and in_period:
                result.flows["refused"] += 1
            elif e.type in ("resolved", "returned") and "timeliness" in e.data and in_period:
                due_day = local(d.due_at).date() if d.due_at else None
                kind = (
                    "on_time" if due_day is None or day == due_day else "early" if day < due_day else "late"
                )
                result.flows[f"resolved_{kind}"] += 1
            elif e.type == "withdrawn" and e.from_status != 1 and in_period:
                result.flows["withdrawn"] += 1
            elif e.type in ("stopped", "supplement_expired") and in_period:
                result.flows["stopped"] += 1
            if day <= as_of:
                status = e.to_status
                if e.pk in due_by_event:
                    due = due_by_event[e.pk]
        if received and status in (2, 4, 5, 6) and d.received_at and local(d.received_at).date() <= as_of:
            if status in (5, 6):
                result.open_states["paused"] += 1
            elif due is not None and local(due).date() < as_of:
                result.open_states["overdue"] += 1
            else:
                result.open_states["in_time"] += 1
    return result
