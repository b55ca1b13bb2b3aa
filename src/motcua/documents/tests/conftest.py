"""Fixtures for signing tests: a throwaway PKI trusted by the settings, and keys of demo staff."""

from __future__ import annotations

import functools
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from motcua.documents.tests.pki import TestPKI

TEMPLATES = Path(__file__).resolve().parent / "templates"


@pytest.fixture(scope="session")
def pki(tmp_path_factory) -> TestPKI:
    return TestPKI.create(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def trusted(settings, pki):
    """Trust the test root; no timestamp authority; test templates loadable."""
    pki.trust(settings)
    templates = [dict(t) for t in settings.TEMPLATES]
    templates[0]["DIRS"] = [*templates[0].get("DIRS", []), str(TEMPLATES)]
    settings.TEMPLATES = templates
    return pki


@pytest.fixture
def justice(demo):
    """The demo Sở Tư pháp, where `lanhdao` is leader and `vanthu` clerk."""
    return demo.lanhdao.positions.get(role="leader").agency


@pytest.fixture
def agency_key(trusted, demo, justice):
    return trusted.register_agency_key(agency=justice, actor=demo.quantri)


@pytest.fixture
def officer_key(trusted, demo):
    centre = demo.tiepnhan.positions.get(role="desk_officer").service_centre
    return trusted.register_centre_key(centre=centre, holder=demo.tiepnhan, actor=demo.quantri)


def pdfsig(path: Path, *, trust_root: Path | None = None, tmp: Path | None = None) -> str:
    """Run poppler's pdfsig on a file (with an NSS database trusting the root when certutil exists)."""
    # (with -no-ocsp, poppler 22.12 reports "Unknown issue" even for a trusted chain; the test
    # certificates name no OCSP responder, so nothing is fetched anyway)
    args = ["pdfsig"]
    if trust_root is not None and tmp is not None and shutil.which("certutil"):
        nss = tmp / "nss"
        nss.mkdir(exist_ok=True)
        subprocess.run(["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"], check=True)
        subprocess.run(
            ["certutil", "-A", "-d", f"sql:{nss}", "-n", "root", "-t", "CT,C,C", "-i", str(trust_root)],
            check=True,
        )
        args += ["-nssdir", f"sql:{nss}"]
    done = subprocess.run([*args, str(path)], capture_output=True, text=True, check=False)
    return done.stdout + done.stderr


@functools.cache
def one_page_pdf() -> bytes:
    """A one-page official-form PDF (rendered once per test process)."""
    from motcua.documents.pdf import render_pdf

    return render_pdf(
        "documents/form_base.html", {"issuer": "SỞ TƯ PHÁP", "place": "Nghệ An", "today": datetime.now(UTC)}
    )
