"""Shared test fixtures: the demo province, seeded once per test database, and its people."""

from __future__ import annotations

import io
from datetime import datetime
from types import SimpleNamespace

import pytest

from motcua.core.timeutil import VN_TZ

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _ensure_demo():
    from motcua.catalog.models import ProcedureVersion
    from motcua.core import revision
    from motcua.demo import data
    from motcua.demo.seed import seed_organisations_and_people

    revision.ensure_row()  # emptied with every table by a transactional test

    version = ProcedureVersion.objects.filter(procedure__code=data.EXTRACT_PROCEDURE["code"]).first()
    if version is None:
        _seed_calendar()
        version = seed_organisations_and_people()
    return version


def _seed_calendar():
    """Put back what the calendar's data migration seeds (day swaps, default office hours)."""
    from importlib import import_module

    from django.apps import apps

    import_module("motcua.workdays.migrations.0002_seed_calendar").seed(apps, None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed the demo organisations, staff and procedures once per test database."""
    with django_db_blocker.unblock():
        _ensure_demo()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start every test with an empty cache (rate-limit counters, cached catalog pages)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="module")
def reseed_demo_afterwards(django_db_blocker):
    """Seed the demo province again once a module of transactional tests has flushed the database.

    Transactional tests empty every table when they finish; later tests on the same worker expect
    the province, its people and its procedures to be there as the session fixture left them.
    """
    yield
    with django_db_blocker.unblock():
        _ensure_demo()


@pytest.fixture
def demo(db):
    """The demo province: the extract procedure version and users by username."""
    from motcua.accounts.models import User

    version = _ensure_demo()
    users = {u.username: u for u in User.objects.all()}
    return SimpleNamespace(version=version, users=users, **users)


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """Return an aware Vietnam-time datetime."""
    return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


def pdf_upload(name: str = "to-khai.pdf"):
    from motcua.documents.uploads import check_upload

    return check_upload(name=name, stream=io.BytesIO(MINIMAL_PDF))


@pytest.fixture
def submit(demo):
    """Submit an online dossier as a demo citizen at a given instant."""
    from motcua.dossiers.services import ApplicantDetails, PaperUpload, submit_dossier

    def _submit(*, at: datetime, citizen=None, phone: str = "0912345678", email: str = ""):
        citizen = citizen or demo.congdan
        paper = demo.version.papers.get(order=1)
        return submit_dossier(
            version=demo.version,
            applicant=citizen,
            details=ApplicantDetails(
                full_name=citizen.full_name,
                personal_id=citizen.personal_id or "",
                phone=phone,
                email=email,
                address=citizen.address,
            ),
            request_summary="Xin cấp bản sao trích lục khai sinh",
            papers=[PaperUpload(paper=paper, upload=pdf_upload())],
            at=at,
        )

    return _submit
