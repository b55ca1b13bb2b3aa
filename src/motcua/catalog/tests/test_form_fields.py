"""E-form fields of a version: published with it, copied to the next one, checked, in Excel and the admin."""

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal

from django.urls import reverse

import pytest
from openpyxl import load_workbook

from motcua.catalog import eforms, excel
from motcua.catalog.models import FormField, Procedure, ProcedureVersion
from motcua.catalog.services import import_catalog, publish_version, set_form_fields
from motcua.catalog.specs import FormFieldSpec, spec_of, validate_spec
from motcua.core.errors import InvalidInput

from .conftest import AT, make_spec

pytestmark = pytest.mark.django_db

FIELDS = (
    FormFieldSpec(key="ho_ten", label="Họ và tên người được cấp", is_required=True, max_length=100),
    FormFieldSpec(key="ngay_sinh", label="Ngày sinh", kind="date", is_required=True),
    FormFieldSpec(key="gioi_tinh", label="Giới tính", kind="choice", choices=("Nam", "Nữ")),
    FormFieldSpec(key="so_ban", label="Số bản", kind="number"),
    FormFieldSpec(key="ghi_chu", label="Ghi chú", kind="long_text", help_text="Không bắt buộc"),
    FormFieldSpec(key="dung_han", label="Đăng ký đúng hạn", kind="yes_no"),
)


def _publish(spec, decision, approval=None):
    return publish_version(spec=spec, decision=decision, process_decision=approval, actor=None, at=AT)


def _keys(version):
    return list(version.form_fields.order_by("order").values_list("key", flat=True))


def test_a_published_version_keeps_its_form_fields_in_order(demo, publication, approval):
    version = _publish(make_spec(form_fields=FIELDS), publication, approval)
    assert _keys(version) == ["ho_ten", "ngay_sinh", "gioi_tinh", "so_ban", "ghi_chu", "dung_han"]
    choice = version.form_fields.get(key="gioi_tinh")
    assert (choice.kind, choice.choice_list, choice.is_required) == ("choice", ["Nam", "Nữ"], False)
    assert spec_of(version).form_fields == FIELDS


def test_a_new_version_without_fields_copies_the_previous_ones(demo, publication, amendment, approval):
    first = _publish(make_spec(form_fields=FIELDS), publication, approval)
    second = _publish(
        make_spec(time_limit=Decimal(6), effective_from=date(2026, 3, 1), process=None, form_fields=None),
        amendment,
    )
    assert second.number == 2
    assert spec_of(second).form_fields == FIELDS
    # copies, not shared rows: the first version keeps its own
    assert set(first.form_fields.values_list("pk", flat=True)).isdisjoint(
        second.form_fields.values_list("pk", flat=True)
    )


def test_changed_fields_make_a_new_version_and_the_same_fields_change_nothing(
    demo, publication, amendment, approval
):
    first = _publish(make_spec(form_fields=FIELDS), publication, approval)
    same = _publish(make_spec(effective_from=date(2026, 3, 1), form_fields=FIELDS), amendment)
    assert same == first
    without_fields_source = _publish(make_spec(effective_from=date(2026, 3, 1), form_fields=None), amendment)
    assert without_fields_source == first
    relabelled = (replace(FIELDS[0], label="Họ, chữ đệm, tên"), *FIELDS[1:])
    second = _publish(make_spec(effective_from=date(2026, 3, 1), form_fields=relabelled), amendment)
    assert second.number == 2
    assert second.form_fields.get(key="ho_ten").label == "Họ, chữ đệm, tên"
    assert first.form_fields.get(key="ho_ten").label == "Họ và tên người được cấp"


@pytest.mark.parametrize(
    ("field", "message"),
    [
        (FormFieldSpec(key="Họ tên", label="Họ tên"), "chữ thường không dấu"),
        (FormFieldSpec(key="x", label=""), "thiếu nhãn"),
        (FormFieldSpec(key="x", label="X", kind="choice", choices=("Một",)), "ít nhất 2 lựa chọn"),
        (FormFieldSpec(key="x", label="X", choices=("A", "B")), "chỉ kiểu “Chọn một trong danh sách”"),
        (FormFieldSpec(key="x", label="X", kind="date", max_length=10), "chỉ dùng với kiểu văn bản"),
        (FormFieldSpec(key="x", label="X", max_length=9000), "từ 1 đến 5000"),
        (FormFieldSpec(key="x", label="X", kind="photo"), "kiểu dữ liệu phải là một trong"),
    ],
)
def test_a_bad_field_definition_is_refused_with_a_reason(demo, publication, field, message):
    problems = validate_spec(make_spec(form_fields=(field,)))
    assert [name for name, _m in problems] == ["form_fields"]
    assert message in problems[0][1]
    with pytest.raises(InvalidInput, match=message):
        _publish(make_spec(form_fields=(field,)), publication)
    assert not Procedure.objects.filter(code="1.999001").exists()


