"""A dossier's electronic result: signed by the leader at the signing step, issued, then handed on.

Decree 118/2025/NĐ-CP Art 22: the result of a procedure is signed digitally and issued under the
rules of clerical work; the electronic result carries its document code (Mã số giấy tờ = the
holder's personal number + the result type code, Art 22(4)) and is kept in the holder's data store.

**Where in the internal process the result is signed.** The person who signs a result is the one who
approves it: the process's last *approve* step (in the demo processes "Phê duyệt, ký …", held by the
agency's leader). A process without an approve step signs at its *issue* step. Signing completes
that step through `complete_step`, so the dossier moves on exactly as it would without signing (in
the demo to the clerk's issue step, then to the desk for return); the step's event records the
document code. docs/signatures.md explains the choice.

Reads used by the pages (who may sign, what waits for a signature, the results of a dossier) are
here too, next to the rule they share.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

import structlog

from motcua.catalog.models import ProcessStep, ResultType
from motcua.core.errors import Conflict, DomainError, InvalidInput, NotAllowed
from motcua.core.text import nfc
from motcua.core.timeutil import local
from motcua.documents import services as documents
from motcua.documents.models import ElectronicResult
from motcua.organisations import selectors as org

from .models import Dossier
from .permissions import can_act_on_step
from .services import complete_step
from .services._common import _lock
from .transitions import DossierStatus
from .worklists import my_steps

logger = structlog.get_logger(__name__)

RESULT_TEMPLATE = "dossiers/result.html"
ARTICLE_RESULT = "Nghị định 118/2025/NĐ-CP, Điều 22"
RUNNING = (DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS)
# One request signs at most this many: about 0.1 s each on a 2-core machine (render, sign, store),
# so a full batch stays well inside a 30 s worker timeout even on a slow token.
MAX_BATCH = 50
_RELATED = ("procedure_version__procedure", "competent_agency", "current_step")
# what rendering the result reads besides: the issuing agency's place and governing body
_SIGN_RELATED = (*_RELATED, "competent_agency__unit", "competent_agency__parent")


@dataclass(frozen=True)
class IssuedResult:
    dossier: Dossier
    result: ElectronicResult


# --- reads ---------------------------------------------------------------------------------------


def is_signing_step(step: ProcessStep | None) -> bool:
    """Return whether the result is signed at this step (the last approve step, else the issue step)."""
    if step is None or step.kind not in (ProcessStep.Kind.APPROVE, ProcessStep.Kind.ISSUE):
        return False
    approvals = ProcessStep.objects.filter(process_id=step.process_id, kind=ProcessStep.Kind.APPROVE)
    if step.kind == ProcessStep.Kind.ISSUE:
        return not approvals.exists()
    return not approvals.filter(order__gt=step.order).exists()


def _at_signing_step() -> Q:
    """The condition of `is_signing_step` on a dossier's current step, for one query over many."""
    approvals = ProcessStep.objects.filter(
        process_id=OuterRef("current_step__process_id"), kind=ProcessStep.Kind.APPROVE
    )
    later = approvals.filter(order__gt=OuterRef("current_step__order"))
    return (Q(current_step__kind=ProcessStep.Kind.APPROVE) & ~Exists(later)) | (
        Q(current_step__kind=ProcessStep.Kind.ISSUE) & ~Exists(approvals)
    )


def may_sign(user: Any, dossier: Dossier) -> bool:
    """Return whether the user may sign and issue the dossier's result now (see `sign_and_issue`)."""
    return (
        dossier.status in RUNNING
        and dossier.handling_agency_id in (None, dossier.competent_agency_id)
        and can_act_on_step(user, dossier)
        and is_signing_step(dossier.current_step)
    )


def list_dossier_results(*, dossier: Dossier) -> list[ElectronicResult]:
    """Return the electronic results issued for a dossier (registered under its code), oldest first.

    Callers fetch the dossier through a scoped selector first; the results are as visible as it is.
    """
    return list(
        ElectronicResult.objects.filter(source_reference=dossier.code)
        .select_related("agency", "file")
        .order_by("signed_at", "pk")
    )


def get_dossier_result(*, dossier: Dossier, document_code: str) -> ElectronicResult:
    """Return one result of the dossier by its code; raise ElectronicResult.DoesNotExist otherwise."""
    return ElectronicResult.objects.select_related("file").get(
        source_reference=dossier.code, document_code=document_code
    )


def list_awaiting_signature(*, user: Any, limit: int = 200) -> QuerySet[Dossier]:
    """Return the dossiers waiting for this officer's signature, most urgent first.

    Only dossiers the officer may see, at the signing step of their process, whose step's role the
    officer holds at the agency working on them, not transferred elsewhere, and without a result yet.
    One query.
    """
    signed = ElectronicResult.objects.filter(source_reference=OuterRef("code"))
    return (
        Dossier.objects.visible_to(user)
        .filter(status__in=RUNNING, handling_agency__isnull=True)
        .filter(my_steps(user))
        .filter(_at_signing_step())
        .exclude(Exists(signed))
        .select_related(*_RELATED)
        .order_by("step_due_at", "submitted_at", "pk")[:limit]
    )


