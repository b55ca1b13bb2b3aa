"""Real concurrent transactions on PostgreSQL: codes never collide, one of two actors wins."""

import threading

from django.db import close_old_connections

import pytest

from conftest import _ensure_demo, vn
from motcua.accounts.models import User
from motcua.core.errors import Conflict, NotAllowed
from motcua.dossiers.codes import next_dossier_code
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import receive_dossier, refuse_dossier

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reseed_demo_afterwards")]


def _run_in_threads(n, target):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def worker(i):
        try:
            barrier.wait()
            results.append(target(i))
        except Exception as exc:
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_concurrent_intakes_get_distinct_consecutive_codes():
    from django.db import transaction

    day = vn(2026, 3, 2, 9, 0).date()

    def take(_):
        with transaction.atomic():
            return next_dossier_code(prefix="000.00.99.H41", day=day)

    codes, errors = _run_in_threads(8, take)
    assert errors == []
    assert sorted(codes) == [f"000.00.99.H41-260302-{n:04d}" for n in range(1, 9)]


def test_two_officers_acting_at_once_one_wins_the_other_gets_a_conflict(submit_transactional):
    dossier = submit_transactional(at=vn(2026, 3, 2, 8, 0))
    officer = User.objects.get(username="tiepnhan")
    version = dossier.version

    def act(i):
        d = Dossier.objects.get(pk=dossier.pk)
        if i == 0:
            return receive_dossier(
                dossier=d, actor=officer, at=vn(2026, 3, 2, 9, 0), expected_version=version
            )
        return refuse_dossier(
            dossier=d,
            actor=officer,
            at=vn(2026, 3, 2, 9, 0),
            reason="Thiếu giấy tờ",
            expected_version=version,
        )

    results, errors = _run_in_threads(2, act)
    assert len(results) == 1
    assert len(errors) == 1
    assert isinstance(errors[0], Conflict | NotAllowed)
    dossier.refresh_from_db()
    assert dossier.status == results[0].status
    assert dossier.events.count() == 2


@pytest.fixture
def submit_transactional(db):
    _ensure_demo()
    from conftest import pdf_upload
    from motcua.dossiers.services import ApplicantDetails, PaperUpload, submit_dossier

    version = _ensure_demo()
    citizen = User.objects.get(username="congdan")

    def _submit(*, at):
        return submit_dossier(
            version=version,
            applicant=citizen,
            details=ApplicantDetails(full_name=citizen.full_name, phone="0912345678"),
            request_summary="",
            papers=[PaperUpload(paper=version.papers.get(order=1), upload=pdf_upload())],
            at=at,
        )

    return _submit