def test_duplicate_keys_are_refused(demo):
    problems = validate_spec(make_spec(form_fields=(FIELDS[0], replace(FIELDS[1], key="ho_ten"))))
    assert "bị lặp" in problems[0][1]


def test_fields_of_a_version_not_yet_used_can_be_replaced(demo, publication, approval):
    version = _publish(make_spec(form_fields=FIELDS), publication, approval)
    set_form_fields(version=version, fields=FIELDS[:2], actor=None)
    assert _keys(version) == ["ho_ten", "ngay_sinh"]
    with pytest.raises(InvalidInput, match="ít nhất 2 lựa chọn"):
        set_form_fields(
            version=version, fields=[FormFieldSpec(key="a", label="A", kind="choice")], actor=None
        )
    assert _keys(version) == ["ho_ten", "ngay_sinh"]


# --- answers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "stored"),
    [
        ("ho_ten", "  Nguyễn Văn An ", "Nguyễn Văn An"),
        ("ngay_sinh", "2024-05-01", "2024-05-01"),
        ("gioi_tinh", "Nữ", "Nữ"),
        ("so_ban", "2,50", "2.5"),
        ("so_ban", 3, "3"),
        ("dung_han", False, False),
    ],
)
def test_each_kind_of_answer_is_stored_in_its_shape(key, value, stored):
    answers = {"ho_ten": "An", "ngay_sinh": "2024-05-01", key: value}
    cleaned, errors = eforms.check_answers(FIELDS, answers)
    assert errors == {}
    assert cleaned[key] == stored


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("ho_ten", "x" * 101, "Họ và tên người được cấp: Tối đa 100 ký tự"),
        ("ngay_sinh", "31/02/2024", "Ngày không hợp lệ"),
        ("ngay_sinh", "1800-01-01", "từ năm 1900 đến năm 2100"),
        ("gioi_tinh", "Khác", "Lựa chọn không có trong danh sách"),
        ("so_ban", "hai", "Phải là số"),
        ("so_ban", True, "Phải là số"),
        ("dung_han", "có", "Chọn “Có” hoặc “Không”"),
    ],
)
def test_a_wrong_answer_gets_a_vietnamese_reason_per_field(key, value, message):
    _cleaned, errors = eforms.check_answers(FIELDS, {"ho_ten": "An", "ngay_sinh": "2024-05-01", key: value})
    assert list(errors) == [key]
    assert message in errors[key]


def test_missing_required_answers_and_unknown_keys_are_reported():
    cleaned, errors = eforms.check_answers(FIELDS, {"ghi_chu": "", "la": "x"})
    assert cleaned == {}
    assert set(errors) == {"", "ho_ten", "ngay_sinh"}
    assert "Họ và tên người được cấp" in errors["ho_ten"]
    assert "la" in errors[""]


def test_answers_are_shown_as_people_read_them():
    assert eforms.display_answer("date", "2024-05-01") == "01/05/2024"
    assert eforms.display_answer("yes_no", True) == "Có"
    assert eforms.display_answer("number", "2.5") == "2,5"


# --- Excel ------------------------------------------------------------------------------------


def _edit(data: bytes, edit) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _with_fields(demo):
    version = Procedure.objects.get(code="1.001193").versions.get()
    assert version.form_fields.exists()  # the demo gives the birth registration an e-form
    return version


def test_the_export_lists_form_fields_and_reimporting_it_changes_nothing(demo):
    version = _with_fields(demo)
    data = excel.export_workbook()
    ws = load_workbook(io.BytesIO(data))[excel.FORM_FIELDS]
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "1.001193"]
    assert [r[2] for r in rows] == _keys(version)
    gender = next(r for r in rows if r[2] == "gioi_tinh")
    assert (gender[4], gender[5], gender[6]) == ("Chọn một trong danh sách", "Có", "Nam; Nữ")
    before = (ProcedureVersion.objects.count(), FormField.objects.count())
    plan = excel.read_workbook(data)
    assert plan.errors == []
    assert plan.count("unchanged") == Procedure.objects.count()
    import_catalog(plan=plan, actor=None, at=AT)
    assert (ProcedureVersion.objects.count(), FormField.objects.count()) == before