# --- writes --------------------------------------------------------------------------------------


def _ensure_may_sign(actor: Any, dossier: Dossier) -> None:
    if dossier.status not in RUNNING or not is_signing_step(dossier.current_step):
        raise NotAllowed(
            _("Hồ sơ không ở bước ký ban hành kết quả (hoặc đang tạm dừng)."), code="not_signing_step"
        )
    if not can_act_on_step(actor, dossier):
        raise NotAllowed(_("Bạn không có quyền ký kết quả của hồ sơ này."), code="not_step_actor")
    if dossier.handling_agency_id not in (None, dossier.competent_agency_id):
        raise NotAllowed(
            _("Hồ sơ đang được cơ quan khác xử lý liên thông; chưa thể ký ban hành kết quả."),
            code="transferred",
        )
    existing = ElectronicResult.objects.filter(source_reference=dossier.code).first()
    if existing is not None:
        raise Conflict(
            _("Kết quả của hồ sơ này đã được ký số (mã số giấy tờ %(document)s).")
            % {"document": existing.document_code},
            code="already_signed",
        )


def _result_type(dossier: Dossier) -> tuple[str, str]:
    """Return the name and type code of the result, from the catalog version's results.

    A result type without a code from the national database gets ``KQ.<procedure code>`` so the
    document code stays unique and readable (Decree 118 Art 22(4) asks for the national code).
    """
    version = dossier.procedure_version
    types = list(ResultType.objects.filter(version=version).order_by("-is_electronic", "order", "pk")[:1])
    procedure = version.procedure
    name = types[0].name if types else (version.result_description or procedure.name)
    code = (types[0].code if types else "") or f"KQ.{procedure.code}"
    return nfc(name), code.strip()


def _signer_title(actor: Any, agency_id: int) -> str:
    for position in org.list_positions(user=actor):
        if position.agency_id == agency_id and position.title:
            return nfc(position.title)
    return ""


def _parent_heading(agency: Any) -> str:
    """The governing body as official headings write it ("UBND tỉnh Nghệ An")."""
    parent = agency.parent if agency.parent_id else None
    return nfc(parent.name.replace("Ủy ban nhân dân", "UBND")) if parent is not None else ""


def _draft(dossier: Dossier, actor: Any, at: datetime) -> documents.ResultDraft:
    """Build the result to sign from the dossier: holder, request, procedure, agency and signer."""
    holder_id = dossier.applicant_personal_id.strip()
    if not holder_id:
        raise InvalidInput(
            _(
                "Hồ sơ %(code)s chưa có số định danh cá nhân của người nộp; không cấp được mã số "
                "giấy tờ cho kết quả điện tử (Nghị định 118/2025/NĐ-CP Điều 22 khoản 4)."
            )
            % {"code": dossier.code},
            field="applicant_personal_id",
            code="no_holder_id",
        )
    title, type_code = _result_type(dossier)
    agency = dossier.competent_agency
    procedure = dossier.procedure_version.procedure
    summary = nfc(f"{procedure.name}. {dossier.request_summary}".strip())[:1000]
    return documents.ResultDraft(
        holder_id=holder_id,
        holder_name=dossier.applicant_name,
        result_type_code=type_code,
        title=title,
        template=RESULT_TEMPLATE,
        context={
            "title": title,
            "issuer": agency.name,
            "issuer_parent": _parent_heading(agency),
            "place": agency.unit.name,
            "today": local(at),
            "dossier": dossier,
            "procedure": procedure,
            "signer_name": nfc(getattr(actor, "full_name", "") or str(actor)),
            "signer_title": _signer_title(actor, agency.pk),
        },
        summary=summary,
        source_reference=dossier.code,
    )


class _UnlockFailed(Exception):
    """The key could not be unlocked: the error concerns every dossier of the action, not one."""

    def __init__(self, error: DomainError) -> None:
        super().__init__(str(error))
        self.error = error


class _Sessions:
    """Unlock each key once with the one PIN typed, and keep it open for the whole action."""

    def __init__(self, stack: ExitStack, *, pin: str, actor: Any, at: datetime) -> None:
        self.stack, self.pin, self.actor, self.at = stack, pin, actor, at
        self.open: dict[int, documents.SigningSession] = {}

    def __call__(self, key: Any) -> documents.SigningSession:
        if key.pk not in self.open:
            try:
                self.open[key.pk] = self.stack.enter_context(
                    documents.signing_session(key=key, pin=self.pin, actor=self.actor, at=self.at)
                )
            except DomainError as exc:
                raise _UnlockFailed(exc) from exc
        return self.open[key.pk]


