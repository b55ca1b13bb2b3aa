"""Dossiers move along the approved internal process: branches, back moves, allowed side moves."""

import pytest

from conftest import pdf_upload, vn
from motcua.catalog.models import ProcedureVersion, ProcessMove
from motcua.core.errors import InvalidInput, NotAllowed
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.organisations.models import Agency

pytestmark = pytest.mark.django_db

CERTIFY = "2.000815"  # demo: the specialist sends to the head of division or straight to the leader


@pytest.fixture
def certify(demo):
    version = (
        ProcedureVersion.objects.filter(procedure__code=CERTIFY).select_related("competent_agency").get()
    )
    steps = {s.order: s for s in version.process.steps.all()}
    return version, steps


@pytest.fixture
def at_appraisal(demo, certify):
    version, _steps = certify
    return services.receive_at_desk(
        version=version,
        centre=version.competent_agency.service_centre,
        actor=demo.tiepnhan_xa,
        details=services.ApplicantDetails(full_name="Lê Thị Cúc", personal_id="040185001111"),
        request_summary="Chứng thực bản sao giấy khai sinh",
        papers=[services.PaperUpload(paper=p, upload=pdf_upload()) for p in version.papers.all()],
        at=vn(2026, 3, 2, 8),
    )


def _unchanged(dossier, *, version, events):
    dossier.refresh_from_db()
    assert dossier.version == version
    assert dossier.events.count() == events


def test_the_specialist_chooses_a_branch_and_the_event_records_it(demo, certify, at_appraisal):
    _version, steps = certify
    assert at_appraisal.current_step == steps[2]
    d = services.complete_step(
        dossier=at_appraisal, actor=demo.tuphap_xa, at=vn(2026, 3, 2, 9), to_step=steps[4].pk
    )
    assert d.current_step == steps[4]  # straight to the leader, past the head of division
    event = d.events.last()
    assert event.data["chosen_step"] == 4
    assert event.data["choices"] == [3, 4]
    assert event.data["next_step"] == steps[4].name


def test_the_other_branch_goes_through_the_head_of_division(demo, certify, at_appraisal):
    _version, steps = certify
    d = services.complete_step(
        dossier=at_appraisal, actor=demo.tuphap_xa, at=vn(2026, 3, 2, 9), to_step=steps[3]
    )
    assert d.current_step == steps[3]
    d = services.complete_step(dossier=d, actor=demo.truongphong_xa, at=vn(2026, 3, 2, 10))
    assert d.current_step == steps[4]  # one next move: taken without a choice


def test_a_missing_or_foreign_choice_is_refused_and_changes_nothing(demo, certify, at_appraisal):
    before = (at_appraisal.version, at_appraisal.events.count())
    with pytest.raises(InvalidInput, match="vui lòng chọn một trong") as exc:
        services.complete_step(dossier=at_appraisal, actor=demo.tuphap_xa, at=vn(2026, 3, 2, 9))
    assert exc.value.field == "to_step"
    _unchanged(at_appraisal, version=before[0], events=before[1])
    foreign = demo.version.process.steps.get(order=3)  # a step of another procedure's process
    for choice in (foreign.pk, certify[1][5].pk, 999_999):
        with pytest.raises(InvalidInput, match="không thuộc quy trình nội bộ"):
            services.complete_step(
                dossier=at_appraisal, actor=demo.tuphap_xa, at=vn(2026, 3, 2, 9), to_step=choice
            )
    _unchanged(at_appraisal, version=before[0], events=before[1])
    assert Dossier.objects.get(pk=at_appraisal.pk).current_step == certify[1][2]


