"""Scans to PDF for digitised papers (Decree 118/2025/NĐ-CP Art 17(1)(c), 19(2)).

JPEG and PNG scans become one PDF, a page per image, at the scan's resolution. When the Tesseract
OCR engine and its Vietnamese data are installed (Debian: ``tesseract-ocr-vie``) and MOTCUA_OCR is
not "off", Tesseract builds the PDF instead, with an invisible text layer so the paper can be
searched and copied from; otherwise Pillow builds it and nothing else changes. A scan that is
already a PDF is kept as it is. The Art 19(2) metadata is written when the PDF is signed.
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

import structlog

from motcua.core.errors import InvalidInput
from motcua.documents.uploads import CheckedUpload

logger = structlog.get_logger(__name__)

DEFAULT_DPI = 200


@functools.lru_cache(maxsize=1)
def _tesseract_with_vietnamese() -> str:
    binary = shutil.which("tesseract")
    if not binary:
        return ""
    try:
        listed = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    langs = set((listed.stdout + listed.stderr).split())
    return binary if "vie" in langs else ""


def ocr_available() -> bool:
    """Return whether scans get a Vietnamese text layer (Tesseract with `vie` data, MOTCUA_OCR on)."""
    if str(getattr(settings, "MOTCUA_OCR", "auto")).lower() == "off":
        return False
    return bool(_tesseract_with_vietnamese())


def _open_image(scan: CheckedUpload) -> Any:
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(scan.content))
        image.load()
    except (Image.DecompressionBombError, OSError, ValueError) as exc:
        raise InvalidInput(
            _("Không đọc được ảnh quét “%(name)s”.") % {"name": scan.name},
            field="scans",
            code="scan_unreadable",
        ) from exc
    return image


def _pillow_pdf(scans: list[CheckedUpload], title: str) -> bytes:
    from PIL import Image

    pages: list[Image.Image] = []
    dpi = DEFAULT_DPI
    for scan in scans:
        image = _open_image(scan)
        info_dpi = image.info.get("dpi")
        if pages == [] and info_dpi and info_dpi[0] and info_dpi[0] > 50:
            dpi = int(info_dpi[0])
        pages.append(image.convert("RGB") if image.mode not in ("RGB", "L") else image)
    out = io.BytesIO()
    pages[0].save(
        out,
        "PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=float(dpi),
        title=title,
        creator="MộtCửa",
    )
    return out.getvalue()


def _tesseract_pdf(scans: list[CheckedUpload], binary: str) -> bytes | None:
    timeout = int(getattr(settings, "MOTCUA_OCR_TIMEOUT", 120) or 120)
    with tempfile.TemporaryDirectory(prefix="motcua-ocr-") as tmp:
        folder = Path(tmp)
        names = []
        for index, scan in enumerate(scans):
            path = folder / f"trang-{index:03d}.{scan.extension}"
            path.write_bytes(scan.content)
            names.append(str(path))
        listing = folder / "trang.txt"
        listing.write_text("\n".join(names) + "\n", encoding="utf-8")
        try:
            subprocess.run(  # noqa: S603 - fixed arguments, no shell
                [
                    binary,
                    str(listing),
                    str(folder / "ket-qua"),
                    "-l",
                    "vie",
                    "--dpi",
                    str(DEFAULT_DPI),
                    "pdf",
                ],
                capture_output=True,
                timeout=timeout,
                check=True,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            logger.warning("ocr_failed", error=str(exc)[:200])
            return None
        result = folder / "ket-qua.pdf"
        return result.read_bytes() if result.is_file() else None


def scans_to_pdf(scans: list[CheckedUpload], *, title: str, ocr: bool | None = None) -> tuple[bytes, bool]:
    """Return (PDF, whether it has an OCR text layer) for checked scans: one PDF, or images."""
    if not scans:
        raise InvalidInput(_("Vui lòng tải lên ít nhất một trang quét."), field="scans", code="no_scans")
    pdfs = [s for s in scans if s.extension == "pdf"]
    if pdfs:
        if len(scans) > 1:
            raise InvalidInput(
                _("Tệp PDF phải được số hóa riêng; chỉ ghép được nhiều ảnh JPEG/PNG thành một tệp."),
                field="scans",
                code="mixed_scans",
            )
        return pdfs[0].content, False
    use_ocr = ocr_available() if ocr is None else (ocr and ocr_available())
    if use_ocr:
        pdf = _tesseract_pdf(scans, _tesseract_with_vietnamese())
        if pdf is not None:
            return pdf, True
    return _pillow_pdf(scans, title), False
