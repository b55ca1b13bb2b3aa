"""Publishing the catalog: decisions, versions, re-coding, abolition and time cuts.

Decree 118/2025/NĐ-CP Art 36 (ministries) and Art 38(1)(c) (the Chairman of the provincial People's
Committee) publish procedures by decision and keep them public on the national database. Each
service here is atomic, takes keyword arguments and an explicit `actor`, and never rewrites a
published version: an amendment is a new version, history stays as it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

import structlog

from motcua.catalog import graph as g
from motcua.catalog.limits import days_cut, limit_in_days, limit_in_hours
from motcua.catalog.models import (
    Decision,
    Fee,
    FormField,
    LegalBasis,
    Procedure,
    ProcedureCode,
    ProcedureVersion,
    Process,
    ProcessApproval,
    ProcessMove,
    ProcessStep,
    RequiredPaper,
    ResultType,
    Sector,
    TimeCut,
)
from motcua.catalog.specs import FormFieldSpec, VersionSpec, spec_of, validate_spec
from motcua.core.errors import InvalidInput
from motcua.core.text import fold, nfc
from motcua.organisations.models import Agency

logger = structlog.get_logger(__name__)

_CENT = Decimal("0.01")

MAX_DECISION_FILE_BYTES = 20 * 1024 * 1024


def _raise_problems(problems: list[tuple[str, str]]) -> None:
    if problems:
        field, _message = problems[0]
        raise InvalidInput(" ".join(message for _f, message in problems), field=field)


@transaction.atomic
def record_decision(
    *,
    number: str,
    issued_on: date,
    effective_from: date,
    kind: str,
    issuer: str = "",
    title: str = "",
    file: tuple[str, bytes] | None = None,
    actor: Any,
) -> Decision:
    """Record a decision, or return the one already recorded with the same number, date and kind.

    The file, when given, must be a PDF (checked by its content), at most 20 MB.
    """
    number = nfc(number)
    if not number:
        raise InvalidInput(_("Thiếu số, ký hiệu quyết định."), field="number")
    if len(number) > 100 or len(issuer) > 200 or len(title) > 500:
        raise InvalidInput(_("Số quyết định, người ban hành hoặc trích yếu quá dài."), field="number")
    if kind not in Decision.Kind.values:
        raise InvalidInput(_("Loại quyết định không hợp lệ."), field="kind")
    if effective_from < issued_on:
        raise InvalidInput(
            _("Ngày có hiệu lực không được trước ngày ban hành quyết định."), field="effective_from"
        )
    existing = Decision.objects.filter(number=number, issued_on=issued_on).first()
    if existing is not None:
        if existing.kind != kind or existing.effective_from != effective_from:
            raise InvalidInput(
                _("Quyết định %(number)s ngày %(date)s đã có với nội dung khác (loại hoặc ngày hiệu lực).")
                % {"number": number, "date": f"{issued_on:%d/%m/%Y}"},
                field="number",
            )
        return existing
    decision = Decision(
        number=number,
        issued_on=issued_on,
        effective_from=effective_from,
        kind=kind,
        issuer=nfc(issuer),
        title=nfc(title),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if file is not None:
        _name, content = file
        if len(content) > MAX_DECISION_FILE_BYTES or not content.startswith(b"%PDF-"):
            raise InvalidInput(_("Tệp quyết định phải là tệp PDF, tối đa 20 MB."), field="file")
        digest = hashlib.sha256(content).hexdigest()
        decision.file.save(f"{digest}.pdf", ContentFile(content), save=False)
    decision.full_clean()
    decision.save()
    logger.info("decision_recorded", decision_id=decision.pk, number=number, kind=kind)
    return decision


def find_procedure(code: str) -> Procedure | None:
    """Return the procedure that carries or carried a code, or None."""
    procedure = Procedure.objects.filter(code=code).first()
    if procedure is not None:
        return procedure
    history = ProcedureCode.objects.filter(code=code).select_related("procedure").first()
    return history.procedure if history else None


def refresh_search_text(procedure: Procedure) -> None:
    """Recompute the folded text public search matches: codes, name and sector."""
    codes = sorted(set(procedure.codes.values_list("code", flat=True)) - {procedure.code})
    procedure.search_folded = fold(" ".join([procedure.code, *codes, procedure.name, procedure.sector.name]))


def _agency(electronic_id: str, field: str = "agency") -> Agency:
    agency = Agency.objects.filter(electronic_id=electronic_id).first()
    if agency is None:
        raise InvalidInput(
            _("Không có cơ quan mã định danh “%(id)s” trong hệ thống.") % {"id": electronic_id[:40]},
            field=field,
        )
    return agency


def write_steps(process: Process, graph: g.ProcessGraph) -> None:
    """Write the steps and moves of a graph into an empty process."""
    agencies = {a.electronic_id: a for a in Agency.objects.filter(electronic_id__in=_graph_agencies(graph))}
    steps = {
        s.order: ProcessStep.objects.create(
            process=process,
            order=s.order,
            kind=s.kind,
            name=s.name,
            role=s.role,
            unit=s.unit,
            allotted_hours=s.allotted_hours,
        )
        for s in graph.steps
    }
    ProcessMove.objects.bulk_create(
        [
            ProcessMove(
                step=steps[s.order],
                kind=m.kind,
                to_step=steps.get(m.to) if m.to is not None else None,
                agency=agencies.get(m.agency) if m.agency else None,
            )
            for s in graph.steps
            for m in s.moves
        ]
    )


def _graph_agencies(graph: g.ProcessGraph) -> set[str]:
    return {m.agency for s in graph.steps for m in s.moves if m.agency}


def _check_graph_agencies(graph: g.ProcessGraph) -> None:
    wanted = _graph_agencies(graph)
    known = set(Agency.objects.filter(electronic_id__in=wanted).values_list("electronic_id", flat=True))
    missing = sorted(wanted - known)
    if missing:
        raise InvalidInput(
            _("Không có cơ quan mã định danh “%(id)s” trong hệ thống.") % {"id": missing[0]}, field="process"
        )


def write_form_fields(version: ProcedureVersion, fields: Iterable[FormFieldSpec]) -> None:
    """Write the e-form fields of a version that has none, in order."""
    FormField.objects.bulk_create(
        [
            FormField(
                version=version,
                order=i,
                key=f.key,
                label=nfc(f.label),
                kind=f.kind,
                is_required=f.is_required,
                choices="\n".join(nfc(c) for c in f.choices),
                help_text=nfc(f.help_text),
                max_length=f.max_length,
            )
            for i, f in enumerate(fields, start=1)
        ]
    )


def _record_time_cut(version: ProcedureVersion, previous: ProcedureVersion | None) -> TimeCut | None:
    """Record the cut when a version shortens the limit of the previous one (or the statutory one)."""
    if previous is not None:
        before, baseline = (previous.time_limit, previous.time_unit), TimeCut.Baseline.PREVIOUS_VERSION
    elif version.statutory_time_limit is not None:
        before, baseline = (version.statutory_time_limit, version.time_unit), TimeCut.Baseline.STATUTORY
    else:
        return None
    after = (version.time_limit, version.time_unit)
    cut = days_cut(before=before, after=after)
    if cut <= 0:
        return None
    return TimeCut.objects.create(
        version=version,
        procedure=version.procedure,
        agency=version.competent_agency,
        baseline=baseline,
        days_before=limit_in_days(*before).quantize(_CENT),
        days_after=limit_in_days(*after).quantize(_CENT),
        days_cut=cut,
        effective_from=version.effective_from,
        decision=version.decision,
    )


def _create_version(
    *,
    procedure: Procedure,
    spec: VersionSpec,
    number: int,
    decision: Decision | None,
    agency: Agency,
    process_graph: g.ProcessGraph | None,
    process_decision: Decision | None,
    approved_at: Any,
    actor: Any,
) -> ProcedureVersion:
    if spec.time_limit is None:  # refused by validate_spec already
        raise InvalidInput(_("Thiếu thời hạn giải quyết."), field="time_limit")
    version = ProcedureVersion(
        procedure=procedure,
        number=number,
        code=spec.code,
        name=spec.name,
        effective_from=spec.effective_from,
        decision=decision,
        competent_agency=agency,
        time_limit=spec.time_limit,
        time_unit=spec.time_unit,
        time_limit_text=spec.time_limit_text,
        statutory_time_limit=spec.statutory_time_limit,
        fee_vnd=spec.fee_vnd,
        fee_text=spec.fee_text,
        online_level=spec.online_level,
        result_description=spec.result_description,
        requirements=spec.requirements,
        regardless_of_boundary=spec.regardless_of_boundary,
        verification_note=spec.verification_note[:300],
    )
    version.full_clean(exclude=["procedure", "competent_agency", "decision"])
    version.save()
    others = [_agency(eid, "agencies") for eid in spec.competent_agencies if eid != agency.electronic_id]
    version.competent_agencies.set([agency, *others])
    if spec.coordinating_agencies:
        version.coordinating_agencies.set(
            [_agency(eid, "coordinating_agencies") for eid in spec.coordinating_agencies]
        )
    RequiredPaper.objects.bulk_create(
        [
            RequiredPaper(
                version=version,
                order=i,
                name=p.name,
                form=p.form,
                count=p.count,
                is_required=p.is_required,
                template_name=p.template_name,
                reusable_from_data_store=p.reusable_from_data_store,
                reusable_from_national_db=p.reusable_from_national_db,
            )
            for i, p in enumerate(spec.papers, start=1)
        ]
    )
    Fee.objects.bulk_create(
        [
            Fee(
                version=version,
                order=i,
                kind=f.kind,
                case=f.case,
                amount_vnd=f.amount_vnd,
                online_amount_vnd=f.online_amount_vnd,
                unit=f.unit,
                exemptions=f.exemptions,
            )
            for i, f in enumerate(spec.fees, start=1)
        ]
    )
    ResultType.objects.bulk_create(
        [
            ResultType(version=version, order=i, name=r.name, code=r.code, is_electronic=r.is_electronic)
            for i, r in enumerate(spec.results, start=1)
        ]
    )
    LegalBasis.objects.bulk_create(
        [LegalBasis(version=version, order=i, text=text) for i, text in enumerate(spec.legal_bases, start=1)]
    )
    write_form_fields(version, spec.form_fields or ())
    process = Process.objects.create(version=version, agency=agency)
    if process_graph is not None:
        if process_decision is None:
            process.draft = process_graph.to_json()
            process.draft_updated_at = approved_at
            process.draft_updated_by = actor if getattr(actor, "pk", None) else None
            process.save(update_fields=["draft", "draft_updated_at", "draft_updated_by"])
        else:
            write_steps(process, process_graph)
            process.approval = process_decision
            process.approved_at = approved_at
            process.save(update_fields=["approval", "approved_at"])
            ProcessApproval.objects.create(
                process=process,
                decision=process_decision,
                graph=process_graph.to_json(),
                approved_at=approved_at,
                approved_by=actor if getattr(actor, "pk", None) else None,
            )
    return version


@transaction.atomic
def publish_version(
    *,
    spec: VersionSpec,
    decision: Decision | None,
    actor: Any,
    at: Any,
    process_decision: Decision | None = None,
    previous_code: str = "",
) -> ProcedureVersion:
    """Publish a procedure, or a new version of it when its content changed; return the version.

    Decree 118/2025/NĐ-CP Art 38(1)(c). The spec's agencies are every agency that handles the
    procedure under the version (e.g. each commune's People's Committee); the lead agency is always
    one of them, and one internal process, approved once, serves them all. A procedure is found by
    its code (current or former) or, when re-coded, by `previous_code`. If the content equals the
    latest version's, nothing is written and the latest version is returned. Otherwise a new
    version is created (never an update of a published one), the code history is kept, and a time
    cut is recorded when the new limit is shorter. The internal process is approved by
    `process_decision`; without one the steps are kept as a draft. A version that brings no steps
    keeps those of the previous version.
    """
    _raise_problems(validate_spec(spec))
    if decision is not None and decision.kind != Decision.Kind.PUBLICATION:
        raise InvalidInput(_("Quyết định công bố phải là quyết định loại “Công bố thủ tục hành chính”."))
    if decision is not None and spec.effective_from < decision.effective_from:
        raise InvalidInput(
            _("Ngày hiệu lực của thủ tục không được trước ngày quyết định công bố có hiệu lực."),
            field="effective_from",
        )
    if process_decision is not None and process_decision.kind != Decision.Kind.PROCESS_APPROVAL:
        raise InvalidInput(_("Quy trình nội bộ phải được phê duyệt bằng quyết định phê duyệt quy trình."))
    agency = _agency(spec.agency)
    for eid in spec.competent_agencies:
        _agency(eid, "agencies")
    if spec.process is not None:
        _check_graph_agencies(spec.process)

    procedure = find_procedure(spec.code)
    recoded_from = None
    if procedure is None and previous_code:
        procedure = find_procedure(previous_code)
        recoded_from = previous_code if procedure is not None else None
    elif procedure is not None and procedure.code != spec.code:
        raise InvalidInput(
            _("Mã %(code)s là mã cũ của thủ tục %(current)s; hãy dùng mã hiện hành.")
            % {"code": spec.code, "current": procedure.code},
            field="code",
        )
    sector, _created = Sector.objects.get_or_create(
        code=spec.sector_code, defaults={"name": spec.sector_name or spec.sector_code}
    )

    previous: ProcedureVersion | None = None
    process_graph = spec.process
    if procedure is None:
        procedure = Procedure(code=spec.code, name=spec.name, sector=sector, level=spec.level)
        procedure.save()
        ProcedureCode.objects.create(procedure=procedure, code=spec.code, valid_from=spec.effective_from)
        number = 1
    else:
        procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
        if procedure.abolished_from is not None:
            raise InvalidInput(
                _("Thủ tục %(code)s đã bị bãi bỏ từ ngày %(date)s; không công bố thêm phiên bản.")
                % {"code": procedure.code, "date": f"{procedure.abolished_from:%d/%m/%Y}"},
                field="code",
            )
        previous = (
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
                "process__steps__moves__agency",
            )
            .first()
        )
        if previous is not None:
            if spec.effective_from < previous.effective_from:
                raise InvalidInput(
                    _("Ngày hiệu lực %(new)s trước ngày hiệu lực của phiên bản hiện có (%(old)s).")
                    % {
                        "new": f"{spec.effective_from:%d/%m/%Y}",
                        "old": f"{previous.effective_from:%d/%m/%Y}",
                    },
                    field="effective_from",
                )
            previous_spec = spec_of(previous)
            if spec.content_equals(previous_spec) and not recoded_from:
                return previous
            if spec.form_fields is None:
                # A source without e-forms (an older workbook, the API): keep the previous fields.
                spec = replace(spec, form_fields=previous_spec.form_fields)
            if process_graph is None:
                process_graph = previous_spec.process
                if process_graph is not None and process_decision is None:
                    process_decision = previous.process.approval
                if process_graph is not None and spec.time_limit is not None:
                    problems = g.validate(
                        process_graph,
                        limit_hours=limit_in_hours(spec.time_limit, spec.time_unit),
                        own_agency=spec.agency,
                    )
                    if problems:
                        raise InvalidInput(
                            _(
                                "Quy trình nội bộ của phiên bản trước không còn phù hợp; "
                                "hãy kèm quy trình mới được phê duyệt. %(problems)s"
                            )
                            % {"problems": " ".join(g.describe(problems))},
                            field="process",
                        )
        number = (previous.number if previous else 0) + 1
        if recoded_from or procedure.code != spec.code:
            ProcedureCode.objects.filter(procedure=procedure, valid_until__isnull=True).update(
                valid_until=spec.effective_from - timedelta(days=1)
            )
            ProcedureCode.objects.update_or_create(
                code=spec.code, defaults={"procedure": procedure, "valid_from": spec.effective_from}
            )
            procedure.code = spec.code
        procedure.name = spec.name
        procedure.sector = sector
        procedure.level = spec.level
    version = _create_version(
        procedure=procedure,
        spec=replace(spec, process=None),
        number=number,
        decision=decision,
        agency=agency,
        process_graph=process_graph,
        process_decision=process_decision,
        approved_at=at,
        actor=actor,
    )
    refresh_search_text(procedure)
    procedure.save()
    _record_time_cut(version, previous)
    logger.info(
        "procedure_version_published",
        procedure_id=procedure.pk,
        code=procedure.code,
        version=number,
        recoded_from=recoded_from,
        decision_id=decision.pk if decision else None,
    )
    return version


@transaction.atomic
def abolish_procedure(
    *, procedure: Procedure, decision: Decision, actor: Any, on: date | None = None
) -> Procedure:
    """Record that a decision abolishes a procedure from a day (its effective date by default).

    The procedure and its versions stay as they were: dossiers received before keep them.
    """
    if decision.kind != Decision.Kind.PUBLICATION:
        raise InvalidInput(_("Thủ tục bị bãi bỏ bằng quyết định công bố thủ tục hành chính."))
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    if procedure.abolished_from is not None:
        raise InvalidInput(
            _("Thủ tục %(code)s đã bị bãi bỏ từ ngày %(date)s.")
            % {"code": procedure.code, "date": f"{procedure.abolished_from:%d/%m/%Y}"}
        )
    day = on or decision.effective_from
    if day < decision.effective_from:
        raise InvalidInput(
            _("Ngày bãi bỏ không được trước ngày quyết định có hiệu lực."), field="abolished_from"
        )
    procedure.abolished_from = day
    procedure.abolished_by = decision
    procedure.save(update_fields=["abolished_from", "abolished_by"])
    ProcedureCode.objects.filter(procedure=procedure, valid_until__isnull=True).update(
        valid_until=day - timedelta(days=1)
    )
    logger.info(
        "procedure_abolished", procedure_id=procedure.pk, code=procedure.code, decision_id=decision.pk
    )
    return procedure


def record_former_code(
    *, procedure: Procedure, code: str, valid_until: date | None, note: str = "", actor: Any
) -> ProcedureCode:
    """Record a code the procedure carried before it was published here (e.g. before a re-coding)."""
    from motcua.catalog.codes import clean_procedure_code

    code = clean_procedure_code(code)
    existing = ProcedureCode.objects.filter(code=code).first()
    if existing is not None:
        if existing.procedure_id != procedure.pk:
            raise InvalidInput(_("Mã %(code)s đã thuộc thủ tục khác.") % {"code": code}, field="code")
        return existing
    former = ProcedureCode.objects.create(
        procedure=procedure, code=code, valid_until=valid_until, note=note[:300]
    )
    refresh_search_text(procedure)
    procedure.save(update_fields=["search_folded"])
    logger.info("procedure_former_code_recorded", procedure_id=procedure.pk, code=code)
    return former
