"""
Benchmark: PAdES signing and verification of a one-page result, in process.

A throwaway CA issues an agency certificate (RSA-2048, PKCS#12); a one-page official form is
rendered once with WeasyPrint. `sign_pdf_ms_p50` times `documents.signing.pades.sign_pdf` with the
unlocked key: visible stamp (Tinos, QR code to /xac-thuc/{code}/), document-code metadata in XMP,
SHA-256, no timestamp authority. `verify_pdf_ms_p50` times `documents.verification.verify_pdf` on
the signed file: signature and chain to the trusted root, modification analysis, metadata, and the
registry lookups (database queries; run after migrate, as `make bench` does). Medians of
RUNS timed runs after warm-up.

Run: ``PYTHONPATH=src:. DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL=… python
bench/bench_signing.py`` (prints JSON), or call `measure()`.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

RUNS = 30
WARM_UP = 3
TARGET_MS = 150


def _setup_django() -> None:
    import django
    from django.conf import settings

    if not settings.configured:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()


def measure() -> dict[str, dict[str, object]]:
    """Return sign/verify medians in the shape `make bench` writes to bench/results.json."""
    _setup_django()
    from django.conf import settings

    from motcua.documents import verification
    from motcua.documents.pdf import render_pdf
    from motcua.documents.signing import ca
    from motcua.documents.signing.keys import KeySource, open_signer
    from motcua.documents.signing.metadata import PaperMetadata
    from motcua.documents.signing.pades import SignatureRequest, sign_pdf, vn_time
    from motcua.documents.signing.stamp import StampText

    now = datetime.now(UTC)
    code = "040012345678-KQ.2.000635"
    saved_roots = getattr(settings, "MOTCUA_TRUSTED_ROOTS", [])
    with tempfile.TemporaryDirectory(prefix="motcua-bench-") as tmp:
        folder = Path(tmp)
        root = ca.create_root(name="Bench Root CA", not_before=now - timedelta(days=1))
        (folder / "root.pem").write_text(root.pem)
        agency = ca.issue(ca=root, common_name="Sở Tư pháp tỉnh Nghệ An", not_before=now - timedelta(hours=1))
        (folder / "agency.p12").write_bytes(
            ca.pkcs12_bytes(agency, ca=root, password="bench", friendly_name="a")  # noqa: S106 - throwaway key
        )
        settings.MOTCUA_TRUSTED_ROOTS = [str(folder / "root.pem")]
        try:
            pdf = render_pdf(
                "documents/form_base.html", {"issuer": "SỞ TƯ PHÁP", "place": "Nghệ An", "today": now}
            )
            request = SignatureRequest(
                stamp=StampText(
                    agency="Sở Tư pháp tỉnh Nghệ An",
                    signer="Phạm Quốc Hùng",
                    signed_at=vn_time(now),
                    document_code=code,
                    verify_url=f"https://motcua.example/xac-thuc/{code}/",
                ),
                reason="Ký ban hành kết quả",
                metadata=PaperMetadata(
                    title="Bản sao trích lục khai sinh", document_code=code
                ).to_document_metadata(),
            )
            sign_ms: list[float] = []
            verify_ms: list[float] = []
            sign_cpu: list[float] = []
            verify_cpu: list[float] = []
            with open_signer(
                KeySource(storage="pkcs12", pkcs12_path=str(folder / "agency.p12")), pin="bench"
            ) as s:
                signed = b""
                for i in range(WARM_UP + RUNS):
                    began, cpu = time.perf_counter(), time.process_time()
                    signed = sign_pdf(pdf, signer=s, request=request)
                    if i >= WARM_UP:
                        sign_ms.append((time.perf_counter() - began) * 1000)
                        sign_cpu.append((time.process_time() - cpu) * 1000)
            for i in range(WARM_UP + RUNS):
                began, cpu = time.perf_counter(), time.process_time()
                report = verification.verify_pdf(signed)
                if i >= WARM_UP:
                    verify_ms.append((time.perf_counter() - began) * 1000)
                    verify_cpu.append((time.process_time() - cpu) * 1000)
            assert report.signatures[0].trusted, report.messages
        finally:
            settings.MOTCUA_TRUSTED_ROOTS = saved_roots
    dataset = (
        f"one-page A4 official form ({len(pdf)} bytes, WeasyPrint), RSA-2048 PKCS#12 key, SHA-256, PAdES B-B "
        f"with visible QR stamp and XMP metadata, no TSA; median of {RUNS} runs after {WARM_UP} warm-up, "
        "single process"
    )
    return {
        "sign_pdf_ms_p50": {
            "value": round(statistics.median(sign_ms), 2),
            "unit": "ms",
            "target": TARGET_MS,
            "dataset": f"{dataset}; CPU time p50 {statistics.median(sign_cpu):.1f} ms",
        },
        "verify_pdf_ms_p50": {
            "value": round(statistics.median(verify_ms), 2),
            "unit": "ms",
            "target": TARGET_MS,
            "dataset": (
                f"{dataset}; verification includes chain to the trusted root and registry lookups; "
                f"CPU time p50 {statistics.median(verify_cpu):.1f} ms"
            ),
        },
    }


if __name__ == "__main__":
    print(json.dumps(measure(), ensure_ascii=False, indent=2))
