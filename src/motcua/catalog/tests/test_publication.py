"""Publication by decision: versions are never overwritten, codes keep their history, cuts are recorded.

Decree 118/2025/NĐ-CP Art 38(1)(c), (d).
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from motcua.catalog import selectors
from motcua.catalog.models import Procedure, ProcedureVersion, ProcessApproval, ProcessStep, TimeCut
from motcua.catalog.services import abolish_procedure, is_in_use, publish_version, record_decision
from motcua.core.errors import InvalidInput

from .conftest import AT, make_spec, steps

pytestmark = pytest.mark.django_db


def _publish(spec, decision, approval=None, **kw):
    return publish_version(spec=spec, decision=decision, process_decision=approval, actor=None, at=AT, **kw)


def _counts():
    return (Procedure.objects.count(), ProcedureVersion.objects.count(), ProcessStep.objects.count())


def test_publishing_creates_the_procedure_with_every_list(demo, publication, approval):
    version = _publish(make_spec(), publication, approval)
    assert (version.number, version.code, version.decision) == (1, "1.999001", publication)
    assert [p.name for p in version.papers.order_by("order")] == ["Đơn đề nghị", "Bản sao căn cước"]
    fee = version.fees.get()
    assert (fee.kind, fee.amount_vnd, fee.online_amount_vnd) == ("charge", 50000, 25000)
    assert version.results.get().code == "KQ01"
    assert version.legal_bases.get().text == "Luật Thử nghiệm số 1/2025/QH15"
    assert [s.kind for s in version.process.steps.order_by("order")] == ["receive", "appraise", "return"]
    assert version.process.approval == approval
    assert ProcessApproval.objects.filter(process=version.process, decision=approval).exists()
    assert version.procedure.codes.get().code == "1.999001"


def test_republishing_the_same_content_changes_nothing(demo, publication, approval):
    first = _publish(make_spec(), publication, approval)
    before = _counts()
    again = _publish(make_spec(effective_from=date(2026, 6, 1)), publication, approval)
    assert again == first
    assert _counts() == before


def test_an_amendment_is_a_new_version_and_the_old_one_stays(demo, publication, amendment, approval):
    first = _publish(make_spec(), publication, approval)
    second = _publish(
        make_spec(time_limit=Decimal(6), effective_from=date(2026, 3, 1), process=None), amendment
    )
    first.refresh_from_db()
    assert (first.number, first.time_limit, second.number, second.time_limit) == (1, 5, 2, 6)
    # the amendment brought no steps: it keeps the approved process of the previous version
    assert [s.allotted_hours for s in second.process.steps.order_by("order")] == [4, 30, 4]
    assert second.process.approval == approval
    procedure = first.procedure
    assert selectors.get_version_in_force(procedure=procedure, on=date(2026, 2, 1)) == first
    assert selectors.get_version_in_force(procedure=procedure, on=date(2026, 3, 1)) == second


def test_shortening_the_limit_records_a_time_cut(demo, publication, amendment, approval):
    _publish(make_spec(), publication, approval)
    version = _publish(
        make_spec(time_limit=Decimal(3), effective_from=date(2026, 3, 1), process=steps("4", "16", "4")),
        amendment,
        approval,
    )
    cut = TimeCut.objects.get(version=version)
    assert (cut.days_before, cut.days_after, cut.days_cut, cut.baseline) == (5, 3, 2, "previous_version")
    assert cut.agency.electronic_id == "000.00.12.H41"


def test_a_first_version_shorter_than_the_statutory_limit_records_a_cut(demo, publication, approval):
    version = _publish(make_spec(statutory_time_limit=Decimal(7)), publication, approval)
    assert version.time_cut.days_cut == 2
    assert version.time_cut.baseline == "statutory"


def test_shortening_the_limit_below_the_approved_steps_needs_a_new_process(
    demo, publication, amendment, approval
):
    _publish(make_spec(), publication, approval)
    before = _counts()
    with pytest.raises(InvalidInput, match="không còn phù hợp"):
        _publish(make_spec(time_limit=Decimal(3), effective_from=date(2026, 3, 1), process=None), amendment)
    assert _counts() == before


def test_lengthening_the_limit_records_no_cut(demo, publication, amendment, approval):
    _publish(make_spec(), publication, approval)
    _publish(make_spec(time_limit=Decimal(7), effective_from=date(2026, 3, 1), process=None), amendment)
    assert not TimeCut.objects.filter(procedure__code="1.999001").exists()


def test_recoding_keeps_the_old_code_for_history_and_lookups(demo, publication, amendment, approval):
    first = _publish(make_spec(), publication, approval)
    second = _publish(
        make_spec(code="1.999002", effective_from=date(2026, 3, 1), process=None),
        amendment,
        previous_code="1.999001",
    )
    first.refresh_from_db()
    assert (first.code, second.code, second.procedure.code) == ("1.999001", "1.999002", "1.999002")
    assert selectors.get_procedure(code="1.999001") == second.procedure
    old = second.procedure.codes.get(code="1.999001")
    assert old.valid_until == date(2026, 2, 28)
    assert "1.999001" in Procedure.objects.get(pk=second.procedure_id).search_folded


def test_publishing_under_a_former_code_is_refused(demo, publication, amendment, approval):
    _publish(make_spec(), publication, approval)
    _publish(
        make_spec(code="1.999002", effective_from=date(2026, 3, 1), process=None),
        amendment,
        previous_code="1.999001",
    )
    with pytest.raises(InvalidInput, match="mã cũ"):
        _publish(make_spec(code="1.999001", effective_from=date(2026, 4, 1)), amendment)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "ABC-1"}, "không đúng dạng mã"),
        ({"time_limit": None}, "Thiếu thời hạn giải quyết"),
        ({"time_limit": Decimal(-1)}, "không được âm"),
        ({"time_limit": Decimal(0)}, "chỉ dùng với đơn vị “trong ngày”"),
        ({"time_limit": Decimal(2)}, "vượt thời hạn giải quyết"),
        ({"agency": "000.00.99.H41"}, "Không có cơ quan"),
        ({"name": ""}, "Thiếu tên thủ tục"),
        ({"statutory_time_limit": Decimal(1)}, "dài hơn thời hạn luật định"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(demo, publication, approval, changes, message):
    before = _counts()
    with pytest.raises(InvalidInput, match=message):
        _publish(make_spec(**changes), publication, approval)
    assert _counts() == before


def test_an_amendment_cannot_take_effect_before_the_current_version(demo, publication, amendment, approval):
    _publish(make_spec(effective_from=date(2026, 3, 1)), amendment, approval)
    with pytest.raises(InvalidInput, match="trước ngày hiệu lực của phiên bản hiện có"):
        _publish(make_spec(time_limit=Decimal(6), effective_from=date(2026, 2, 1)), publication)


def test_a_process_decision_cannot_publish(demo, approval):
    with pytest.raises(InvalidInput, match="Công bố thủ tục hành chính"):
        _publish(make_spec(), approval)


def test_decisions_are_recorded_once_and_conflicts_refused(db):
    kw = {"number": "7/QĐ-UBND", "issued_on": date(2026, 1, 5), "kind": "publication", "actor": None}
    first = record_decision(effective_from=date(2026, 1, 5), **kw)
    assert record_decision(effective_from=date(2026, 1, 5), **kw) == first
    with pytest.raises(InvalidInput, match="nội dung khác"):
        record_decision(effective_from=date(2026, 2, 1), **kw)
    with pytest.raises(InvalidInput, match="không được trước ngày ban hành"):
        record_decision(
            number="8/QĐ-UBND",
            issued_on=date(2026, 1, 5),
            effective_from=date(2026, 1, 1),
            kind="publication",
            actor=None,
        )
    with pytest.raises(InvalidInput, match="PDF"):
        record_decision(
            number="9/QĐ-UBND",
            issued_on=date(2026, 1, 5),
            effective_from=date(2026, 1, 5),
            kind="publication",
            file=("qd.pdf", b"not a pdf"),
            actor=None,
        )


def test_a_decision_file_must_be_a_pdf(db):
    decision = record_decision(
        number="10/QĐ-UBND",
        issued_on=date(2026, 1, 5),
        effective_from=date(2026, 1, 5),
        kind="publication",
        file=("qd.pdf", b"%PDF-1.4\n%%EOF\n"),
        actor=None,
    )
    assert decision.file.name.endswith(".pdf")


def test_abolition_keeps_versions_and_hides_the_procedure_from_that_day(
    demo, publication, amendment, approval
):
    version = _publish(make_spec(), publication, approval)
    abolish_procedure(procedure=version.procedure, decision=amendment, actor=None)
    procedure = Procedure.objects.get(pk=version.procedure_id)
    assert procedure.abolished_from == date(2026, 3, 1)
    assert procedure.versions.count() == 1
    assert not selectors.list_procedures(query="thu nghiem", on=date(2026, 3, 1)).exists()
    assert selectors.list_procedures(query="thu nghiem", on=date(2026, 2, 28)).exists()
    with pytest.raises(ProcedureVersion.DoesNotExist):
        selectors.get_version_in_force(procedure=procedure, on=date(2026, 3, 1))
    with pytest.raises(InvalidInput, match="đã bị bãi bỏ"):
        _publish(make_spec(time_limit=Decimal(6), effective_from=date(2026, 4, 1)), amendment, approval)


def test_a_version_is_in_use_once_a_dossier_points_at_it(demo, submit):
    from conftest import vn

    assert not is_in_use(demo.version) or demo.version.dossiers.exists()
    submit(at=vn(2026, 3, 2, 8, 0))
    assert is_in_use(demo.version)


def test_the_demo_catalog_processes_all_pass_validation(demo):
    from motcua.catalog.services import check_graph
    from motcua.catalog.specs import graph_of

    for version in ProcedureVersion.objects.select_related("competent_agency").prefetch_related(
        "process__steps__moves__agency"
    ):
        graph = graph_of(version)
        assert graph is not None, version
        assert check_graph(version=version, graph=graph) == [], version


def test_the_demo_records_the_lltp_former_code(demo):
    assert selectors.get_procedure(code="2.000488").code == "3.000333"


def test_replace_keeps_spec_equality_semantics():
    spec = make_spec()
    assert spec.content_equals(replace(spec, effective_from=date(2030, 1, 1)))
    assert spec.content_equals(replace(spec, process=None))
    assert not spec.content_equals(replace(spec, process=steps("4", "20", "4")))