def test_the_leader_sends_back_to_a_chosen_earlier_step(demo, certify, at_appraisal):
    _version, steps = certify
    d = services.complete_step(
        dossier=at_appraisal, actor=demo.tuphap_xa, at=vn(2026, 3, 2, 9), to_step=steps[4]
    )
    with pytest.raises(InvalidInput, match="vui lòng chọn một trong"):
        services.send_back(dossier=d, actor=demo.lanhdao_xa, at=vn(2026, 3, 2, 10), note="Xem lại lời chứng")
    with pytest.raises(InvalidInput):
        services.send_back(
            dossier=d, actor=demo.lanhdao_xa, at=vn(2026, 3, 2, 10), note="Xem lại", to_step=steps[1]
        )
    d = services.send_back(
        dossier=d, actor=demo.lanhdao_xa, at=vn(2026, 3, 2, 10), note="Xem lại lời chứng", to_step=steps[3]
    )
    assert d.current_step == steps[3]
    assert d.events.last().data["chosen_step"] == 3


def test_a_single_back_move_is_taken_without_a_choice(demo, submit):
    d = services.receive_dossier(
        dossier=submit(at=vn(2026, 3, 2, 8)), actor=demo.tiepnhan, at=vn(2026, 3, 2, 9)
    )
    d = services.complete_step(dossier=d, actor=demo.chuyenvien, at=vn(2026, 3, 2, 10))
    d = services.send_back(dossier=d, actor=demo.lanhdao, at=vn(2026, 3, 2, 11), note="Thiếu đối chiếu")
    assert d.current_step.kind == "appraise"
    assert "choices" not in d.events.last().data


def test_a_process_without_moves_falls_back_to_the_order_of_its_steps(demo, submit):
    ProcessMove.objects.filter(step__process=demo.version.process).delete()
    d = services.receive_dossier(
        dossier=submit(at=vn(2026, 3, 2, 8)), actor=demo.tiepnhan, at=vn(2026, 3, 2, 9)
    )
    assert d.current_step.order == 2
    services.consult_agencies(
        dossier=d,
        actor=demo.chuyenvien,
        agencies=[Agency.objects.get(short_name="Sở Xây dựng")],
        question="Cho ý kiến",
        working_days=2,
        at=vn(2026, 3, 2, 9, 30),
    )
    d = services.complete_step(dossier=d, actor=demo.chuyenvien, at=vn(2026, 3, 2, 10))
    assert d.current_step.order == 3
    d = services.send_back(dossier=d, actor=demo.lanhdao, at=vn(2026, 3, 2, 11), note="Xem lại")
    assert d.current_step.order == 2
    d = services.complete_step(dossier=d, actor=demo.chuyenvien, at=vn(2026, 3, 2, 12))
    # the approval step allows supplements here only because the process has no moves at all
    d = services.request_supplement(dossier=d, actor=demo.lanhdao, at=vn(2026, 3, 2, 13), missing="Bản sao")
    assert d.status == 5


def test_supplement_consult_and_transfer_are_refused_where_the_process_does_not_allow_them(demo, submit):
    d = services.receive_dossier(
        dossier=submit(at=vn(2026, 3, 2, 8)), actor=demo.tiepnhan, at=vn(2026, 3, 2, 9)
    )
    d = services.complete_step(dossier=d, actor=demo.chuyenvien, at=vn(2026, 3, 2, 10))
    assert d.current_step.kind == "approve"  # moves: next, back — no supplement, consult or transfer
    before = (d.version, d.events.count())
    health = Agency.objects.get(short_name="Sở Y tế")
    with pytest.raises(NotAllowed, match="Điều 19 khoản 5") as exc:
        services.request_supplement(dossier=d, actor=demo.lanhdao, at=vn(2026, 3, 2, 11), missing="Bản sao")
    assert exc.value.code == "not_in_process"
    with pytest.raises(NotAllowed, match="Điều 19 khoản 4"):
        services.consult_agencies(
            dossier=d,
            actor=demo.lanhdao,
            agencies=[health],
            question="Ý kiến",
            working_days=2,
            at=vn(2026, 3, 2, 11),
        )
    with pytest.raises(NotAllowed, match="Điều 20 khoản 2"):
        services.transfer_dossier(
            dossier=d,
            actor=demo.lanhdao,
            to_agency=health,
            task="Thẩm định",
            working_days=3,
            at=vn(2026, 3, 2, 11),
        )
    _unchanged(d, version=before[0], events=before[1])
    assert not d.consultations.exists()
    assert not d.transfers.exists()
    # at appraisal the same process allows all three
    d = services.send_back(dossier=d, actor=demo.lanhdao, at=vn(2026, 3, 2, 12), note="Xem lại")
    services.consult_agencies(
        dossier=d,
        actor=demo.chuyenvien,
        agencies=[health],
        question="Ý kiến",
        working_days=2,
        at=vn(2026, 3, 2, 12),
    )
    d = services.request_supplement(
        dossier=d, actor=demo.chuyenvien, at=vn(2026, 3, 2, 13), missing="Bản sao"
    )
    assert d.status == 5


