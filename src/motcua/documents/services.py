"""Writes of stored files."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

import structlog
from asn1crypto import x509 as asn1_x509

from motcua.core.errors import InvalidInput, NotAllowed
from motcua.core.rows import insert
from motcua.core.text import nfc
from motcua.core.validation import check_values
from motcua.organisations.models import Agency, Role, ServiceCentre
from motcua.organisations.selectors import agency_ids_for, list_positions

from .models import (
    DataAccess,
    DataStoreItem,
    DigitisedPaper,
    ElectronicResult,
    ReuseRecord,
    SigningKey,
    StoredFile,
)
from .signing import keys as signing_keys
from .signing.digitise import scans_to_pdf
from .signing.metadata import PaperMetadata
from .signing.pades import Placement, SignatureRequest, sign_pdf, timestamper_from_settings, vn_time
from .signing.render import render_result_pdf
from .signing.stamp import StampText
from .uploads import CheckedUpload


def new_stored_file(*, upload: CheckedUpload, actor: Any, at: datetime) -> StoredFile:
    """Write a checked upload's content to the file storage; return its row, not yet written.

    The caller's transaction decides whether the row is kept (a rolled-back intake leaves only an
    unreferenced file behind).
    """
    stored = StoredFile(
        original_name=upload.name,
        content_type=upload.content_type,
        extension=upload.extension,
        size=len(upload.content),
        sha256=upload.sha256,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        uploaded_at=at,
    )
    stored.file.save(f"{upload.sha256}.{upload.extension}", ContentFile(upload.content), save=False)
    return stored


def store_file(*, upload: CheckedUpload, actor: Any, at: datetime) -> StoredFile:
    """Persist a checked upload; the caller's transaction decides whether it is kept."""
    return insert(new_stored_file(upload=upload, actor=actor, at=at))


def new_digitised_paper(
    *,
    upload: CheckedUpload,
    title: str,
    holder_name: str,
    holder_id: str,
    actor: Any,
    at: datetime,
    document_type_code: str = "",
    summary: str = "",
    valid_until: date | None = None,
) -> DigitisedPaper:
    """Store a scanned paper's content and return it with its Art 19(2) metadata, its row and its
    file's row not yet written (Decree 118/2025/NĐ-CP Art 17(1)(c), 19(2)): the caller writes both
    (`paper.file` first), e.g. with the dossier they belong to in one `core.rows.Batch`.

    The holder is identified by the 12-digit personal number when there is one, otherwise by name.
    """
    if not nfc(title):
        raise InvalidInput(_("Vui lòng nhập tên giấy tờ số hóa."), field="title")
    if not nfc(holder_name) and not holder_id:
        raise InvalidInput(_("Vui lòng nhập chủ giấy tờ (số định danh hoặc họ tên)."), field="holder_name")
    paper = DigitisedPaper(
        document_type_code=nfc(document_type_code),
        holder_id=holder_id,
        holder_name=nfc(holder_name),
        title=nfc(title),
        summary=nfc(summary),
        valid_until=valid_until,
        digitised_by=actor if getattr(actor, "is_authenticated", False) else None,
        digitised_at=at,
    )
    check_values(paper)  # the officer was read by the caller and the file is written next: no lookups
    paper.file = new_stored_file(upload=upload, actor=actor, at=at)
    return paper


def digitise_paper(
    *,
    upload: CheckedUpload,
    title: str,
    holder_name: str,
    holder_id: str,
    actor: Any,
    at: datetime,
    document_type_code: str = "",
    summary: str = "",
    valid_until: date | None = None,
) -> DigitisedPaper:
    """Store a scanned paper with its Art 19(2) metadata (Decree 118/2025/NĐ-CP Art 17(1)(c), 19(2))."""
    paper = new_digitised_paper(
        upload=upload,
        title=title,
        holder_name=holder_name,
        holder_id=holder_id,
        actor=actor,
        at=at,
        document_type_code=document_type_code,
        summary=summary,
        valid_until=valid_until,
    )
    insert(paper.file)
    return insert(paper)


# --- Electronic results, signatures, digitisation and the personal data store (issue 7) ---------

logger = structlog.get_logger(__name__)

# Roles that may apply an agency's own (seal) key: its leaders, and its clerks (văn thư), who put
# the agency's signature on documents its leader signed.
AGENCY_KEY_ROLES = {Role.LEADER.value, Role.CLERK.value}
_HOLDER_ID = re.compile(r"^[0-9][0-9-]{7,19}$")
_TYPE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