def _sign_one(
    *,
    dossier: Dossier,
    actor: Any,
    at: datetime,
    session_for: _Sessions,
    expected_version: int | None,
    note: str,
    to_step: int | None = None,
) -> IssuedResult:
    dossier = _lock(
        dossier, expected_version, *_RELATED, "competent_agency__unit", "competent_agency__parent"
    )
    _ensure_may_sign(actor, dossier)
    draft = _draft(dossier, actor, at)
    key = documents.get_signing_key(agency=dossier.competent_agency, signer=actor)
    session = session_for(key)
    result = documents.issue_result(session=session, draft=draft, at=at)
    step = dossier.current_step
    dossier = complete_step(
        dossier=dossier,
        actor=actor,
        at=at,
        note=note,
        expected_version=dossier.version,
        to_step=to_step,
        event_data={
            "document_code": result.document_code,
            "result_sha256": result.sha256,
            "signed_step": step.name if step else "",
            "article": ARTICLE_RESULT,
        },
    )
    logger.info(
        "dossier_result_signed",
        dossier_code=dossier.code,
        document_code=result.document_code,
        actor_id=getattr(actor, "pk", None),
    )
    return IssuedResult(dossier=dossier, result=result)


def _require_pin(pin: str) -> str:
    if not pin:
        raise InvalidInput(_("Vui lòng nhập mã PIN (mật khẩu) của chữ ký số."), field="pin", code="no_pin")
    return pin


def sign_and_issue(
    *,
    dossier: Dossier,
    actor: Any,
    pin: str,
    at: datetime,
    expected_version: int | None = None,
    note: str = "",
    to_step: int | None = None,
) -> IssuedResult:
    """Sign the dossier's result with the actor's key, issue it, and complete the signing step.

    Decree 118/2025/NĐ-CP Art 22: the result is signed digitally and gets its document code (the
    holder's personal number + the result type code, Art 22(4)); the signed PDF is stored with its
    hash, registered under the dossier's code and placed in the holder's data store. The actor must
    hold the current step, which must be the signing step (`is_signing_step`), and uses their own key
    at the competent agency or the agency's key (`documents.services.get_signing_key`).

    Where the approved process branches after the signing step, `to_step` is the step chosen (as
    for `complete_step`). Atomic: a wrong PIN, a missing, expired or untrusted key, a dossier
    changed meanwhile (`expected_version`), a missing choice or any other failure leaves the
    dossier and everything else unchanged.
    """
    _require_pin(pin)
    try:
        with transaction.atomic(), ExitStack() as stack:
            return _sign_one(
                dossier=dossier,
                actor=actor,
                at=at,
                session_for=_Sessions(stack, pin=pin, actor=actor, at=at),
                expected_version=expected_version,
                note=note,
                to_step=to_step,
            )
    except _UnlockFailed as exc:
        raise exc.error from None


def _naming(exc: DomainError, code: str) -> DomainError:
    """Return the same error with the dossier's code in front of its message."""
    message = _("Hồ sơ %(code)s: %(message)s") % {"code": code, "message": exc.message}
    named = type(exc)(message, code=exc.code)
    if isinstance(exc, InvalidInput) and isinstance(named, InvalidInput):
        named.field = exc.field
    return named


def sign_and_issue_many(
    *,
    dossiers: Iterable[Dossier],
    actor: Any,
    pin: str,
    at: datetime,
    expected_versions: dict[int, int] | None = None,
) -> list[IssuedResult]:
    """Batch signing: one PIN, every selected dossier signed and issued, or none of them.

    Decree 118/2025/NĐ-CP Art 22, as `sign_and_issue` for each dossier, inside one transaction: the
    key is unlocked once; the first failure names its dossier and nothing at all is kept. A wrong PIN
    or an unusable key is reported as such (it concerns every dossier).
    """
    _require_pin(pin)
    chosen = sorted({d.pk: d for d in dossiers}.values(), key=lambda d: d.pk)  # lock in a stable order
    if not chosen:
        raise InvalidInput(_("Chưa chọn hồ sơ nào để ký."), field="dossiers", code="none_selected")
    if len(chosen) > MAX_BATCH:
        raise InvalidInput(
            _("Mỗi lần ký tối đa %(max)d hồ sơ; bạn đã chọn %(n)d.") % {"max": MAX_BATCH, "n": len(chosen)},
            field="dossiers",
            code="too_many",
        )
    versions = expected_versions or {}
    issued: list[IssuedResult] = []
    try:
        with transaction.atomic(), ExitStack() as stack:
            sessions = _Sessions(stack, pin=pin, actor=actor, at=at)
            for dossier in chosen:
                try:
                    issued.append(
                        _sign_one(
                            dossier=dossier,
                            actor=actor,
                            at=at,
                            session_for=sessions,
                            expected_version=versions.get(dossier.pk),
                            note="",
                        )
                    )
                except DomainError as exc:
                    raise _naming(exc, dossier.code) from exc
    except _UnlockFailed as exc:
        raise exc.error from None
    return issued
