"""A procedure handled by many agencies: the set is part of the version, the lead is one of them.

After the 2025 reorganisation a commune-level procedure is handled by every commune's People's
Committee of the province (Decree 118/2025/NĐ-CP Art 14(2)); one internal process serves them all.
"""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from motcua.catalog import excel, selectors, statistics
from motcua.catalog.models import Procedure, ProcedureVersion, ProcessStep
from motcua.catalog.services import import_catalog, publish_version
from motcua.catalog.specs import validate_spec
from motcua.core.errors import InvalidInput

from .conftest import AT, CONSTRUCTION, JUSTICE, make_spec

pytestmark = pytest.mark.django_db

COMMUNES = ["000.00.61.H41", "000.00.62.H41", "000.00.63.H41", "000.00.64.H41", "000.00.65.H41"]
BIRTH = "1.001193"  # Đăng ký khai sinh: every demo commune's People's Committee


def _publish(spec, decision, approval=None):
    return publish_version(spec=spec, decision=decision, process_decision=approval, actor=None, at=AT)


def _ids(version):
    return sorted(version.competent_agencies.values_list("electronic_id", flat=True))


def _counts():
    return Procedure.objects.count(), ProcedureVersion.objects.count(), ProcessStep.objects.count()


def test_the_set_compares_as_a_set_with_the_lead_always_in_it():
    lead_only = make_spec()
    assert lead_only.competent_agencies == (JUSTICE,)
    assert lead_only.content_equals(make_spec(agencies=(JUSTICE,)))
    both = make_spec(agencies=(JUSTICE, CONSTRUCTION))
    assert both.content_equals(make_spec(agencies=(CONSTRUCTION, JUSTICE)))
    assert not both.content_equals(lead_only)


def test_a_set_without_the_lead_or_with_a_malformed_id_is_invalid():
    fields = [f for f, _m in validate_spec(make_spec(agencies=(CONSTRUCTION,)))]
    assert fields == ["agencies"]
    messages = " ".join(m for _f, m in validate_spec(make_spec(agencies=(JUSTICE, "UBND xa"))))
    assert "UBND xa" in messages


def test_publishing_writes_the_set_and_one_shared_process(demo, publication, approval):
    version = _publish(make_spec(agencies=(CONSTRUCTION, JUSTICE)), publication, approval)
    assert _ids(version) == sorted([JUSTICE, CONSTRUCTION])
    assert version.competent_agency.electronic_id == JUSTICE
    assert selectors.list_competent_agencies(version)[0].electronic_id == JUSTICE
    assert version.process.steps.count() == 3


def test_an_identical_set_writes_nothing_and_a_changed_set_is_a_new_version(
    demo, publication, amendment, approval
):
    first = _publish(make_spec(agencies=(JUSTICE, CONSTRUCTION)), publication, approval)
    before = _counts()
    assert _publish(make_spec(agencies=(CONSTRUCTION, JUSTICE)), publication, approval) == first
    assert _counts() == before

    second = _publish(make_spec(effective_from=date(2026, 3, 1), process=None), amendment)
    assert second.number == 2
    assert _ids(second) == [JUSTICE]
    assert _ids(first) == sorted([JUSTICE, CONSTRUCTION])  # history is not rewritten
    assert second.process.steps.count() == 3  # the approved steps carry over


def test_publishing_refuses_a_lead_outside_the_set_and_an_unknown_agency(demo, publication, approval):
    before = _counts()
    with pytest.raises(InvalidInput) as outside:
        _publish(make_spec(agencies=(CONSTRUCTION,)), publication, approval)
    assert "phải nằm trong danh sách" in str(outside.value.message)
    with pytest.raises(InvalidInput) as unknown:
        _publish(make_spec(agencies=(JUSTICE, "000.00.97.H41")), publication, approval)
    assert "000.00.97.H41" in str(unknown.value.message)
    assert _counts() == before