def _pem(cert: asn1_x509.Certificate) -> str:
    from asn1crypto import pem

    armored: bytes = pem.armor("CERTIFICATE", cert.dump())
    return armored.decode("ascii")


def _key_source(key: SigningKey) -> signing_keys.KeySource:
    return signing_keys.KeySource(
        storage=key.storage,
        certificate_pem=key.certificate_pem,
        chain_pem=key.chain_pem,
        pkcs12_path=key.pkcs12_path,
        pkcs11_token_label=key.pkcs11_token_label,
        pkcs11_key_label=key.pkcs11_key_label,
    )


def register_signing_key(
    *,
    agency: Agency | None,
    holder: Any,
    label: str,
    storage: str,
    pin: str,
    actor: Any,
    at: datetime,
    pkcs12_path: str = "",
    pkcs11_token_label: str = "",
    pkcs11_key_label: str = "",
    certificate_pem: str = "",
    chain_pem: str = "",
    service_centre: ServiceCentre | None = None,
) -> SigningKey:
    """Register a signing key after unlocking it once with its PIN and checking its certificate.

    For PKCS#11 keys, pass the certificate (PEM) when the token does not hold it under the key's
    label. `holder` is None for an agency's own (seal) key. Nothing is stored when the PIN is wrong,
    the key cannot be found, or the certificate is expired or not under a trusted root.
    """
    if storage not in SigningKey.Storage.values:
        raise InvalidInput(_("Nơi lưu khóa không hợp lệ."), field="storage")
    source = signing_keys.KeySource(
        storage=storage,
        certificate_pem=certificate_pem,
        chain_pem=chain_pem,
        pkcs12_path=pkcs12_path,
        pkcs11_token_label=pkcs11_token_label,
        pkcs11_key_label=pkcs11_key_label,
    )
    with signing_keys.open_signer(source, pin=pin) as signer:
        if storage == SigningKey.Storage.PKCS11 and not certificate_pem:
            from pyhanko.sign.pkcs11 import PKCS11Signer

            if isinstance(signer, PKCS11Signer):
                signer._load_objects()  # type: ignore[no-untyped-call]  # read the certificate from the token under the key's label
        cert = signing_keys.signer_certificate(signer)
        chain = [c for c in signing_keys.signer_chain(signer) if c.dump() != cert.dump()]
    signing_keys.check_certificate(cert, chain=chain, at=at)
    validity = cert["tbs_certificate"]["validity"]
    if agency is None and (service_centre is None or holder is None):
        raise InvalidInput(
            _("Khóa ký phải thuộc một cơ quan, hoặc là khóa cá nhân của cán bộ tại một trung tâm."),
            field="agency",
        )
    key = SigningKey(
        agency=agency,
        service_centre=service_centre,
        holder=holder,
        label=nfc(label)[:200] or signing_keys.subject_name(cert),
        storage=storage,
        pkcs12_path=pkcs12_path,
        pkcs11_token_label=pkcs11_token_label,
        pkcs11_key_label=pkcs11_key_label,
        certificate_pem=_pem(cert),
        chain_pem=chain_pem or "".join(_pem(c) for c in chain),
        subject=cert.subject.human_friendly[:300],
        serial=format(cert.serial_number, "X")[:64],
        not_before=validity["not_before"].native,
        not_after=validity["not_after"].native,
        created_at=at,
    )
    key.full_clean()
    key.save()
    logger.info(
        "signing_key_registered",
        key_id=key.pk,
        agency_id=key.agency_id,
        storage=storage,
        actor_id=getattr(actor, "pk", None),
    )
    return key


def get_signing_key(*, agency: Agency, signer: Any) -> SigningKey:
    """Return the key `signer` uses for `agency`: their own key there, else the agency's key."""
    keys = SigningKey.objects.filter(agency=agency, is_active=True).order_by("-created_at")
    own = keys.filter(holder=signer).first()
    if own is not None:
        return own
    shared = keys.filter(holder__isnull=True).first()
    if shared is None:
        raise NotAllowed(_("Cơ quan chưa có khóa ký số cho người ký này."), code="no_signing_key")
    return shared


