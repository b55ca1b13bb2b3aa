"""What a published version says, as plain data: built from a form, an Excel row or the database.

`VersionSpec` is the unit of publication. Services publish it, the Excel import builds it from rows
and compares it with `spec_of(latest version)`, so re-importing an exported file finds every
procedure unchanged. `validate_spec` lists every problem with the field it concerns, in Vietnamese.
"""

from __future__ import annotations

import re
from dataclasses import astuple, dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from motcua.core.text import nfc

from . import graph as g
from .codes import is_agency_id, is_procedure_code
from .limits import limit_in_hours
from .models import Fee, FormField, OnlineLevel, Procedure, ProcedureVersion, RequiredPaper, TimeUnit

MAX_DECIMAL = Decimal("9999.99")
FIELD_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_FORM_FIELDS = 60
MAX_FIELD_LENGTH = 5000


@dataclass(frozen=True)
class PaperSpec:
    name: str
    form: str = RequiredPaper.Form.ORIGINAL
    count: int = 1
    is_required: bool = True
    template_name: str = ""
    reusable_from_data_store: bool = False
    reusable_from_national_db: bool = False


@dataclass(frozen=True)
class FeeSpec:
    kind: str
    amount_vnd: int
    case: str = ""
    online_amount_vnd: int | None = None
    unit: str = ""
    exemptions: str = ""


@dataclass(frozen=True)
class ResultSpec:
    name: str
    code: str = ""
    is_electronic: bool = False


@dataclass(frozen=True)
class FormFieldSpec:
    """One field of the e-form; `choices` only for the choice kind, `max_length` only for text."""

    key: str
    label: str
    kind: str = FormField.Kind.TEXT
    is_required: bool = False
    choices: tuple[str, ...] = ()
    help_text: str = ""
    max_length: int | None = None


@dataclass(frozen=True)
class VersionSpec:
    code: str
    name: str
    sector_code: str
    sector_name: str
    level: str
    agency: str
    effective_from: date
    time_limit: Decimal | None
    time_unit: str
    result_description: str
    online_level: str
    time_limit_text: str = ""
    statutory_time_limit: Decimal | None = None
    fee_vnd: int = 0
    fee_text: str = ""
    requirements: str = ""
    regardless_of_boundary: bool = True
    # Electronic ids of every agency that handles the procedure under this version, the lead
    # (`agency`) included; () means the lead alone. Compared as a set (`competent_agencies`).
    agencies: tuple[str, ...] = ()
    coordinating_agencies: tuple[str, ...] = ()
    papers: tuple[PaperSpec, ...] = ()
    fees: tuple[FeeSpec, ...] = ()
    results: tuple[ResultSpec, ...] = ()
    legal_bases: tuple[str, ...] = ()
    process: g.ProcessGraph | None = None
    # None: the version keeps the e-form of the previous one (a source without e-forms, e.g. an
    # older workbook); () publishes a version without e-form fields.
    form_fields: tuple[FormFieldSpec, ...] | None = None
    verification_note: str = field(default="", compare=False)

    @property
    def competent_agencies(self) -> tuple[str, ...]:
        """Return the electronic ids of all agencies that handle the procedure, the lead included, sorted."""
        return tuple(sorted({self.agency, *self.agencies} - {""}))

    def content_equals(self, other: VersionSpec) -> bool:
        """Return whether two specs publish the same content (the effective date aside).

        A spec without a process keeps the other's process, and one without e-form fields (None)
        keeps the other's fields, so they compare equal on that point.
        """
        mine = self if self.process is not None else _with_process(self, other.process)
        theirs = other if other.process is not None else _with_process(other, mine.process)
        if mine.form_fields is None:
            mine = replace(mine, form_fields=theirs.form_fields)
        if theirs.form_fields is None:
            theirs = replace(theirs, form_fields=mine.form_fields)
        return _key(mine) == _key(theirs)


def _with_process(spec: VersionSpec, process: g.ProcessGraph | None) -> VersionSpec:
    return replace(spec, process=process)


def _key(spec: VersionSpec) -> tuple[object, ...]:
    return astuple(
        replace(spec, effective_from=date.min, verification_note="", agencies=spec.competent_agencies)
    )


def clean_text(value: object) -> str:
    """Return text in NFC without surrounding spaces; None becomes empty."""
    return "" if value is None else nfc(str(value))