def test_the_demo_commune_procedures_are_handled_by_every_commune(demo):
    version = selectors.get_procedure_page(code=BIRTH, on=date(2026, 3, 2)).version
    assert _ids(version) == COMMUNES
    assert version.competent_agency.electronic_id == COMMUNES[0]


def test_statistics_count_a_procedure_for_each_of_its_agencies(demo):
    stats = statistics.get_catalog_statistics(on=date(2026, 3, 2))
    by_agency = {t.key: t.count for t in stats.by_agency}
    assert by_agency[COMMUNES[0]] == by_agency[COMMUNES[1]] > 20
    centres = {t.key: t.count for t in stats.by_service_centre}
    assert centres["000.01.62.H41"] == by_agency[COMMUNES[1]]


def _sheet(data):
    return load_workbook(io.BytesIO(data))[excel.PROCEDURES]


def _edit(data, edit):
    wb = load_workbook(io.BytesIO(data))
    edit(wb[excel.PROCEDURES])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(ws, code, header):
    column = [c.value for c in ws[1]].index(header)
    for row in ws.iter_rows(min_row=2):
        if row[0].value == code:
            return row[column]
    raise AssertionError(code)


AGENCIES = "Các cơ quan có thẩm quyền (mã định danh)"


def test_the_export_lists_the_agencies_and_reimporting_it_changes_nothing(demo):
    data = excel.export_workbook()
    assert _cell(_sheet(data), BIRTH, AGENCIES).value == "; ".join(COMMUNES)
    assert _cell(_sheet(data), "2.000635", AGENCIES).value == "000.00.12.H41"
    before = _counts()
    plan = excel.read_workbook(data)
    assert plan.errors == []
    assert plan.count("unchanged") == Procedure.objects.count()
    import_catalog(plan=plan, actor=None, at=AT)
    assert _counts() == before


def test_a_changed_set_in_the_workbook_publishes_a_new_version(demo):
    def edit(ws):
        _cell(ws, BIRTH, AGENCIES).value = "; ".join(COMMUNES[:2])
        _cell(ws, BIRTH, "Hiệu lực từ").value = date(2026, 4, 1)

    plan = excel.read_workbook(_edit(excel.export_workbook(), edit))
    assert plan.errors == []
    assert plan.count("amend") == 1
    import_catalog(plan=plan, actor=None, at=AT)
    latest = Procedure.objects.get(code=BIRTH).versions.order_by("-number").first()
    assert _ids(latest) == COMMUNES[:2]


def test_an_unknown_agency_or_a_lead_outside_the_set_is_a_rejected_row(demo):
    def edit(ws):
        _cell(ws, BIRTH, AGENCIES).value = f"{COMMUNES[0]}; 000.00.97.H41"
        _cell(ws, "1.000894", AGENCIES).value = COMMUNES[1]

    data = _edit(excel.export_workbook(), edit)
    rows = {r[0].value: r[0].row for r in _sheet(data).iter_rows(min_row=2)}
    before = _counts()
    plan = excel.read_workbook(data)
    errors = [(e.sheet, e.row, e.message) for e in plan.errors]
    assert any(
        sheet == excel.PROCEDURES and row == rows[BIRTH] and "000.00.97.H41" in message
        for sheet, row, message in errors
    ), errors
    assert any(
        sheet == excel.PROCEDURES and row == rows["1.000894"] and "phải nằm trong danh sách" in message
        for sheet, row, message in errors
    ), errors
    with pytest.raises(InvalidInput):
        import_catalog(plan=plan, actor=None, at=AT)
    assert _counts() == before


def test_the_public_api_lists_every_competent_agency(client, demo):
    body = client.get(f"/api/v1/procedures/{BIRTH}").json()
    ids = [a["electronic_id"] for a in body["competent_agencies"]]
    assert ids[0] == COMMUNES[0]
    assert sorted(ids) == COMMUNES
    assert body["competent_agencies"][0]["is_lead"] is True
    assert body["competent_agency"]["electronic_id"] == COMMUNES[0]
    assert body["competent_agencies"][1]["service_centre"].startswith("Trung tâm Phục vụ hành chính công")
