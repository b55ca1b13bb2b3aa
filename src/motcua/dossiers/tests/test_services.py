"""The dossier journey through its services: submit, receive, process, resolve, return, refuse."""

from datetime import timedelta

from django.db import IntegrityError, connection, transaction

import pytest

from conftest import vn
from motcua.core.errors import Conflict, InvalidInput, NotAllowed
from motcua.dossiers.models import Dossier, DossierEvent, EventType
from motcua.dossiers.selectors import verify_event_chains
from motcua.dossiers.services import complete_step, receive_dossier, refuse_dossier, submit_dossier
from motcua.dossiers.transitions import Channel, DossierStatus

pytestmark = pytest.mark.django_db


def test_online_submission_gets_agency_code_and_acceptance_deadline(submit):
    # given a Monday morning online submission
    at = vn(2026, 3, 2, 9, 0)
    # when
    dossier = submit(at=at)
    # then: code = agency electronic id + yyMMdd + daily sequence (Decree 118 Art 28)
    assert dossier.code == "000.00.12.H41-260302-0001"
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.channel == Channel.ONLINE
    # the desk has 8 working hours to accept (Art 17(2)): 09:00 Mon + 8h = 09:00 Tue
    assert dossier.acceptance_due_at == vn(2026, 3, 3, 9, 0)
    assert dossier.components.get().file.content_type == "application/pdf"
    assert [e.type for e in dossier.events.all()] == [EventType.SUBMITTED]


def test_sequence_runs_per_agency_per_day_and_restarts_next_day(submit):
    first = submit(at=vn(2026, 3, 2, 9, 0))
    second = submit(at=vn(2026, 3, 2, 16, 0))
    next_day = submit(at=vn(2026, 3, 3, 8, 0))
    assert [first.code[-4:], second.code[-4:]] == ["0001", "0002"]
    assert next_day.code.endswith("-260303-0001")


def test_receiving_starts_the_clock_and_sets_same_day_due(demo, submit):
    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    # when the desk accepts it at 09:10 on a working day
    dossier = receive_dossier(dossier=dossier, actor=demo.tiepnhan, at=vn(2026, 3, 2, 9, 10))
    # then the same-day procedure is due at the close of that day
    assert dossier.status == DossierStatus.RECEIVED
    assert dossier.clock_started_at == vn(2026, 3, 2, 9, 10)
    assert dossier.due_at == vn(2026, 3, 2, 17, 0)
    assert dossier.current_step.kind == "appraise"
    event = dossier.events.get(type=EventType.RECEIVED)
    assert event.data["due_at"] == "2026-03-02T17:00:00+07:00"
    assert event.data["explanation"]


def test_online_dossier_accepted_after_hours_starts_next_working_morning(demo, submit):
    # Friday 17:30 acceptance: the next working instant is Monday 07:00 (online: no 15:00 cutoff)
    dossier = submit(at=vn(2026, 3, 6, 16, 0))
    dossier = receive_dossier(dossier=dossier, actor=demo.tiepnhan, at=vn(2026, 3, 6, 17, 30))
    assert dossier.clock_started_at == vn(2026, 3, 9, 7, 0)
    assert dossier.due_at == vn(2026, 3, 9, 17, 0)


def test_whole_journey_reaches_returned_with_one_event_per_action(demo, submit):
    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    t = vn(2026, 3, 2, 9, 0)
    dossier = receive_dossier(dossier=dossier, actor=demo.tiepnhan, at=t)
    dossier = complete_step(
        dossier=dossier, actor=demo.chuyenvien, at=t + timedelta(hours=1), note="Đủ điều kiện"
    )
    assert dossier.status == DossierStatus.IN_PROGRESS
    dossier = complete_step(dossier=dossier, actor=demo.lanhdao, at=t + timedelta(hours=2))
    dossier = complete_step(dossier=dossier, actor=demo.vanthu, at=t + timedelta(hours=3))
    assert dossier.status == DossierStatus.RESOLVED
    assert dossier.current_step.kind == "return"
    dossier = complete_step(dossier=dossier, actor=demo.tiepnhan, at=t + timedelta(hours=4))
    assert dossier.status == DossierStatus.RETURNED
    assert dossier.returned_at == t + timedelta(hours=4)
    assert dossier.current_step is None
    assert list(dossier.events.values_list("to_status", flat=True)) == [1, 2, 4, 4, 9, 10]
    assert verify_event_chains() == []


