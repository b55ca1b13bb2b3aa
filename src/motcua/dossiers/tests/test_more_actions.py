"""The other actions the law allows: send back, assign, consult, transfer, withdraw, stop, correct."""

from datetime import timedelta

import pytest

from conftest import vn
from motcua.core.errors import InvalidInput, NotAllowed
from motcua.dossiers import services
from motcua.dossiers.models import DailyCounter, Dossier
from motcua.dossiers.reconcile import compare
from motcua.dossiers.transitions import DossierStatus
from motcua.organisations.models import Agency, Position

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_approval(demo, submit):
    d = services.receive_dossier(
        dossier=submit(at=vn(2026, 3, 2, 8)), actor=demo.tiepnhan, at=vn(2026, 3, 2, 9)
    )
    return services.complete_step(dossier=d, actor=demo.chuyenvien, at=vn(2026, 3, 2, 10))


@pytest.fixture
def health_officer(django_user_model):
    user = django_user_model.objects.create(username="yte_cv", kind="staff", full_name="Cán bộ Sở Y tế")
    Position.objects.create(user=user, role="specialist", agency=Agency.objects.get(short_name="Sở Y tế"))
    Position.objects.create(user=user, role="leader", agency=Agency.objects.get(short_name="Sở Y tế"))
    return user


def test_leader_sends_back_to_appraisal_with_a_reason(demo, at_approval):
    with pytest.raises(InvalidInput):
        services.send_back(dossier=at_approval, actor=demo.lanhdao, at=vn(2026, 3, 2, 11), note="")
    d = services.send_back(
        dossier=at_approval, actor=demo.lanhdao, at=vn(2026, 3, 2, 11), note="Thiếu đối chiếu"
    )
    assert d.current_step.kind == "appraise"
    assert d.events.last().type == "step_returned"


def test_unit_head_assigns_a_specialist_and_an_outsider_cannot(demo, submit):
    d = services.receive_dossier(
        dossier=submit(at=vn(2026, 3, 2, 8)), actor=demo.tiepnhan, at=vn(2026, 3, 2, 9)
    )
    d = services.assign_dossier(
        dossier=d, actor=demo.truongphong, assignee=demo.chuyenvien, at=vn(2026, 3, 2, 9)
    )
    assert d.assignee == demo.chuyenvien
    with pytest.raises(NotAllowed):
        services.assign_dossier(dossier=d, actor=demo.vanthu, assignee=demo.vanthu, at=vn(2026, 3, 2, 9))
    with pytest.raises(InvalidInput):
        services.assign_dossier(dossier=d, actor=demo.truongphong, assignee=demo.vanthu, at=vn(2026, 3, 2, 9))


def test_consultation_in_parallel_lets_the_consulted_agency_see_and_answer(demo, submit, health_officer):
    d = services.receive_dossier(
        dossier=submit(at=vn(2026, 3, 2, 8)), actor=demo.tiepnhan, at=vn(2026, 3, 2, 9)
    )
    assert not Dossier.objects.visible_to(health_officer).filter(pk=d.pk).exists()
    health = Agency.objects.get(short_name="Sở Y tế")
    consultations = services.consult_agencies(
        dossier=d,
        actor=demo.chuyenvien,
        agencies=[health, Agency.objects.get(short_name="Sở Nội vụ")],
        question="Xác nhận thông tin",
        working_days=2,
        at=vn(2026, 3, 2, 10),
    )
    assert len(consultations) == 2
    assert consultations[0].due_at == vn(2026, 3, 4, 10)
    assert Dossier.objects.visible_to(health_officer).filter(pk=d.pk).exists()
    health_request = next(c for c in consultations if c.agency == health)
    with pytest.raises(NotAllowed):
        services.answer_consultation(
            consultation=health_request, actor=demo.lanhdao, answer="x", at=vn(2026, 3, 3)
        )
    answered = services.answer_consultation(
        consultation=health_request, actor=health_officer, answer="Đồng ý", at=vn(2026, 3, 5, 9)
    )
    assert answered.answered_at == vn(2026, 3, 5, 9)
    assert d.events.get(type="consultation_answered").data["late"] is True