def validate_spec(spec: VersionSpec) -> list[tuple[str, str]]:
    """Return (field, message) for every problem of a spec; fields name `VersionSpec` attributes."""
    problems: list[tuple[str, str]] = []

    def add(name: str, message: str) -> None:
        problems.append((name, message))

    if not spec.code:
        add("code", _("Thiếu mã thủ tục."))
    elif not is_procedure_code(spec.code):
        add(
            "code",
            _("Mã thủ tục “%(code)s” không đúng dạng mã trên CSDL quốc gia (ví dụ 1.001193).")
            % {"code": spec.code[:60]},
        )
    if not spec.name:
        add("name", _("Thiếu tên thủ tục."))
    elif len(spec.name) > 400:
        add("name", _("Tên thủ tục dài quá 400 ký tự."))
    if not spec.sector_code:
        add("sector_code", _("Thiếu mã lĩnh vực."))
    elif len(spec.sector_code) > 40 or len(spec.sector_name) > 200:
        add("sector_code", _("Mã lĩnh vực (tối đa 40 ký tự) hoặc tên lĩnh vực (tối đa 200 ký tự) quá dài."))
    if spec.level not in Procedure.Level.values:
        add("level", _("Cấp thực hiện phải là “Cấp tỉnh” hoặc “Cấp xã”."))
    if not spec.agency:
        add("agency", _("Thiếu mã định danh cơ quan có thẩm quyền giải quyết."))
    elif not is_agency_id(spec.agency):
        add(
            "agency",
            _("Mã định danh cơ quan “%(id)s” không đúng dạng (ví dụ 000.00.12.H41).")
            % {"id": spec.agency[:40]},
        )
    for other in spec.agencies:
        if not is_agency_id(other):
            add(
                "agencies",
                _("Mã định danh cơ quan có thẩm quyền “%(id)s” không đúng dạng.") % {"id": other[:40]},
            )
    if spec.agencies and spec.agency and spec.agency not in spec.agencies:
        add(
            "agencies",
            _("Cơ quan chủ trì %(id)s phải nằm trong danh sách các cơ quan có thẩm quyền giải quyết thủ tục.")
            % {"id": spec.agency[:40]},
        )
    if len(set(spec.agencies)) != len(spec.agencies):
        add("agencies", _("Danh sách các cơ quan có thẩm quyền có mã định danh bị lặp."))
    for other in spec.coordinating_agencies:
        if not is_agency_id(other):
            add(
                "coordinating_agencies",
                _("Mã định danh cơ quan phối hợp “%(id)s” không đúng dạng.") % {"id": other[:40]},
            )
    if spec.time_unit not in TimeUnit.values:
        add("time_unit", _("Đơn vị thời hạn phải là ngày làm việc, giờ làm việc, ngày hoặc trong ngày."))
    if spec.time_limit is None:
        add("time_limit", _("Thiếu thời hạn giải quyết."))
    elif spec.time_limit < 0:
        add("time_limit", _("Thời hạn giải quyết không được âm."))
    elif spec.time_limit > MAX_DECIMAL:
        add("time_limit", _("Thời hạn giải quyết quá lớn."))
    elif spec.time_limit == 0 and spec.time_unit != TimeUnit.SAME_DAY:
        add("time_limit", _("Thời hạn giải quyết bằng 0 chỉ dùng với đơn vị “trong ngày”."))
    if spec.statutory_time_limit is not None:
        if spec.statutory_time_limit < 0 or spec.statutory_time_limit > MAX_DECIMAL:
            add("statutory_time_limit", _("Thời hạn luật định không hợp lệ."))
        elif spec.time_limit is not None and spec.statutory_time_limit < spec.time_limit:
            add("statutory_time_limit", _("Thời hạn công bố dài hơn thời hạn luật định."))
    if len(spec.time_limit_text) > 300:
        add("time_limit_text", _("Mô tả thời hạn dài quá 300 ký tự."))
    if spec.fee_vnd < 0:
        add("fee_vnd", _("Phí, lệ phí không được âm."))
    if len(spec.fee_text) > 600:
        add("fee_text", _("Mô tả phí, lệ phí dài quá 600 ký tự."))
    if spec.online_level not in OnlineLevel.values:
        add("online_level", _("Mức độ trực tuyến phải là toàn trình, một phần hoặc không trực tuyến."))
    if not spec.result_description:
        add("result_description", _("Thiếu kết quả giải quyết."))
    elif len(spec.result_description) > 300:
        add("result_description", _("Mô tả kết quả dài quá 300 ký tự."))
    for i, paper in enumerate(spec.papers, start=1):
        if not paper.name or len(paper.name) > 400:
            add("papers", _("Giấy tờ số %(n)d: thiếu tên hoặc tên dài quá 400 ký tự.") % {"n": i})
        if paper.form not in RequiredPaper.Form.values:
            add(
                "papers",
                _("Giấy tờ số %(n)d: loại phải là bản chính, bản sao chứng thực hoặc bản chụp.") % {"n": i},
            )
        if not 1 <= paper.count <= 99:
            add("papers", _("Giấy tờ số %(n)d: số lượng phải từ 1 đến 99.") % {"n": i})
    for i, fee in enumerate(spec.fees, start=1):
        if fee.kind not in Fee.Kind.values:
            add("fees", _("Khoản thu số %(n)d: loại phải là phí hoặc lệ phí.") % {"n": i})
        if fee.amount_vnd < 0 or (fee.online_amount_vnd is not None and fee.online_amount_vnd < 0):
            add("fees", _("Khoản thu số %(n)d: mức thu không được âm.") % {"n": i})
        elif fee.online_amount_vnd is not None and fee.online_amount_vnd > fee.amount_vnd:
            add(
                "fees",
                _("Khoản thu số %(n)d: mức thu trực tuyến không được cao hơn mức thu trực tiếp.") % {"n": i},
            )
    for i, result in enumerate(spec.results, start=1):
        if not result.name or len(result.name) > 400:
            add("results", _("Kết quả số %(n)d: thiếu tên hoặc tên dài quá 400 ký tự.") % {"n": i})
    for i, basis in enumerate(spec.legal_bases, start=1):
        if not basis or len(basis) > 500:
            add("legal_bases", _("Căn cứ pháp lý số %(n)d: trống hoặc dài quá 500 ký tự.") % {"n": i})
    for name, message in validate_form_fields(spec.form_fields or ()):
        add(name, message)
    if spec.process is not None and spec.time_limit is not None and spec.time_unit in TimeUnit.values:
        limit = limit_in_hours(spec.time_limit, spec.time_unit) if spec.time_limit >= 0 else None
        for problem in g.validate(spec.process, limit_hours=limit, own_agency=spec.agency):
            add("process", g.describe([problem])[0])
    return problems