def _at_appraisal_with_named_moves(demo, submit, *, consult, transfer):
    """The extract's appraisal step, its consult and transfer moves naming only these agencies."""
    d = services.receive_dossier(
        dossier=submit(at=vn(2026, 3, 2, 8)), actor=demo.tiepnhan, at=vn(2026, 3, 2, 9)
    )
    step = d.current_step
    assert step.kind == "appraise"
    for kind, agency in (("consult", consult), ("transfer", transfer)):
        ProcessMove.objects.filter(step=step, kind=kind).delete()
        ProcessMove.objects.create(step=step, kind=kind, agency=agency)
    return d


def test_consult_and_transfer_go_only_to_the_agencies_the_process_names(demo, submit):
    construction = Agency.objects.get(short_name="Sở Xây dựng")
    health = Agency.objects.get(short_name="Sở Y tế")
    d = _at_appraisal_with_named_moves(demo, submit, consult=construction, transfer=health)
    before = (d.version, d.events.count())
    with pytest.raises(NotAllowed, match="Sở Y tế") as exc:
        services.consult_agencies(
            dossier=d,
            actor=demo.chuyenvien,
            agencies=[construction, health],
            question="Ý kiến",
            working_days=2,
            at=vn(2026, 3, 2, 10),
        )
    assert exc.value.code == "not_in_process"
    with pytest.raises(NotAllowed, match="Sở Xây dựng"):
        services.transfer_dossier(
            dossier=d,
            actor=demo.lanhdao,
            to_agency=construction,
            task="Thẩm định",
            working_days=3,
            at=vn(2026, 3, 2, 10),
        )
    _unchanged(d, version=before[0], events=before[1])
    assert not d.consultations.exists()
    assert not d.transfers.exists()
    asked = services.consult_agencies(
        dossier=d,
        actor=demo.chuyenvien,
        agencies=[construction],
        question="Ý kiến",
        working_days=2,
        at=vn(2026, 3, 2, 10),
    )
    assert [c.agency for c in asked] == [construction]
    sent = services.transfer_dossier(
        dossier=d,
        actor=demo.lanhdao,
        to_agency=health,
        task="Thẩm định",
        working_days=3,
        at=vn(2026, 3, 2, 11),
    )
    assert sent.to_agency == health


def test_the_dossier_page_offers_only_the_named_agencies(client, demo, submit):
    from django.urls import reverse

    construction = Agency.objects.get(short_name="Sở Xây dựng")
    health = Agency.objects.get(short_name="Sở Y tế")
    d = _at_appraisal_with_named_moves(demo, submit, consult=construction, transfer=health)
    client.force_login(demo.chuyenvien)
    page = client.get(reverse("workspace:dossier", args=[d.code])).content.decode()
    consult_form = page.split('id="agencies"')[1].split("</select>")[0]
    assert f'value="{construction.pk}"' in consult_form
    assert f'value="{health.pk}"' not in consult_form