def test_officer_without_the_step_role_is_refused_and_nothing_changes(demo, submit):
    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    dossier = receive_dossier(dossier=dossier, actor=demo.tiepnhan, at=vn(2026, 3, 2, 9, 0))
    # the appraisal step belongs to the specialist, not to the clerk
    with pytest.raises(NotAllowed):
        complete_step(dossier=dossier, actor=demo.vanthu, at=vn(2026, 3, 2, 10, 0))
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED
    assert dossier.events.count() == 2


def test_citizen_cannot_receive_their_own_dossier(demo, submit):
    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    with pytest.raises(NotAllowed):
        receive_dossier(dossier=dossier, actor=demo.congdan, at=vn(2026, 3, 2, 9, 0))


def test_stale_version_is_a_conflict_and_changes_nothing(demo, submit):
    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    stale = dossier.version
    receive_dossier(dossier=dossier, actor=demo.tiepnhan, at=vn(2026, 3, 2, 9, 0), expected_version=stale)
    with pytest.raises(Conflict):
        refuse_dossier(
            dossier=dossier, actor=demo.tiepnhan, at=vn(2026, 3, 2, 9, 1), reason="x", expected_version=stale
        )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED


def test_refusal_needs_a_reason_and_closes_the_dossier(demo, submit):
    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    with pytest.raises(InvalidInput):
        refuse_dossier(dossier=dossier, actor=demo.tiepnhan, at=vn(2026, 3, 2, 9, 0), reason="  ")
    dossier = refuse_dossier(
        dossier=dossier, actor=demo.tiepnhan, at=vn(2026, 3, 2, 9, 0), reason="Thiếu chữ ký"
    )
    assert dossier.status == DossierStatus.REFUSED
    assert dossier.closed_at == vn(2026, 3, 2, 9, 0)
    with pytest.raises(NotAllowed):
        receive_dossier(dossier=dossier, actor=demo.tiepnhan, at=vn(2026, 3, 2, 9, 5))


def test_submission_without_required_paper_writes_nothing(demo):
    before = Dossier.objects.count()
    from motcua.dossiers.services import ApplicantDetails

    with pytest.raises(InvalidInput, match="Thiếu giấy tờ bắt buộc"):
        submit_dossier(
            version=demo.version,
            applicant=demo.congdan,
            details=ApplicantDetails(full_name="A"),
            request_summary="",
            papers=[],
            at=vn(2026, 3, 2, 9, 0),
        )
    assert Dossier.objects.count() == before


def test_event_log_refuses_update_and_delete_in_the_database(submit):
    event = submit(at=vn(2026, 3, 2, 8, 0)).events.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        DossierEvent.objects.filter(pk=event.pk).update(note="sửa lén")
    with pytest.raises(IntegrityError), transaction.atomic():
        DossierEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.note == ""


def test_verify_chain_names_the_first_tampered_event(demo, submit):
    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    receive_dossier(dossier=dossier, actor=demo.tiepnhan, at=vn(2026, 3, 2, 9, 0))
    # tamper around the trigger, as a database superuser could
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            "UPDATE dossiers_dossierevent SET note = 'đã sửa' WHERE dossier_id = %s AND seq = 1", [dossier.pk]
        )
        cursor.execute("SET LOCAL session_replication_role = origin")
    broken = verify_event_chains()
    assert [(b.dossier_code, b.seq) for b in broken] == [(dossier.code, 1)]