def validate_form_fields(fields: tuple[FormFieldSpec, ...]) -> list[tuple[str, str]]:
    """Return ("form_fields", message) for every problem of an e-form definition."""
    problems: list[tuple[str, str]] = []

    def add(message: str) -> None:
        problems.append(("form_fields", message))

    if len(fields) > MAX_FORM_FIELDS:
        add(_("Tờ khai điện tử có quá %(max)d trường.") % {"max": MAX_FORM_FIELDS})
    seen: set[str] = set()
    for i, f in enumerate(fields, start=1):
        if not FIELD_KEY.match(f.key):
            add(
                _(
                    "Trường số %(n)d: mã “%(key)s” phải gồm chữ thường không dấu, số, dấu gạch dưới, "
                    "bắt đầu bằng chữ, tối đa 40 ký tự."
                )
                % {"n": i, "key": f.key[:50]}
            )
        elif f.key in seen:
            add(_("Trường số %(n)d: mã “%(key)s” bị lặp.") % {"n": i, "key": f.key})
        seen.add(f.key)
        if not f.label or len(f.label) > 200:
            add(_("Trường số %(n)d: thiếu nhãn hoặc nhãn dài quá 200 ký tự.") % {"n": i})
        if len(f.help_text) > 300:
            add(_("Trường số %(n)d: hướng dẫn dài quá 300 ký tự.") % {"n": i})
        if f.kind not in FormField.Kind.values:
            add(
                _("Trường số %(n)d: kiểu dữ liệu phải là một trong: %(kinds)s.")
                % {"n": i, "kinds": ", ".join(str(label) for _k, label in FormField.Kind.choices)}
            )
            continue
        if f.kind == FormField.Kind.CHOICE:
            if len(f.choices) < 2:
                add(_("Trường số %(n)d: kiểu “Chọn một trong danh sách” cần ít nhất 2 lựa chọn.") % {"n": i})
            elif len(set(f.choices)) != len(f.choices):
                add(_("Trường số %(n)d: các lựa chọn bị lặp.") % {"n": i})
            elif any(not c or len(c) > 200 or ";" in c for c in f.choices):
                add(
                    _("Trường số %(n)d: mỗi lựa chọn không được trống, dài quá 200 ký tự hoặc chứa dấu “;”.")
                    % {"n": i}
                )
        elif f.choices:
            add(_("Trường số %(n)d: chỉ kiểu “Chọn một trong danh sách” mới có các lựa chọn.") % {"n": i})
        if f.max_length is not None:
            if f.kind not in (FormField.Kind.TEXT, FormField.Kind.LONG_TEXT):
                add(_("Trường số %(n)d: độ dài tối đa chỉ dùng với kiểu văn bản.") % {"n": i})
            elif not 1 <= f.max_length <= MAX_FIELD_LENGTH:
                add(
                    _("Trường số %(n)d: độ dài tối đa phải từ 1 đến %(max)d ký tự.")
                    % {"n": i, "max": MAX_FIELD_LENGTH}
                )
    return problems


