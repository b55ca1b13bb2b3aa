"""Reading a workbook whole and planning the import of each procedure row against the catalog."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from motcua.catalog import graph as g
from motcua.catalog.codes import is_procedure_code
from motcua.catalog.models import (
    Decision,
    Fee,
    FormField,
    MoveKind,
    OnlineLevel,
    Procedure,
    ProcessStep,
    RequiredPaper,
    TimeUnit,
)
from motcua.catalog.specs import (
    FeeSpec,
    FormFieldSpec,
    PaperSpec,
    ResultSpec,
    VersionSpec,
    spec_of,
    validate_spec,
)
from motcua.organisations.models import Agency

from .cells import (
    _bool,
    _cells,
    _choice,
    _code,
    _date,
    _decimal,
    _int,
    _list,
    _open,
    _orders,
    _Rejected,
    _rows,
    _text,
)
from .layout import (
    DECISIONS,
    FEES,
    FORM_FIELDS,
    LEGAL,
    PAPERS,
    PROCEDURES,
    REQUIRED_SHEETS,
    RESULTS,
    ROLE_CHOICES,
    SPEC_FIELD_SHEET,
    STEPS,
    label,
)
from .plan import DecisionRow, ImportPlan, ProcedureAction, RowError


def read_workbook(data: bytes) -> ImportPlan:
    """Read and check a whole workbook against the catalog; return the plan and every rejected row."""
    plan = ImportPlan()
    try:
        wb = _open(data)
    except _Rejected as exc:
        plan.errors.append(RowError("", 0, exc.message))
        return plan
    try:
        _read(wb, plan)
    finally:
        wb.close()
    return plan


def _read(wb: Any, plan: ImportPlan) -> None:
    errors = plan.errors
    for sheet in REQUIRED_SHEETS:
        if sheet not in wb.sheetnames:
            errors.append(RowError(sheet, 0, _("Thiếu trang “%(sheet)s”.") % {"sheet": sheet}))
    if errors:
        return

    decisions: dict[str, DecisionRow] = {}
    if DECISIONS in wb.sheetnames:
        for row, v in _rows(wb[DECISIONS], DECISIONS, errors):
            cells = _cells(row, DECISIONS, errors, _decision_parsers(v))
            if cells is None:
                continue
            if cells["number"] in decisions:
                errors.append(
                    RowError(DECISIONS, row, _("Số quyết định %(n)s bị lặp.") % {"n": cells["number"]})
                )
                continue
            if cells["effective_from"] < cells["issued_on"]:
                errors.append(RowError(DECISIONS, row, _("Ngày có hiệu lực không được trước ngày ban hành.")))
                continue
            existing = Decision.objects.filter(number=cells["number"], issued_on=cells["issued_on"]).first()
            if existing and (
                existing.kind != cells["kind"] or existing.effective_from != cells["effective_from"]
            ):
                errors.append(
                    RowError(
                        DECISIONS,
                        row,
                        _("Quyết định này đã có trong hệ thống với loại hoặc ngày hiệu lực khác."),
                    )
                )
                continue
            decisions[cells["number"]] = DecisionRow(row=row, **cells)
    plan.decisions = list(decisions.values())

    procedure_rows: dict[str, tuple[int, dict[str, Any]]] = {}
    for row, v in _rows(wb[PROCEDURES], PROCEDURES, errors):
        cells = _cells(row, PROCEDURES, errors, _procedure_parsers(v))
        if cells is None:
            continue
        if cells["code"] in procedure_rows:
            errors.append(
                RowError(PROCEDURES, row, _("Mã thủ tục %(code)s bị lặp.") % {"code": cells["code"]})
            )
            continue
        procedure_rows[cells["code"]] = (row, cells)

    related: dict[str, dict[str, list[tuple[int, dict[str, Any]]]]] = defaultdict(lambda: defaultdict(list))
    has_form_fields = FORM_FIELDS in wb.sheetnames
    sheets: list[tuple[str, Callable[[dict[str, Any]], list[tuple[str, Callable[[], Any]]]]]] = [
        (PAPERS, _paper_parsers),
        (FEES, _fee_parsers),
        (RESULTS, _result_parsers),
        (LEGAL, _legal_parsers),
        (STEPS, _step_parsers),
    ]
    if has_form_fields:
        sheets.append((FORM_FIELDS, _form_field_parsers))
    for sheet, parsers in sheets:
        for row, v in _rows(wb[sheet], sheet, errors):
            cells = _cells(row, sheet, errors, parsers(v))
            if cells is None:
                continue
            if cells["code"] not in procedure_rows:
                errors.append(
                    RowError(
                        sheet,
                        row,
                        _("Mã thủ tục %(code)s không có ở trang “Thủ tục”.") % {"code": cells["code"]},
                    )
                )
                continue
            related[sheet][cells["code"]].append((row, cells))
    for sheet, by_code in related.items():
        for items in by_code.values():
            seen: set[int] = set()
            for row, cells in items:
                if cells["order"] < 1 or cells["order"] in seen:
                    errors.append(
                        RowError(
                            sheet, row, _("Số thứ tự %(n)d bị lặp hoặc không hợp lệ.") % {"n": cells["order"]}
                        )
                    )
                seen.add(cells["order"])
            items.sort(key=lambda item: item[1]["order"])

    for code, (row, cells) in procedure_rows.items():
        action = _plan_procedure(
            code,
            row,
            cells,
            {sheet: related[sheet].get(code, []) for sheet in related},
            decisions,
            errors,
            has_form_fields=has_form_fields,
        )
        if action is not None:
            plan.actions.append(action)


def _decision_parsers(v: dict[str, Any]) -> list[tuple[str, Callable[[], Any]]]:
    return [
        ("number", lambda: _text(v["number"]) or _raise(_("Thiếu số, ký hiệu quyết định."))),
        ("issued_on", lambda: _date(v["issued_on"], label=_("ngày ban hành"), required=True)),
        ("effective_from", lambda: _date(v["effective_from"], label=_("ngày có hiệu lực"), required=True)),
        ("kind", lambda: _choice(v["kind"], Decision.Kind.choices, label=_("Loại quyết định"))),
        ("issuer", lambda: _text(v.get("issuer"))),
        ("title", lambda: _text(v.get("title"))),
    ]


def _raise(message: str) -> Any:
    raise _Rejected(message)


def _procedure_parsers(v: dict[str, Any]) -> list[tuple[str, Callable[[], Any]]]:
    return [
        ("code", lambda: _valid_code(v["code"])),
        ("former_codes", lambda: tuple(_valid_code(c) for c in _list(v.get("former_codes")))),
        ("name", lambda: _text(v["name"])),
        ("sector_code", lambda: _text(v["sector_code"])),
        ("sector_name", lambda: _text(v["sector_name"])),
        ("level", lambda: _choice(v["level"], Procedure.Level.choices, label=_("Cấp thực hiện"))),
        ("agency", lambda: _text(v["agency"])),
        ("agencies", lambda: _list(v.get("agencies"))),
        ("coordinating", lambda: _list(v.get("coordinating"))),
        ("effective_from", lambda: _date(v["effective_from"], label=_("ngày hiệu lực"), required=True)),
        ("decision", lambda: _text(v["decision"])),
        ("time_limit", lambda: _decimal(v["time_limit"], label=_("thời hạn giải quyết"), required=True)),
        ("time_unit", lambda: _choice(v["time_unit"], TimeUnit.choices, label=_("Đơn vị thời hạn"))),
        ("time_limit_text", lambda: _text(v.get("time_limit_text"))),
        ("statutory", lambda: _decimal(v.get("statutory"), label=_("thời hạn luật định"))),
        ("fee_vnd", lambda: _int(v.get("fee_vnd"), label=_("Phí, lệ phí chính"))),
        ("fee_text", lambda: _text(v.get("fee_text"))),
        (
            "online_level",
            lambda: _choice(v["online_level"], OnlineLevel.choices, label=_("Mức độ trực tuyến")),
        ),
        ("result", lambda: _text(v["result"])),
        ("requirements", lambda: _text(v.get("requirements"))),
        ("boundary", lambda: _bool(v.get("boundary"), label=_("Không phụ thuộc địa giới"), default=True)),
        ("process_decision", lambda: _text(v.get("process_decision"))),
        ("abolished_from", lambda: _date(v.get("abolished_from"), label=_("ngày bãi bỏ"))),
        ("abolish_decision", lambda: _text(v.get("abolish_decision"))),
    ]


def _valid_code(value: object) -> str:
    code = _code(value)
    if not code:
        raise _Rejected(_("Thiếu mã thủ tục."))
    if not is_procedure_code(code):
        raise _Rejected(
            _("Mã thủ tục “%(code)s” không đúng dạng mã trên CSDL quốc gia (ví dụ 1.001193).")
            % {"code": code[:60]}
        )
    return code


def _order_parser(v: dict[str, Any]) -> tuple[str, Callable[[], Any]]:
    return ("order", lambda: _int(v["order"], label=_("Số thứ tự"), required=True))


def _paper_parsers(v: dict[str, Any]) -> list[tuple[str, Callable[[], Any]]]:
    return [
        ("code", lambda: _valid_code(v["code"])),
        _order_parser(v),
        ("name", lambda: _text(v["name"])),
        ("form", lambda: _choice(v["form"], RequiredPaper.Form.choices, label=_("Loại bản"))),
        ("count", lambda: _int(v.get("count"), label=_("Số lượng"), default=1)),
        ("required", lambda: _bool(v.get("required"), label=_("Bắt buộc"), default=True)),
        ("template", lambda: _text(v.get("template"))),
        ("data_store", lambda: _bool(v.get("data_store"), label=_("Dùng lại từ kho dữ liệu"), default=False)),
        (
            "national_db",
            lambda: _bool(v.get("national_db"), label=_("Khai thác từ CSDL quốc gia"), default=False),
        ),
    ]


def _fee_parsers(v: dict[str, Any]) -> list[tuple[str, Callable[[], Any]]]:
    def online() -> int | None:
        return None if _text(v.get("online")) == "" else _int(v.get("online"), label=_("Mức thu trực tuyến"))

    return [
        ("code", lambda: _valid_code(v["code"])),
        _order_parser(v),
        ("kind", lambda: _choice(v["kind"], Fee.Kind.choices, label=_("Loại khoản thu"))),
        ("case", lambda: _text(v.get("case"))),
        ("amount", lambda: _int(v["amount"], label=_("Mức thu"), required=True)),
        ("online", online),
        ("unit", lambda: _text(v.get("unit"))),
        ("exemptions", lambda: _text(v.get("exemptions"))),
    ]


def _result_parsers(v: dict[str, Any]) -> list[tuple[str, Callable[[], Any]]]:
    return [
        ("code", lambda: _valid_code(v["code"])),
        _order_parser(v),
        ("name", lambda: _text(v["name"])),
        ("result_code", lambda: _text(v.get("result_code"))),
        ("electronic", lambda: _bool(v.get("electronic"), label=_("Có bản điện tử"), default=False)),
    ]


def _legal_parsers(v: dict[str, Any]) -> list[tuple[str, Callable[[], Any]]]:
    return [("code", lambda: _valid_code(v["code"])), _order_parser(v), ("text", lambda: _text(v["text"]))]


def _step_parsers(v: dict[str, Any]) -> list[tuple[str, Callable[[], Any]]]:
    return [
        ("code", lambda: _valid_code(v["code"])),
        _order_parser(v),
        ("kind", lambda: _choice(v["kind"], ProcessStep.Kind.choices, label=_("Loại bước"))),
        ("name", lambda: _text(v["name"])),
        ("role", lambda: _choice(v["role"], ROLE_CHOICES, label=_("Vai trò"))),
        ("unit", lambda: _text(v.get("unit"))),
        ("hours", lambda: _decimal(v["hours"], label=_("thời gian của bước"), required=True)),
        ("next", lambda: _orders(v.get("next"), label=_("Bước tiếp theo"))),
        ("back", lambda: _orders(v.get("back"), label=_("Trả lại bước"))),
        ("supplement", lambda: _bool(v.get("supplement"), label=_("Yêu cầu bổ sung"), default=False)),
        ("consult", lambda: _list(v.get("consult"))),
        ("transfer", lambda: _list(v.get("transfer"))),
    ]


def _choices(value: object) -> tuple[str, ...]:
    # Options may contain commas, so only semicolons and line breaks separate them.
    text = _text(value).replace("\n", ";")
    return tuple(part.strip() for part in text.split(";") if part.strip())


def _optional_int(value: object, *, label: str) -> int | None:
    return None if _text(value).strip() == "" else _int(value, label=label)


def _form_field_parsers(v: dict[str, Any]) -> list[tuple[str, Callable[[], Any]]]:
    return [
        ("code", lambda: _valid_code(v["code"])),
        _order_parser(v),
        ("key", lambda: _text(v["key"]).strip()),
        ("label", lambda: _text(v["label"]).strip()),
        ("kind", lambda: _choice(v["kind"], FormField.Kind.choices, label=_("Kiểu dữ liệu"))),
        ("required", lambda: _bool(v.get("required"), label=_("Bắt buộc"), default=False)),
        ("choices", lambda: _choices(v.get("choices"))),
        ("help", lambda: _text(v.get("help")).strip()),
        ("max_length", lambda: _optional_int(v.get("max_length"), label=_("Độ dài tối đa"))),
    ]


def _graph(rows: list[tuple[int, dict[str, Any]]]) -> g.ProcessGraph | None:
    if not rows:
        return None
    steps = []
    for _row, c in rows:
        moves = [g.Move(MoveKind.NEXT, to=t) for t in c["next"]]
        moves += [g.Move(MoveKind.BACK, to=t) for t in c["back"]]
        moves += [g.Move(MoveKind.SUPPLEMENT)] if c["supplement"] else []
        moves += [g.Move(MoveKind.CONSULT, agency=a) for a in c["consult"]]
        moves += [g.Move(MoveKind.TRANSFER, agency=a) for a in c["transfer"]]
        steps.append(
            g.Step(
                order=c["order"],
                kind=c["kind"],
                name=c["name"],
                role=c["role"],
                unit=c["unit"],
                allotted_hours=c["hours"],
                moves=tuple(moves),
            )
        )
    return g.ProcessGraph(steps=tuple(steps))


def _plan_procedure(
    code: str,
    row: int,
    c: dict[str, Any],
    related: dict[str, list[tuple[int, dict[str, Any]]]],
    decisions: dict[str, DecisionRow],
    errors: list[RowError],
    *,
    has_form_fields: bool = False,
) -> ProcedureAction | None:
    from motcua.catalog.services.publication import find_procedure

    def reject(message: str, sheet: str = PROCEDURES, at: int = row) -> None:
        errors.append(RowError(sheet, at, message))

    spec = VersionSpec(
        code=code,
        name=c["name"],
        sector_code=c["sector_code"],
        sector_name=c["sector_name"],
        level=c["level"],
        agency=c["agency"],
        agencies=tuple(sorted(c["agencies"])),
        coordinating_agencies=tuple(sorted(c["coordinating"])),
        effective_from=c["effective_from"],
        time_limit=c["time_limit"],
        time_unit=c["time_unit"],
        time_limit_text=c["time_limit_text"],
        statutory_time_limit=c["statutory"],
        fee_vnd=c["fee_vnd"],
        fee_text=c["fee_text"],
        online_level=c["online_level"],
        result_description=c["result"],
        requirements=c["requirements"],
        regardless_of_boundary=c["boundary"],
        papers=tuple(
            PaperSpec(
                name=p["name"],
                form=p["form"],
                count=p["count"],
                is_required=p["required"],
                template_name=p["template"],
                reusable_from_data_store=p["data_store"],
                reusable_from_national_db=p["national_db"],
            )
            for _r, p in related.get(PAPERS, [])
        ),
        fees=tuple(
            FeeSpec(
                kind=f["kind"],
                case=f["case"],
                amount_vnd=f["amount"],
                online_amount_vnd=f["online"],
                unit=f["unit"],
                exemptions=f["exemptions"],
            )
            for _r, f in related.get(FEES, [])
        ),
        results=tuple(
            ResultSpec(name=r["name"], code=r["result_code"], is_electronic=r["electronic"])
            for _r, r in related.get(RESULTS, [])
        ),
        legal_bases=tuple(b["text"] for _r, b in related.get(LEGAL, [])),
        process=_graph(related.get(STEPS, [])),
        form_fields=tuple(
            FormFieldSpec(
                key=f["key"],
                label=f["label"],
                kind=f["kind"],
                is_required=f["required"],
                choices=f["choices"],
                help_text=f["help"],
                max_length=f["max_length"],
            )
            for _r, f in related.get(FORM_FIELDS, [])
        )
        if has_form_fields
        else None,
    )
    problems = validate_spec(spec)
    for name, message in problems:
        sheet = SPEC_FIELD_SHEET.get(name, PROCEDURES)
        rows = related.get(sheet, [])
        reject(message, sheet, rows[0][0] if sheet != PROCEDURES and rows else row)
    if problems:
        return None
    known_agencies = _known_agencies(
        [*spec.competent_agencies, *spec.coordinating_agencies, *_graph_agencies(spec.process)]
    )
    for eid in dict.fromkeys([*spec.competent_agencies, *spec.coordinating_agencies]):
        if eid not in known_agencies:
            reject(_("Không có cơ quan mã định danh “%(id)s” trong hệ thống.") % {"id": eid})
    for eid in sorted(_graph_agencies(spec.process) - known_agencies):
        reject(
            _("Không có cơ quan mã định danh “%(id)s” trong hệ thống.") % {"id": eid},
            STEPS,
            related[STEPS][0][0],
        )

    procedure = find_procedure(code)
    previous_code = ""
    if procedure is None:
        for former in c["former_codes"]:
            procedure = find_procedure(former)
            if procedure is not None:
                previous_code = former
                break
    elif procedure.code != code:
        reject(
            _("Mã %(code)s là mã cũ của thủ tục %(current)s; hãy dùng mã hiện hành.")
            % {"code": code, "current": procedure.code}
        )
        return None

    action = ProcedureAction(row=row, code=code, action="create", spec=spec, decision=c["decision"])
    action.process_decision = c["process_decision"]
    action.previous_code = previous_code
    latest = None
    if procedure is not None:
        latest = (
            procedure.versions.latest_first()
            .select_related("procedure__sector", "competent_agency", "process__approval")
            .prefetch_related(
                "papers",
                "fees",
                "results",
                "legal_bases",
                "form_fields",
                "competent_agencies",
                "coordinating_agencies",
                Prefetch("process__steps", queryset=ProcessStep.objects.prefetch_related("moves__agency")),
            )
            .first()
        )
    if latest is not None:
        current = spec_of(latest)
        if previous_code:
            action.action = "recode"
        elif spec.content_equals(current):
            action.action = "unchanged"
        else:
            action.action = "amend"
        if action.action != "unchanged" and spec.effective_from < latest.effective_from:
            reject(
                _("Ngày hiệu lực %(new)s trước ngày hiệu lực của phiên bản hiện có (%(old)s).")
                % {"new": f"{spec.effective_from:%d/%m/%Y}", "old": f"{latest.effective_from:%d/%m/%Y}"}
            )
        if procedure is not None and procedure.abolished_from is not None:
            if action.action != "unchanged":
                reject(_("Thủ tục đã bị bãi bỏ; không công bố thêm phiên bản."))
            if c["abolished_from"] != procedure.abolished_from:
                reject(
                    _("Thủ tục đã bị bãi bỏ từ ngày %(date)s; không sửa được ngày bãi bỏ qua tệp Excel.")
                    % {"date": f"{procedure.abolished_from:%d/%m/%Y}"}
                )
            return action
    if action.action != "unchanged":
        _check_decision(action.decision, Decision.Kind.PUBLICATION, decisions, reject, spec.effective_from)
        if spec.process is not None and latest is not None and spec.process == spec_of(latest).process:
            # Same steps: the new version keeps them with their approval.
            action.spec = replace(spec, process=None)
            action.process_decision = ""
        elif spec.process is not None:
            if not action.process_decision:
                reject(
                    _(
                        "Thiếu số quyết định phê duyệt quy trình nội bộ "
                        "cho các bước ở trang “Quy trình nội bộ”."
                    )
                )
            else:
                _check_decision(
                    action.process_decision, Decision.Kind.PROCESS_APPROVAL, decisions, reject, None
                )
    if c["abolished_from"] is not None:
        action.abolished_from = c["abolished_from"]
        action.abolish_decision = c["abolish_decision"]
        if not c["abolish_decision"]:
            reject(_("Có ngày bãi bỏ nhưng thiếu số quyết định bãi bỏ."))
        else:
            found = _check_decision(c["abolish_decision"], Decision.Kind.PUBLICATION, decisions, reject, None)
            if found is not None and c["abolished_from"] < found:
                reject(_("Ngày bãi bỏ không được trước ngày quyết định bãi bỏ có hiệu lực."))
    return action


def _graph_agencies(graph: g.ProcessGraph | None) -> set[str]:
    if graph is None:
        return set()
    return {m.agency for s in graph.steps for m in s.moves if m.agency}


def _known_agencies(ids: Iterable[str]) -> set[str]:
    return set(Agency.objects.filter(electronic_id__in=set(ids)).values_list("electronic_id", flat=True))


def _check_decision(
    number: str,
    kind: str,
    decisions: dict[str, DecisionRow],
    reject: Callable[[str], None],
    effective_from: date | None,
) -> date | None:
    """Check that a referenced decision exists (in the file or the system) and is of the right kind."""
    if not number:
        reject(_("Thiếu số quyết định công bố."))
        return None
    kind_label = label(Decision.Kind.choices, kind)
    row = decisions.get(number)
    if row is not None:
        found_kind, found_effective = row.kind, row.effective_from
    else:
        stored = list(Decision.objects.filter(number=number)[:2])
        if not stored:
            reject(_("Không có quyết định số %(n)s ở trang “Quyết định” hay trong hệ thống.") % {"n": number})
            return None
        if len(stored) > 1:
            reject(
                _("Có nhiều quyết định số %(n)s; hãy ghi quyết định ở trang “Quyết định”.") % {"n": number}
            )
            return None
        found_kind, found_effective = stored[0].kind, stored[0].effective_from
    if found_kind != kind:
        reject(_("Quyết định %(n)s không phải loại “%(kind)s”.") % {"n": number, "kind": kind_label})
        return None
    if effective_from is not None and effective_from < found_effective:
        reject(_("Ngày hiệu lực của thủ tục không được trước ngày quyết định công bố có hiệu lực."))
    return found_effective