def test_transfer_keeps_one_origin_and_is_counted_once(demo, submit, health_officer):
    d = services.receive_dossier(
        dossier=submit(at=vn(2026, 3, 2, 8)), actor=demo.tiepnhan, at=vn(2026, 3, 2, 9)
    )
    health = Agency.objects.get(short_name="Sở Y tế")
    transfer = services.transfer_dossier(
        dossier=d,
        actor=demo.lanhdao,
        to_agency=health,
        task="Thẩm định y tế",
        working_days=3,
        at=vn(2026, 3, 2, 10),
    )
    d.refresh_from_db()
    assert d.handling_agency == health
    assert d.code.startswith("000.00.12.H41")
    # the receiving agency's specialist now holds the current step; the origin's does not
    d = services.complete_step(dossier=d, actor=health_officer, at=vn(2026, 3, 3, 9))
    services.return_transfer(
        transfer=transfer, actor=health_officer, result_note="Đạt", at=vn(2026, 3, 3, 10)
    )
    d.refresh_from_db()
    assert d.handling_agency is None
    assert sum(DailyCounter.objects.values_list("received_online", flat=True)) == 1
    assert compare() == []


def test_applicant_withdraws_and_counters_follow(demo, submit):
    d = services.receive_dossier(
        dossier=submit(at=vn(2026, 3, 2, 8)), actor=demo.tiepnhan, at=vn(2026, 3, 2, 9)
    )
    with pytest.raises(NotAllowed):
        services.withdraw_dossier(dossier=d, actor=demo.congdan2, at=vn(2026, 3, 2, 10))
    d = services.withdraw_dossier(
        dossier=d, actor=demo.congdan, at=vn(2026, 3, 2, 10), reason="Không cần nữa"
    )
    assert d.status == DossierStatus.WITHDRAWN
    assert sum(DailyCounter.objects.values_list("withdrawn", flat=True)) == 1


def test_stop_needs_a_reason_and_ends_the_dossier(demo, submit):
    d = services.receive_dossier(
        dossier=submit(at=vn(2026, 3, 2, 8)), actor=demo.tiepnhan, at=vn(2026, 3, 2, 9)
    )
    with pytest.raises(InvalidInput):
        services.stop_dossier(dossier=d, actor=demo.tiepnhan, at=vn(2026, 3, 2, 10), reason=" ")
    d = services.stop_dossier(
        dossier=d, actor=demo.tiepnhan, at=vn(2026, 3, 2, 10), reason="Người nộp đề nghị dừng"
    )
    assert d.status == DossierStatus.STOPPED
    with pytest.raises(NotAllowed):
        services.complete_step(dossier=d, actor=demo.chuyenvien, at=vn(2026, 3, 2, 11))
    assert compare() == []


def test_correction_of_a_returned_result_within_three_working_days(demo, at_approval):
    d = at_approval
    for user in (demo.lanhdao, demo.vanthu, demo.tiepnhan):
        d = services.complete_step(dossier=d, actor=user, at=vn(2026, 3, 2, 11))
    with pytest.raises(NotAllowed):
        services.complete_correction(dossier=d, actor=demo.lanhdao, at=vn(2026, 3, 3), note="x")
    d = services.request_correction(
        dossier=d, actor=demo.congdan, at=vn(2026, 3, 5, 9), error="Sai ngày sinh"
    )
    assert d.correction_due_at == vn(2026, 3, 10, 9)
    d = services.complete_correction(
        dossier=d, actor=demo.lanhdao, at=vn(2026, 3, 9, 9) + timedelta(hours=1), note="Đã cấp lại bản đúng"
    )
    assert d.correction_due_at is None
    assert d.events.get(type="corrected").data["late"] is False
