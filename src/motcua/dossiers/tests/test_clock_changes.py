"""Dossier-level clock rules: supplement restart, extension, financial pause, recomputation.

Each due-date change is stored with its cause, article, actor, before and after.
"""

from datetime import timedelta
from decimal import Decimal

import pytest

from conftest import vn
from motcua.core.errors import InvalidInput, NotAllowed
from motcua.dossiers.models import DueDateChange
from motcua.dossiers.services import (
    close_expired_supplement,
    complete_step,
    extend_due_date,
    receive_dossier,
    receive_supplement,
    recompute_due_date,
    record_payment,
    request_financial_obligation,
    request_supplement,
)
from motcua.dossiers.transitions import DossierStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_day_version(demo):
    """Make the demo procedure a 3-working-day one for clearer arithmetic."""
    version = demo.version
    version.time_limit, version.time_unit = Decimal(3), "working_days"
    version.save(update_fields=["time_limit", "time_unit"])
    return version


@pytest.fixture
def received(demo, submit, three_day_version):
    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    # Monday 09:00 + 3 working days = Thursday 09:00
    return receive_dossier(dossier=dossier, actor=demo.tiepnhan, at=vn(2026, 3, 2, 9, 0))


def test_receipt_records_the_clock_start_as_first_due_change(received):
    change = received.due_changes.get()
    assert change.cause == DueDateChange.Cause.CLOCK_STARTED
    assert change.before is None
    assert change.after == vn(2026, 3, 5, 9, 0)
    assert "Điều 18" in change.article


def test_supplement_stops_the_clock_and_restarts_it_from_zero(demo, received):
    # Art 19(5): requested Tuesday 10:00, within 3 working days of receipt
    dossier = request_supplement(
        dossier=received, actor=demo.chuyenvien, at=vn(2026, 3, 3, 10, 0), missing="Bản sao giấy khai sinh"
    )
    assert dossier.status == DossierStatus.AWAITING_SUPPLEMENT
    assert dossier.supplement_expires_at is not None
    # the completed dossier arrives the next Monday 14:00 at the desk: a fresh 3 working days
    dossier = receive_supplement(dossier=dossier, actor=demo.tiepnhan, at=vn(2026, 3, 9, 14, 0))
    assert dossier.status == DossierStatus.IN_PROGRESS
    assert dossier.due_at == vn(2026, 3, 12, 14, 0)
    change = dossier.due_changes.get(cause=DueDateChange.Cause.SUPPLEMENT_RESTART)
    assert (change.before, change.after) == (vn(2026, 3, 5, 9, 0), vn(2026, 3, 12, 14, 0))
    assert change.actor == demo.tiepnhan
    assert "Điều 19 khoản 5" in change.article


def test_supplement_request_after_three_working_days_is_refused(demo, received):
    # receipt Mon 09:00 → last instant Thu 09:00 (Art 19(5))
    with pytest.raises(NotAllowed, match="quá 3 ngày làm việc"):
        request_supplement(dossier=received, actor=demo.chuyenvien, at=vn(2026, 3, 5, 9, 1), missing="x")
    received.refresh_from_db()
    assert received.status == DossierStatus.RECEIVED


def test_supplement_request_needs_the_missing_items(demo, received):
    with pytest.raises(InvalidInput):
        request_supplement(dossier=received, actor=demo.chuyenvien, at=vn(2026, 3, 3, 10, 0), missing=" ")


def test_uncompleted_supplement_closes_the_dossier_after_fifteen_days(demo, received):
    dossier = request_supplement(
        dossier=received, actor=demo.chuyenvien, at=vn(2026, 3, 3, 10, 0), missing="x"
    )
    assert close_expired_supplement(dossier=dossier, at=vn(2026, 3, 10, 10, 0)).status == (
        DossierStatus.AWAITING_SUPPLEMENT
    )
    dossier = close_expired_supplement(
        dossier=dossier, at=dossier.supplement_expires_at + timedelta(minutes=1)
    )
    assert dossier.status == DossierStatus.STOPPED
    with pytest.raises(NotAllowed):
        receive_supplement(dossier=dossier, actor=demo.tiepnhan, at=vn(2026, 3, 20, 9, 0))


def test_extension_once_and_at_least_a_day_before(demo, received):
    # Art 19(6): asked Wednesday for a Thursday due date → allowed, once
    dossier = extend_due_date(
        dossier=received,
        actor=demo.lanhdao,
        at=vn(2026, 3, 4, 10, 0),
        new_due_at=vn(2026, 3, 9, 17, 0),
        reason="Cần xác minh thêm tại nơi đăng ký",
    )
    assert dossier.due_at == vn(2026, 3, 9, 17, 0)
    change = dossier.due_changes.get(cause=DueDateChange.Cause.EXTENSION)
    assert change.before == vn(2026, 3, 5, 9, 0)
    with pytest.raises(NotAllowed):
        extend_due_date(
            dossier=dossier,
            actor=demo.lanhdao,
            at=vn(2026, 3, 5, 10, 0),
            new_due_at=vn(2026, 3, 12, 17, 0),
            reason="Lần hai",
        )
    dossier.refresh_from_db()
    assert dossier.due_at == vn(2026, 3, 9, 17, 0)