def form_field_spec(f: FormField) -> FormFieldSpec:
    """Return what a stored e-form field publishes."""
    return FormFieldSpec(
        key=f.key,
        label=f.label,
        kind=f.kind,
        is_required=f.is_required,
        choices=tuple(f.choice_list),
        help_text=f.help_text,
        max_length=f.max_length,
    )


def graph_of(version: ProcedureVersion) -> g.ProcessGraph | None:
    """Return the approved steps of a version's process as a graph, or None when there are none."""
    process = getattr(version, "process", None)
    if process is None:
        return None
    steps = list(process.steps.all())
    if not steps:
        return None
    order_of = {s.pk: s.order for s in steps}
    return g.ProcessGraph(
        steps=tuple(
            g.Step(
                order=s.order,
                kind=s.kind,
                name=s.name,
                role=s.role,
                unit=s.unit,
                allotted_hours=s.allotted_hours,
                moves=tuple(
                    g.Move(
                        kind=m.kind,
                        to=order_of.get(m.to_step_id) if m.to_step_id else None,
                        agency=m.agency.electronic_id if m.agency_id and m.agency else "",
                    )
                    for m in s.moves.all()
                ),
            )
            for s in sorted(steps, key=lambda s: s.order)
        )
    )


def spec_of(version: ProcedureVersion) -> VersionSpec:
    """Return what a stored version publishes (prefetch its relations to avoid a query per list)."""
    procedure = version.procedure
    return VersionSpec(
        code=version.code or procedure.code,
        name=version.name or procedure.name,
        sector_code=procedure.sector.code,
        sector_name=procedure.sector.name,
        level=procedure.level,
        agency=version.competent_agency.electronic_id,
        agencies=tuple(sorted(a.electronic_id for a in version.competent_agencies.all())),
        coordinating_agencies=tuple(sorted(a.electronic_id for a in version.coordinating_agencies.all())),
        effective_from=version.effective_from,
        time_limit=version.time_limit,
        time_unit=version.time_unit,
        time_limit_text=version.time_limit_text,
        statutory_time_limit=version.statutory_time_limit,
        fee_vnd=version.fee_vnd,
        fee_text=version.fee_text,
        online_level=version.online_level,
        result_description=version.result_description,
        requirements=version.requirements,
        regardless_of_boundary=version.regardless_of_boundary,
        papers=tuple(
            PaperSpec(
                name=p.name,
                form=p.form,
                count=p.count,
                is_required=p.is_required,
                template_name=p.template_name,
                reusable_from_data_store=p.reusable_from_data_store,
                reusable_from_national_db=p.reusable_from_national_db,
            )
            for p in sorted(version.papers.all(), key=lambda p: p.order)
        ),
        fees=tuple(
            FeeSpec(
                kind=f.kind,
                case=f.case,
                amount_vnd=f.amount_vnd,
                online_amount_vnd=f.online_amount_vnd,
                unit=f.unit,
                exemptions=f.exemptions,
            )
            for f in sorted(version.fees.all(), key=lambda f: f.order)
        ),
        results=tuple(
            ResultSpec(name=r.name, code=r.code, is_electronic=r.is_electronic)
            for r in sorted(version.results.all(), key=lambda r: r.order)
        ),
        legal_bases=tuple(b.text for b in sorted(version.legal_bases.all(), key=lambda b: b.order)),
        process=graph_of(version),
        form_fields=tuple(
            form_field_spec(f) for f in sorted(version.form_fields.all(), key=lambda f: (f.order, f.pk))
        ),
        verification_note=version.verification_note,
    )
