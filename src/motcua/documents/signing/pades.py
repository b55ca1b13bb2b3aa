"""PAdES signatures on PDF documents (pyHanko): visible stamp, optional RFC 3161 timestamp.

Profile: PAdES baseline B-B (subfilter ETSI.CAdES.detached, SHA-256, signing certificate v2
attribute); with a timestamp authority configured (MOTCUA_TSA_URL) a signature timestamp makes it
B-T, so the signing time is attested by a third party and the signature outlives the signer's
certificate. The signature is added as an incremental update: the bytes of the unsigned document
stay as they were, and any later change is detectable.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata.model import DocumentMetadata
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper, TimestampRequestError

from motcua.core.errors import InvalidInput

from .stamp import DEFAULT_BOX, StampText, style_for

SIGNATURE_FIELD = "ChuKySo"


@dataclass(frozen=True)
class Placement:
    """Where the visible stamp goes: page index (-1 = last page) and box in PDF points."""

    page: int = -1
    box: tuple[float, float, float, float] = DEFAULT_BOX


@dataclass(frozen=True)
class SignatureRequest:
    """Everything about one signature except the key."""

    stamp: StampText | None = None
    placement: Placement = field(default_factory=Placement)
    reason: str = ""
    location: str = ""
    metadata: DocumentMetadata | None = None
    field_name: str = SIGNATURE_FIELD


def _int_box(box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    x1, y1, x2, y2 = (round(v) for v in box)
    return (x1, y1, x2, y2)


def _link(writer: IncrementalPdfFileWriter, *, page: int, box: tuple[int, int, int, int], url: str) -> None:
    """Make the stamp a link to the verification page too (the QR code is for paper copies)."""
    page_ref, _resources = writer.find_page_for_modification(page)  # type: ignore[no-untyped-call]
    annot = generic.DictionaryObject(  # type: ignore[no-untyped-call]
        {
            generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/Link"),
            generic.pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in box]),  # type: ignore[no-untyped-call]
            generic.pdf_name("/Border"): generic.ArrayObject([generic.NumberObject(0)] * 3),  # type: ignore[no-untyped-call]
            generic.pdf_name("/A"): generic.DictionaryObject(  # type: ignore[no-untyped-call]
                {
                    generic.pdf_name("/S"): generic.pdf_name("/URI"),
                    generic.pdf_name("/URI"): generic.TextStringObject(url),
                }
            ),
        }
    )
    writer.register_annotation(page_ref, writer.add_object(annot))  # type: ignore[no-untyped-call]


def _reserve(signer: signers.Signer, timestamper: TimeStamper | None) -> int:
    """Bytes to reserve for the CMS signature, so pyHanko need not build a dummy one to measure it.

    Certificates, signed attributes and the signature value, with a margin; a timestamp token carries
    the TSA's certificates too. A reservation too small fails the signing (nothing is written).
    """
    certs = [signer.signing_cert, *(getattr(signer, "cert_registry", None) or [])]
    size = 8192 + sum(len(c.dump()) for c in certs if c is not None)
    size += 16384 if timestamper is not None else 0
    return size + size % 2  # pyHanko wants an even count


def max_pdf_bytes() -> int:
    return int(getattr(settings, "MOTCUA_SIGN_MAX_BYTES", 0) or settings.MOTCUA_UPLOAD_MAX_BYTES)


def open_pdf(content: bytes, *, strict: bool = False) -> PdfFileReader:
    """Parse a PDF; refuse oversized, non-PDF, corrupted and encrypted files with clear errors."""
    limit = max_pdf_bytes()
    if len(content) > limit:
        raise InvalidInput(
            _("Tệp PDF vượt quá dung lượng cho phép (%(limit)d MB).") % {"limit": limit // (1024 * 1024)},
            code="pdf_too_large",
        )
    if not content.lstrip()[:5] == b"%PDF-":
        raise InvalidInput(_("Tệp không phải là tài liệu PDF."), code="pdf_invalid")
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=strict)
        encrypted = reader.encrypted
        if not encrypted:
            reader.root  # noqa: B018 - parse the catalog now, so a broken file fails here
            reader.root["/Pages"]
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise InvalidInput(_("Tệp PDF bị hỏng hoặc không đọc được."), code="pdf_corrupted") from exc
    if encrypted:
        raise InvalidInput(
            _("Tệp PDF được đặt mật khẩu (mã hóa); không thể ký hoặc xác thực."), code="pdf_encrypted"
        )
    return reader


def timestamper_from_settings() -> TimeStamper | None:
    """Return the RFC 3161 client of MOTCUA_TSA_URL, or None when no TSA is configured."""
    url = str(getattr(settings, "MOTCUA_TSA_URL", "") or "")
    if not url:
        return None
    timeout = int(getattr(settings, "MOTCUA_TSA_TIMEOUT", 10) or 10)
    user = str(getattr(settings, "MOTCUA_TSA_USERNAME", "") or "")
    password = str(getattr(settings, "MOTCUA_TSA_PASSWORD", "") or "")
    return HTTPTimeStamper(url, timeout=timeout, auth=(user, password) if user else None)


def sign_pdf(
    content: bytes,
    *,
    signer: signers.Signer,
    request: SignatureRequest,
    timestamper: TimeStamper | None = None,
) -> bytes:
    """Return the PDF with one more PAdES signature; raise InvalidInput and change nothing on failure."""
    reader = open_pdf(content)
    writer = IncrementalPdfFileWriter(io.BytesIO(content), strict=False)
    if request.metadata is not None:
        meta_out = writer.document_meta
        for name in ("title", "author", "subject", "creator", "created"):
            value = getattr(request.metadata, name)
            if value:
                setattr(meta_out, name, value)
        meta_out.keywords = list(request.metadata.keywords)
        meta_out.xmp_extra = list(request.metadata.xmp_extra)
    page_count = int(reader.root["/Pages"]["/Count"])
    page = request.placement.page if request.placement.page >= 0 else page_count + request.placement.page
    page = min(max(page, 0), max(page_count - 1, 0))
    visible = request.stamp is not None
    spec = fields.SigFieldSpec(
        sig_field_name=request.field_name,
        on_page=page,
        box=_int_box(request.placement.box) if visible else None,
    )
    meta = signers.PdfSignatureMetadata(
        field_name=request.field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=request.reason or None,
        location=request.location or None,
        name=request.stamp.signer if request.stamp else None,
    )
    text_params: dict[str, Any] = {}
    style = None
    if request.stamp is not None:
        style = style_for(request.stamp)
        if request.stamp.verify_url:
            text_params["url"] = request.stamp.verify_url
            _link(writer, page=page, box=_int_box(request.placement.box), url=request.stamp.verify_url)
    pdf_signer = signers.PdfSigner(
        meta, signer=signer, timestamper=timestamper, stamp_style=style, new_field_spec=spec
    )
    try:
        out = pdf_signer.sign_pdf(
            writer, appearance_text_params=text_params or None, bytes_reserved=_reserve(signer, timestamper)
        )
    except TimestampRequestError as exc:
        raise InvalidInput(
            _("Không lấy được dấu thời gian từ máy chủ cấp dấu thời gian (TSA); chưa ký."),
            code="timestamp_failed",
        ) from exc
    except SigningError as exc:
        raise InvalidInput(
            _("Không ký được tài liệu: %(error)s") % {"error": exc}, code="signing_failed"
        ) from exc
    data: bytes = out.getvalue()
    return data


def vn_time(at: datetime) -> str:
    """Format an instant for the stamp in Vietnam time."""
    from motcua.core.timeutil import local

    return local(at).strftime("%H:%M:%S %d/%m/%Y (GMT+7)")
