"""Document metadata written into signed PDFs (XMP, and the Info dictionary where it exists).

Results carry their document code (Mã số giấy tờ, Decree 118/2025/NĐ-CP Art 22(4)); digitised
papers carry the minimum metadata of Art 19(2): document type code, the holder's identification
number (or name and year of birth), title, summary, validity period and scope. The values are
written under MộtCửa's XMP namespace in the same revision that is signed, so the signature covers
them, and the title/subject also go to the standard Dublin Core fields any viewer shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lxml import etree
from pyhanko.pdf_utils.metadata.model import DocumentMetadata, ExpandedName, XmpStructure, XmpValue
from pyhanko.pdf_utils.reader import PdfFileReader

# A URN, so the namespace names no web address anyone must keep serving.
NS = "urn:motcua:xmp:giay-to:1.0/"
PREFIX = "motcua"
etree.register_namespace(PREFIX, NS)

CREATOR = "MộtCửa"


@dataclass(frozen=True)
class PaperMetadata:
    """Decree 118/2025/NĐ-CP Art 19(2) metadata (and the document code of a result)."""

    title: str
    document_type_code: str = ""
    holder_id: str = ""
    holder_name: str = ""
    holder_birth_year: int | None = None
    summary: str = ""
    valid_until: date | None = None
    validity_scope: str = ""
    document_code: str = ""
    issuer: str = ""
    kind: str = ""

    def fields(self) -> dict[str, str]:
        values = {
            "maSoGiayTo": self.document_code,
            "maLoaiGiayTo": self.document_type_code,
            "soDinhDanh": self.holder_id,
            "chuGiayTo": self.holder_name,
            "namSinh": str(self.holder_birth_year or ""),
            "tenGiayTo": self.title,
            "trichYeu": self.summary,
            "thoiHanHieuLuc": self.valid_until.isoformat() if self.valid_until else "",
            "phamViHieuLuc": self.validity_scope,
            "coQuanBanHanh": self.issuer,
            "loai": self.kind,
        }
        return {k: v for k, v in values.items() if v}

    def to_document_metadata(self) -> DocumentMetadata:
        xmp = XmpStructure.of(*((ExpandedName(NS, k), XmpValue(v)) for k, v in self.fields().items()))
        keywords = [v for v in (self.document_code, self.document_type_code) if v]
        return DocumentMetadata(
            title=self.title,
            subject=self.summary or self.title,
            author=self.issuer or None,
            keywords=keywords,
            creator=CREATOR,
            xmp_extra=[xmp],
        )


def read_fields(reader: PdfFileReader) -> dict[str, str]:
    """Return MộtCửa's XMP fields of a PDF (empty when there are none or they cannot be read)."""
    try:
        stream = reader.root.get("/Metadata")
        if stream is None:
            return {}
        data = stream.get_object().data
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(data, parser=parser)
    except Exception:  # unreadable metadata is treated as absent, never as an error
        return {}
    found: dict[str, str] = {}
    prefix = "{" + NS + "}"
    for element in root.iter():
        # Simple XMP properties may be written as attributes or as elements.
        for name, value in element.attrib.items():
            if name.startswith(prefix) and value:
                found[name[len(prefix) :]] = value.strip()
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag.startswith(prefix) and element.text:
            found[tag[len(prefix) :]] = element.text.strip()
    return found


def read_document_code(reader: PdfFileReader) -> str:
    """Return the document code written in a PDF's metadata, or ''."""
    return read_fields(reader).get("maSoGiayTo", "")[:64]