def may_use_key(*, key: SigningKey, actor: Any) -> bool:
    """An officer's own key is theirs alone; an agency key is for its leaders and clerks."""
    if not getattr(actor, "is_authenticated", False) or not key.is_active:
        return False
    if key.holder_id is not None:
        return bool(key.holder_id == actor.pk)
    return key.agency_id is not None and key.agency_id in agency_ids_for(user=actor, roles=AGENCY_KEY_ROLES)


@dataclass
class SigningSession:
    """An unlocked key, used for one or many signatures (batch signing asks for the PIN once)."""

    key: SigningKey
    actor: Any
    signer: Any
    timestamper: Any = None
    signed: list[int] = field(default_factory=list)


@contextmanager
def signing_session(*, key: SigningKey, pin: str, actor: Any, at: datetime) -> Iterator[SigningSession]:
    """Unlock `key` with `pin` for `actor`; refuse a key they may not use or whose certificate fails."""
    if not may_use_key(key=key, actor=actor):
        raise NotAllowed(_("Bạn không được dùng khóa ký số này."), code="key_not_allowed")
    with signing_keys.open_signer(_key_source(key), pin=pin) as signer:
        cert = signing_keys.signer_certificate(signer)
        signing_keys.check_certificate(cert, chain=signing_keys.certificates_from_pem(key.chain_pem), at=at)
        yield SigningSession(key=key, actor=actor, signer=signer, timestamper=timestamper_from_settings())


def verify_url(document_code: str) -> str:
    """Return the public verification address printed as a QR code on a result."""
    return f"{settings.MOTCUA_PUBLIC_BASE_URL}/xac-thuc/{document_code}/"