def test_a_changed_field_row_publishes_a_new_version_with_the_new_form(demo):
    version = _with_fields(demo)

    def edit(wb):
        ws = wb[excel.FORM_FIELDS]
        header = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=2):
            if row[0].value == "1.001193" and row[2].value == "dan_toc":
                row[header.index("Bắt buộc")].value = "Không"
        procedures = wb[excel.PROCEDURES]
        for row in procedures.iter_rows(min_row=2):
            if row[0].value == "1.001193":
                row[[c.value for c in procedures[1]].index("Hiệu lực từ")].value = date(2026, 7, 1)

    plan = excel.read_workbook(_edit(excel.export_workbook(), edit))
    assert plan.errors == []
    assert [a.code for a in plan.actions if a.action == "amend"] == ["1.001193"]
    import_catalog(plan=plan, actor=None, at=AT)
    new = Procedure.objects.get(code="1.001193").versions.get(number=2)
    assert new.form_fields.get(key="dan_toc").is_required is False
    assert version.form_fields.get(key="dan_toc").is_required is True


def test_a_workbook_without_the_form_sheet_keeps_every_e_form(demo):
    _with_fields(demo)
    before = FormField.objects.count()
    plan = excel.read_workbook(_edit(excel.export_workbook(), lambda wb: wb.remove(wb[excel.FORM_FIELDS])))
    assert plan.errors == []
    assert plan.count("unchanged") == Procedure.objects.count()
    import_catalog(plan=plan, actor=None, at=AT)
    assert FormField.objects.count() == before


def test_a_bad_field_row_is_refused_with_its_sheet_and_row(demo):
    _with_fields(demo)

    def edit(wb):
        ws = wb[excel.FORM_FIELDS]
        ws.append(["1.001193", 99, "anh", "Ảnh chân dung", "Ảnh", "Không", "", "", ""])

    plan = excel.read_workbook(_edit(excel.export_workbook(), edit))
    assert any(e.sheet == excel.FORM_FIELDS and "Kiểu dữ liệu" in e.message for e in plan.errors)


# --- admin ------------------------------------------------------------------------------------


def _admin_post_data(response, **form_field_rows):
    """Return the POST of the version's change page: every inline's management form and rows."""
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        rows = form_field_rows.get(formset.prefix) if formset.model is FormField else None
        forms = [f for f in formset.forms if f.instance.pk]
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        data[f"{formset.prefix}-INITIAL_FORMS"] = len(forms)
        for _i, form in enumerate(forms):
            data[f"{form.prefix}-id"] = form.instance.pk
            data[f"{form.prefix}-version"] = form.instance.version_id
            if formset.model is FormField:
                for name in ("order", "key", "label", "kind", "choices", "help_text"):
                    data[f"{form.prefix}-{name}"] = getattr(form.instance, name)
                if form.instance.is_required:
                    data[f"{form.prefix}-is_required"] = "on"
        extra = rows or []
        for j, row in enumerate(extra, start=len(forms)):
            for name, value in row.items():
                data[f"{formset.prefix}-{j}-{name}"] = value
        data[f"{formset.prefix}-TOTAL_FORMS"] = len(forms) + len(extra)
    return data


def test_an_administrator_edits_the_form_of_an_unused_version_in_the_admin(
    client, demo, publication, approval
):
    version = _publish(make_spec(form_fields=FIELDS[:1]), publication, approval)
    client.force_login(demo.users["quantri"])
    url = reverse("admin:catalog_procedureversion_change", args=[version.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Tờ khai điện tử" in page.content.decode()
    prefix = next(
        i.formset.prefix for i in page.context["inline_admin_formsets"] if i.formset.model is FormField
    )
    data = _admin_post_data(
        page, **{prefix: [{"order": 2, "key": "so_ban", "label": "Số bản", "kind": "number"}]}
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert _keys(version) == ["ho_ten", "so_ban"]
    # a bad row is refused on the page and nothing changes
    bad = _admin_post_data(
        client.get(url), **{prefix: [{"order": 3, "key": "Sai Mã", "label": "Sai", "kind": "text"}]}
    )
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "chữ thường không dấu" in response.content.decode()
    assert _keys(version) == ["ho_ten", "so_ban"]


def test_citizens_and_desk_officers_cannot_edit_forms_in_the_admin(client, demo, publication, approval):
    version = _publish(make_spec(form_fields=FIELDS[:1]), publication, approval)
    client.force_login(demo.users["tiepnhan"])
    response = client.get(reverse("admin:catalog_procedureversion_change", args=[version.pk]))
    assert response.status_code in (302, 403)