def test_extension_on_the_due_date_itself_is_refused(demo, received):
    with pytest.raises(NotAllowed):
        extend_due_date(
            dossier=received,
            actor=demo.lanhdao,
            at=vn(2026, 3, 5, 7, 30),
            new_due_at=vn(2026, 3, 9, 17, 0),
            reason="Muộn",
        )


def test_extension_by_a_specialist_is_refused(demo, received):
    with pytest.raises(NotAllowed, match="lãnh đạo"):
        extend_due_date(
            dossier=received,
            actor=demo.chuyenvien,
            at=vn(2026, 3, 3, 10, 0),
            new_due_at=vn(2026, 3, 9, 17, 0),
            reason="x",
        )


def test_financial_obligation_pauses_the_clock(demo, received):
    dossier = complete_step(dossier=received, actor=demo.chuyenvien, at=vn(2026, 3, 2, 10, 0))
    dossier = request_financial_obligation(
        dossier=dossier, actor=demo.lanhdao, at=vn(2026, 3, 3, 9, 0), amount_vnd=8000
    )
    assert dossier.status == DossierStatus.AWAITING_PAYMENT
    # paid one working day later: the due date moves one working day
    dossier = record_payment(dossier=dossier, actor=demo.congdan, at=vn(2026, 3, 4, 9, 0), reference="VNP-1")
    assert dossier.status == DossierStatus.IN_PROGRESS
    assert dossier.due_at == vn(2026, 3, 6, 9, 0)
    assert dossier.due_changes.filter(cause=DueDateChange.Cause.PAUSE).exists()


def test_step_due_is_computed_from_the_actual_start_of_the_step(demo, received):
    # appraisal has 3 working hours from the clock start Monday 09:00: 2.5 h before lunch, 0.5 h after
    assert received.step_due_at == vn(2026, 3, 2, 14, 0)
    dossier = complete_step(dossier=received, actor=demo.chuyenvien, at=vn(2026, 3, 3, 16, 0))
    # approval has 2 working hours from Tuesday 16:00 → Wednesday 08:00
    assert dossier.step_due_at == vn(2026, 3, 4, 8, 0)


def test_recompute_after_calendar_change_records_its_cause(demo, received, monkeypatch):
    from motcua.workdays.calendar import WorkingCalendar

    calendar = WorkingCalendar.build(
        range(2020, 2036), extra_days_off={vn(2026, 3, 3).date(): "Nghỉ đột xuất"}
    )
    monkeypatch.setattr("motcua.dossiers.clock.get_calendar", lambda: calendar)
    dossier = recompute_due_date(dossier=received, actor=demo.quantri, at=vn(2026, 3, 2, 12, 0))
    assert dossier.due_at == vn(2026, 3, 6, 9, 0)
    change = dossier.due_changes.get(cause=DueDateChange.Cause.CALENDAR)
    assert change.before == vn(2026, 3, 5, 9, 0)


def test_periodic_job_closes_only_expired_supplements(demo, submit):
    from django.core.management import call_command
    from django.utils import timezone

    now = timezone.now()
    d = receive_dossier(
        dossier=submit(at=now - timedelta(days=20)), actor=demo.tiepnhan, at=now - timedelta(days=20)
    )
    d = request_supplement(dossier=d, actor=demo.chuyenvien, at=now - timedelta(days=20), missing="Bản sao")
    fresh = receive_dossier(dossier=submit(at=now), actor=demo.tiepnhan, at=now)
    fresh = request_supplement(dossier=fresh, actor=demo.chuyenvien, at=now, missing="Bản sao")
    # the test settings run tasks immediately, so enqueuing runs the job
    call_command("run_scheduler", "--once")
    d.refresh_from_db()
    fresh.refresh_from_db()
    assert d.status == DossierStatus.STOPPED
    assert fresh.status == DossierStatus.AWAITING_SUPPLEMENT


def test_a_step_cannot_be_completed_while_the_clock_is_stopped(demo, received):
    from motcua.core.errors import NotAllowed as Refused

    dossier = request_supplement(
        dossier=received, actor=demo.chuyenvien, at=vn(2026, 3, 3, 10, 0), missing="Bản sao"
    )
    with pytest.raises(Refused, match="đang chờ bổ sung"):
        complete_step(dossier=dossier, actor=demo.chuyenvien, at=vn(2026, 3, 3, 11, 0))