def _next_document_code(*, holder_id: str, result_type_code: str) -> str:
    """Decree 118/2025/NĐ-CP Art 22(4): holder's number + result type code; repeats get -2, -3, …"""
    if not _HOLDER_ID.match(holder_id):
        raise InvalidInput(_("Số định danh của chủ giấy tờ không hợp lệ."), field="holder_id")
    if not _TYPE_CODE.match(result_type_code):
        raise InvalidInput(_("Mã loại kết quả không hợp lệ."), field="result_type_code")
    base = f"{holder_id}-{result_type_code}"
    taken = set(
        ElectronicResult.objects.filter(document_code__startswith=base).values_list(
            "document_code", flat=True
        )
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


@dataclass(frozen=True)
class ResultDraft:
    """A result to sign: either a finished PDF or a template with its context."""

    holder_id: str
    holder_name: str
    result_type_code: str
    title: str
    pdf: bytes = b""
    template: str = ""
    context: dict[str, Any] = field(default_factory=dict)
    summary: str = ""
    valid_until: date | None = None
    source_reference: str = ""
    placement: Placement | None = None


def _stored_pdf(content: bytes, name: str) -> CheckedUpload:
    return CheckedUpload(
        name=name,
        content=content,
        content_type="application/pdf",
        extension="pdf",
        sha256=hashlib.sha256(content).hexdigest(),
    )


def issue_result(*, session: SigningSession, draft: ResultDraft, at: datetime) -> ElectronicResult:
    """Give a result its document code, sign it, store it with its hash and put it in the data store.

    Decree 118/2025/NĐ-CP Art 22(4): the code is the holder's number and the result type code; the
    signed PDF carries it in its metadata and its stamp (with a QR code to ``/xac-thuc/{code}/``).
    Atomic: a failed signing writes nothing.
    """
    if not nfc(draft.title):
        raise InvalidInput(_("Vui lòng nhập tên giấy tờ kết quả."), field="title")
    if not nfc(draft.holder_name):
        raise InvalidInput(_("Vui lòng nhập họ tên chủ giấy tờ."), field="holder_name")
    if bool(draft.pdf) == bool(draft.template):
        raise InvalidInput(_("Cần đúng một trong hai: tệp PDF kết quả hoặc mẫu kết quả."), field="pdf")
    key, actor = session.key, session.actor
    agency = key.agency
    if agency is None:
        raise NotAllowed(_("Kết quả phải được ký bằng khóa của cơ quan ban hành."), code="key_not_allowed")
    for attempt in range(3):
        try:
            with transaction.atomic():
                code = _next_document_code(
                    holder_id=draft.holder_id.strip(), result_type_code=draft.result_type_code.strip()
                )
                url = verify_url(code)
                if draft.template:
                    pdf, placement = render_result_pdf(
                        draft.template, draft.context, document_code=code, verify_url=url
                    )
                else:
                    pdf, placement = draft.pdf, draft.placement or Placement()
                signer_name = nfc(getattr(actor, "full_name", "") or str(actor))
                request = SignatureRequest(
                    stamp=StampText(
                        agency=agency.name,
                        signer=signer_name,
                        signed_at=vn_time(at),
                        document_code=code,
                        verify_url=url,
                    ),
                    placement=placement,
                    reason=_("Ký ban hành kết quả giải quyết thủ tục hành chính"),
                    location=agency.unit.name,
                    metadata=PaperMetadata(
                        title=nfc(draft.title),
                        holder_id=draft.holder_id.strip(),
                        holder_name=nfc(draft.holder_name),
                        summary=nfc(draft.summary),
                        valid_until=draft.valid_until,
                        document_code=code,
                        document_type_code=draft.result_type_code.strip(),
                        issuer=agency.name,
                        kind="ket-qua",
                    ).to_document_metadata(),
                )
                signed = sign_pdf(
                    pdf, signer=session.signer, request=request, timestamper=session.timestamper
                )
                stored = store_file(upload=_stored_pdf(signed, f"{code}.pdf"), actor=actor, at=at)
                result = ElectronicResult(
                    document_code=code,
                    holder_id=draft.holder_id.strip(),
                    holder_name=nfc(draft.holder_name),
                    title=nfc(draft.title),
                    result_type_code=draft.result_type_code.strip(),
                    summary=nfc(draft.summary),
                    valid_until=draft.valid_until,
                    file=stored,
                    sha256=stored.sha256,
                    agency=agency,
                    signed_by=actor,
                    signer_name=signer_name,
                    signing_key=key,
                    signed_at=at,
                    timestamped=session.timestamper is not None,
                    source_reference=draft.source_reference.strip()[:64],
                )
                result.full_clean()
                result.save()
                add_to_data_store(holder_id=result.holder_id, result=result, at=at)
        except IntegrityError:
            if attempt == 2:
                raise
            continue  # another signer took the same code first; take the next one
        session.signed.append(result.pk)
        logger.info(
            "result_issued",
            result_id=result.pk,
            document_code=code,
            agency_id=key.agency_id,
            actor_id=actor.pk,
            source=result.source_reference,
        )
        return result
    raise AssertionError("unreachable")


def sign_result(
    *, key: SigningKey, pin: str, actor: Any, draft: ResultDraft, at: datetime
) -> ElectronicResult:
    """Unlock the key and issue one electronic result (see `issue_result`)."""
    with signing_session(key=key, pin=pin, actor=actor, at=at) as session:
        return issue_result(session=session, draft=draft, at=at)


def sign_results(
    *, key: SigningKey, pin: str, actor: Any, drafts: list[ResultDraft], at: datetime
) -> list[ElectronicResult]:
    """Batch signing: one PIN, many results, all or nothing (one failure writes none of them)."""
    if not drafts:
        raise InvalidInput(_("Chưa chọn kết quả nào để ký."), field="drafts")
    with signing_session(key=key, pin=pin, actor=actor, at=at) as session, transaction.atomic():
        return [issue_result(session=session, draft=draft, at=at) for draft in drafts]


@transaction.atomic
def digitise_and_sign(
    *,
    scans: list[CheckedUpload],
    title: str,
    holder_name: str,
    holder_id: str,
    key: SigningKey,
    pin: str,
    actor: Any,
    at: datetime,
    document_type_code: str = "",
    summary: str = "",
    valid_until: date | None = None,
    validity_scope: str = "",
    holder_birth_year: int | None = None,
    ocr: bool | None = None,
) -> DigitisedPaper:
    """Turn scans into one PDF with the Art 19(2) metadata, signed by the officer who digitised it.

    Decree 118/2025/NĐ-CP Art 17(1)(c) (the desk signs each scan with its personal signature) and
    Art 19(2) (minimum metadata). Without a personal number, the holder's name and year of birth
    identify them. The paper goes to the holder's data store when the holder has a number.
    """
    if not nfc(title):
        raise InvalidInput(_("Vui lòng nhập tên giấy tờ số hóa."), field="title")
    if not nfc(holder_name) and not holder_id:
        raise InvalidInput(_("Vui lòng nhập chủ giấy tờ (số định danh hoặc họ tên)."), field="holder_name")
    if not holder_id and holder_birth_year is None:
        raise InvalidInput(
            _("Chủ giấy tờ không có số định danh: vui lòng nhập năm sinh."), field="holder_birth_year"
        )
    if holder_id and not _HOLDER_ID.match(holder_id):
        raise InvalidInput(_("Số định danh của chủ giấy tờ không hợp lệ."), field="holder_id")
    if key.holder_id is None or key.holder_id != getattr(actor, "pk", None):
        raise NotAllowed(
            _("Bản số hóa phải được ký bằng chữ ký số cá nhân của người số hóa."), code="key_not_allowed"
        )
    meta = PaperMetadata(
        title=nfc(title),
        document_type_code=nfc(document_type_code),
        holder_id=holder_id,
        holder_name=nfc(holder_name),
        holder_birth_year=holder_birth_year,
        summary=nfc(summary),
        valid_until=valid_until,
        validity_scope=nfc(validity_scope),
        issuer=key.place_name,
        kind="so-hoa",
    )
    pdf, _has_text = scans_to_pdf(scans, title=meta.title, ocr=ocr)
    with signing_session(key=key, pin=pin, actor=actor, at=at) as session:
        signed = sign_pdf(
            pdf,
            signer=session.signer,
            request=SignatureRequest(
                stamp=None,
                reason=_("Ký xác nhận bản số hóa từ bản giấy"),
                metadata=meta.to_document_metadata(),
            ),
            timestamper=session.timestamper,
        )
    paper = DigitisedPaper(
        file=store_file(upload=_stored_pdf(signed, f"{meta.title[:80]}.pdf"), actor=actor, at=at),
        document_type_code=meta.document_type_code,
        holder_id=holder_id,
        holder_name=meta.holder_name,
        holder_birth_year=holder_birth_year,
        title=meta.title,
        summary=meta.summary,
        valid_until=valid_until,
        validity_scope=meta.validity_scope,
        digitised_by=actor,
        digitised_at=at,
    )
    paper.full_clean()
    paper.save()
    if holder_id:
        add_to_data_store(holder_id=holder_id, paper=paper, at=at)
    logger.info("paper_digitised", paper_id=paper.pk, actor_id=actor.pk, ocr=_has_text)
    return paper


def add_to_data_store(
    *,
    holder_id: str,
    at: datetime,
    result: ElectronicResult | None = None,
    paper: DigitisedPaper | None = None,
) -> DataStoreItem:
    """Put a result or a digitised paper in the holder's data store (idempotent)."""
    if (result is None) == (paper is None):
        raise InvalidInput(_("Cần đúng một kết quả hoặc một giấy tờ số hóa."), field="item")
    if not holder_id:
        raise InvalidInput(
            _("Chủ giấy tờ chưa có số định danh; không thể lưu vào kho dữ liệu."), field="holder_id"
        )
    if result is not None:
        item, _created = DataStoreItem.objects.get_or_create(
            result=result,
            defaults={"holder_id": holder_id, "kind": DataStoreItem.Kind.RESULT, "created_at": at},
        )
    else:
        item, _created = DataStoreItem.objects.get_or_create(
            paper=paper,
            defaults={"holder_id": holder_id, "kind": DataStoreItem.Kind.DIGITISED, "created_at": at},
        )
    return item


@transaction.atomic
def record_reuse(
    *, item: DataStoreItem, dossier_code: str, actor: Any, at: datetime, note: str = ""
) -> ReuseRecord:
    """Record that a data-store item was reused in a dossier (once per dossier; Decree 118 Art 22(1))."""
    code = dossier_code.strip()
    if not code:
        raise InvalidInput(_("Thiếu mã hồ sơ sử dụng lại dữ liệu."), field="dossier_code")
    record, created = ReuseRecord.objects.get_or_create(
        item=item,
        dossier_code=code[:64],
        defaults={
            "reused_by": actor if getattr(actor, "is_authenticated", False) else None,
            "reused_at": at,
            "note": nfc(note)[:300],
        },
    )
    if created:
        logger.info("data_reused", item_id=item.pk, dossier_code=code, actor_id=getattr(actor, "pk", None))
        if not _is_holder(actor, item.holder_id):
            _log_access(items=[item], actor=actor, purpose=DataAccess.Purpose.REUSE, at=at, dossier_code=code)
    return record


def list_data_store(*, holder_id: str) -> QuerySet[DataStoreItem]:
    """Return the holder's data-store items, newest first (callers scope who may ask for whom)."""
    return DataStoreItem.objects.filter(holder_id=holder_id).select_related(
        "result", "paper", "result__agency"
    )


# --- Who opened a data-store item: the access log its holder sees (issue 6) ----------------------


def _is_holder(actor: Any, holder_id: str) -> bool:
    personal_id = getattr(actor, "personal_id", None) if getattr(actor, "is_authenticated", False) else None
    return bool(personal_id) and personal_id == holder_id


def _workplace(actor: Any, agency_id: int | None) -> tuple[Agency | None, str]:
    """Return the agency (and the name of the agency or centre) the actor acts for here."""
    positions = sorted(list_positions(user=actor), key=lambda p: (p.agency_id != agency_id, p.pk))
    if not positions:
        return None, ""
    position = positions[0]
    if position.agency is not None:
        return position.agency, position.agency.name
    centre = position.service_centre
    return None, centre.name if centre is not None else ""


def record_data_access(
    *,
    stored_file: StoredFile,
    holder_id: str,
    actor: Any,
    purpose: DataAccess.Purpose,
    at: datetime,
    dossier_code: str = "",
    agency_id: int | None = None,
) -> list[DataAccess]:
    """Log that someone other than the holder opened a file that is in the holder's data store.

    Call it wherever such a file is served. The file counts as the item's when it is the item's own
    stored file or has the same content (a copy taken when the item was reused in a dossier); only
    the items of `holder_id` are considered, so one person's log never shows another's files. The
    holder opening their own items is not logged. `agency_id` names the agency on whose behalf a
    staff member acts (the dossier's agency); without it, their first position is used.
    """
    if not holder_id or _is_holder(actor, holder_id):
        return []
    items = list(
        DataStoreItem.objects.filter(holder_id=holder_id).filter(
            Q(result__file=stored_file)
            | Q(paper__file=stored_file)
            | Q(result__file__sha256=stored_file.sha256)
            | Q(paper__file__sha256=stored_file.sha256)
        )
    )
    return _log_access(
        items=items, actor=actor, purpose=purpose, at=at, dossier_code=dossier_code, agency_id=agency_id
    )


def _log_access(
    *,
    items: list[DataStoreItem],
    actor: Any,
    purpose: DataAccess.Purpose,
    at: datetime,
    dossier_code: str = "",
    agency_id: int | None = None,
) -> list[DataAccess]:
    if not items:
        return []
    user = actor if getattr(actor, "is_authenticated", False) else None
    agency, place = _workplace(actor, agency_id) if user is not None else (None, "")
    rows = DataAccess.objects.bulk_create(
        DataAccess(
            item=item,
            accessed_by=user,
            accessor_name=(str(user) if user is not None else _("Khách không đăng nhập"))[:200],
            agency=agency,
            place_name=place[:300],
            purpose=purpose,
            dossier_code=dossier_code[:64],
            accessed_at=at,
        )
        for item in items
    )
    logger.info(
        "data_store_accessed",
        item_ids=[i.pk for i in items],
        actor_id=getattr(user, "pk", None),
        purpose=str(purpose),
        dossier_code=dossier_code,
    )
    return rows


def list_my_data_store(*, user: Any) -> list[DataStoreItem]:
    """Return the signed-in citizen's own items with who accessed and reused each (empty otherwise)."""
    personal_id = getattr(user, "personal_id", None) if getattr(user, "is_authenticated", False) else None
    if not personal_id:
        return []
    return list(
        list_data_store(holder_id=personal_id)
        .select_related("result__file", "paper__file", "paper__digitised_by", "result__signed_by")
        .prefetch_related(
            "accesses",
            Prefetch("reuses", queryset=ReuseRecord.objects.order_by("-reused_at")),
        )
    )


def get_my_data_store_item(*, user: Any, item_id: int) -> DataStoreItem:
    """Return one of the signed-in citizen's own items; raise DataStoreItem.DoesNotExist otherwise."""
    personal_id = getattr(user, "personal_id", None) if getattr(user, "is_authenticated", False) else None
    if not personal_id:
        raise DataStoreItem.DoesNotExist
    return (
        list_data_store(holder_id=personal_id).select_related("result__file", "paper__file").get(pk=item_id)
    )
