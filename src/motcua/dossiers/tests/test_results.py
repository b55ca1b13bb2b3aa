"""A leader signs a dossier's result at the signing step: issued, registered, and the dossier moves on."""

from __future__ import annotations

import subprocess
from datetime import timedelta

from django.utils import timezone

import pytest

from motcua.core.errors import Conflict, InvalidInput, NotAllowed
from motcua.documents import verification
from motcua.documents.models import DataStoreItem, ElectronicResult, StoredFile
from motcua.documents.tests.conftest import pdfsig
from motcua.documents.tests.pki import PASSWORD, TestPKI
from motcua.dossiers import results
from motcua.dossiers.models import Dossier, DossierEvent, EventType
from motcua.dossiers.services import complete_step, receive_dossier, send_back
from motcua.dossiers.transitions import DossierStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def pki(tmp_path_factory) -> TestPKI:
    return TestPKI.create(tmp_path_factory.mktemp("dossier-pki"))


@pytest.fixture
def trusted(settings, pki):
    return pki.trust(settings)


@pytest.fixture
def justice(demo):
    return demo.lanhdao.positions.get(role="leader").agency


@pytest.fixture
def leader_key(trusted, demo, justice):
    """The leader's own key at Sở Tư pháp (as `motcua create_demo_ca` registers it)."""
    return trusted.register_agency_key(agency=justice, actor=demo.quantri, holder=demo.lanhdao)


@pytest.fixture
def at_approval(demo, submit):
    """Return a factory of dossiers received and appraised: waiting at the leader's approval step."""

    def _make(citizen=None) -> Dossier:
        now = timezone.now()
        dossier = submit(at=now - timedelta(minutes=30), citizen=citizen)
        dossier = receive_dossier(dossier=dossier, actor=demo.tiepnhan, at=now - timedelta(minutes=20))
        return complete_step(dossier=dossier, actor=demo.chuyenvien, at=now - timedelta(minutes=10))

    return _make


def _content(result: ElectronicResult) -> bytes:
    with result.file.file.open("rb") as handle:
        content: bytes = handle.read()
    return content


def _snapshot(dossier: Dossier) -> tuple[object, ...]:
    dossier.refresh_from_db()
    return (
        dossier.status,
        dossier.current_step_id,
        dossier.version,
        DossierEvent.objects.filter(dossier=dossier).count(),
        ElectronicResult.objects.count(),
        StoredFile.objects.count(),
        DataStoreItem.objects.count(),
    )


def test_leader_signs_at_the_approval_step_and_the_dossier_moves_on(demo, at_approval, leader_key, justice):
    dossier = at_approval()
    assert dossier.current_step.kind == "approve"
    assert results.may_sign(demo.lanhdao, dossier)
    # when
    issued = results.sign_and_issue(
        dossier=dossier, actor=demo.lanhdao, pin=PASSWORD, at=timezone.now(), expected_version=dossier.version
    )
    # then: Decree 118 Art 22(4) code = the applicant's number + the result type code
    result = issued.result
    assert result.document_code == "040095001234-KQ.2.000635"
    assert result.source_reference == dossier.code
    assert result.title == "Bản sao trích lục hộ tịch"
    assert result.holder_name == "Nguyễn Văn An"
    assert result.agency == justice
    assert result.signing_key == leader_key
    assert DataStoreItem.objects.get(result=result).holder_id == "040095001234"
    # the dossier moved on exactly as "Phê duyệt" would have moved it: to the clerk's issue step
    dossier = issued.dossier
    assert dossier.status == DossierStatus.IN_PROGRESS
    assert dossier.current_step.kind == "issue"
    event = dossier.events.order_by("-seq").first()
    assert event.type == EventType.STEP_COMPLETED
    assert event.step_name == "Phê duyệt, ký bản sao trích lục"
    assert event.data["document_code"] == result.document_code
    assert event.data["result_sha256"] == result.sha256
    assert event.data["next_step"] == "Đóng dấu, vào sổ, ban hành"
    # the signed file verifies as valid, signed by the leader, and is the registered one
    report = verification.verify_pdf(_content(result))
    assert report.status == verification.VALID, report.messages
    assert report.registered == result
    assert report.signatures[0].signer == "Phạm Quốc Hùng"
    # and the rest of the process is unchanged: the clerk issues, the dossier is resolved
    dossier = complete_step(dossier=dossier, actor=demo.vanthu, at=timezone.now())
    assert dossier.status == DossierStatus.RESOLVED
    assert results.list_dossier_results(dossier=dossier) == [result]


def test_the_result_pdf_names_holder_request_agency_and_signer_and_pdfsig_accepts_it(
    demo, at_approval, leader_key, trusted, justice, tmp_path
):
    dossier = at_approval()
    issued = results.sign_and_issue(dossier=dossier, actor=demo.lanhdao, pin=PASSWORD, at=timezone.now())
    path = tmp_path / "ket-qua.pdf"
    path.write_bytes(_content(issued.result))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    for expected in (
        "BẢN SAO TRÍCH LỤC HỘ TỊCH",
        "Cấp bản sao trích lục hộ tịch",
        dossier.code,
        "Nguyễn Văn An",
        "040095001234",
        "Xin cấp bản sao trích lục khai sinh",
        "PHÓ GIÁM ĐỐC SỞ TƯ PHÁP",
        "Ký số bởi: Phạm Quốc Hùng",
        f"Mã số giấy tờ: {issued.result.document_code}",
    ):
        assert expected in text, expected
    # poppler checks the same file independently of pyHanko
    out = pdfsig(path, trust_root=trusted.root_path, tmp=tmp_path)
    assert "Signature is Valid." in out
    assert "Total document signed" in out


def test_wrong_pin_leaves_the_dossier_and_everything_else_unchanged(demo, at_approval, leader_key):
    dossier = at_approval()
    before = _snapshot(dossier)
    with pytest.raises(InvalidInput) as exc:
        results.sign_and_issue(dossier=dossier, actor=demo.lanhdao, pin="000000", at=timezone.now())
    assert exc.value.code == "wrong_pin"
    assert str(exc.value.message) == "Sai mật khẩu của tệp khóa ký (PKCS#12)."
    assert _snapshot(dossier) == before


def test_empty_pin_is_refused_before_anything_else(demo, at_approval, leader_key):
    dossier = at_approval()
    with pytest.raises(InvalidInput) as exc:
        results.sign_and_issue(dossier=dossier, actor=demo.lanhdao, pin="", at=timezone.now())
    assert exc.value.field == "pin"


def test_missing_key_is_refused_and_changes_nothing(demo, at_approval, trusted):
    dossier = at_approval()
    before = _snapshot(dossier)
    with pytest.raises(NotAllowed) as exc:
        results.sign_and_issue(dossier=dossier, actor=demo.lanhdao, pin=PASSWORD, at=timezone.now())
    assert exc.value.code == "no_signing_key"
    assert _snapshot(dossier) == before


def test_expired_certificate_is_refused_and_changes_nothing(demo, at_approval, leader_key):
    dossier = at_approval()
    before = _snapshot(dossier)
    with pytest.raises(InvalidInput) as exc:
        results.sign_and_issue(
            dossier=dossier, actor=demo.lanhdao, pin=PASSWORD, at=timezone.now() + timedelta(days=400)
        )
    assert exc.value.code == "certificate_expired"
    assert _snapshot(dossier) == before


def test_key_no_longer_under_a_trusted_root_is_refused_and_changes_nothing(
    demo, at_approval, leader_key, settings, pki, tmp_path
):
    dossier = at_approval()
    before = _snapshot(dossier)
    other_root = tmp_path / "other-root.pem"
    other_root.write_text(pki.rogue.pem, encoding="ascii")
    settings.MOTCUA_TRUSTED_ROOTS = [str(other_root)]  # the province stopped trusting the test CA
    with pytest.raises(InvalidInput) as exc:
        results.sign_and_issue(dossier=dossier, actor=demo.lanhdao, pin=PASSWORD, at=timezone.now())
    assert exc.value.code == "certificate_untrusted"
    assert _snapshot(dossier) == before


def test_failure_after_the_pin_and_the_rendering_still_changes_nothing(
    demo, at_approval, leader_key, settings
):
    # an unreachable timestamp authority fails the signature itself, after the PDF was rendered
    settings.MOTCUA_TSA_URL = "http://127.0.0.1:9/tsa"
    settings.MOTCUA_TSA_TIMEOUT = 2
    dossier = at_approval()
    before = _snapshot(dossier)
    with pytest.raises(InvalidInput) as exc:
        results.sign_and_issue(dossier=dossier, actor=demo.lanhdao, pin=PASSWORD, at=timezone.now())
    assert exc.value.code == "timestamp_failed"
    assert _snapshot(dossier) == before


def test_stale_version_is_a_conflict_and_changes_nothing(demo, at_approval, leader_key):
    dossier = at_approval()
    before = _snapshot(dossier)
    with pytest.raises(Conflict):
        results.sign_and_issue(
            dossier=dossier,
            actor=demo.lanhdao,
            pin=PASSWORD,
            at=timezone.now(),
            expected_version=dossier.version - 1,
        )
    assert _snapshot(dossier) == before


def test_only_the_holder_of_the_signing_step_signs(demo, at_approval, leader_key, submit):
    dossier = at_approval()
    for officer in (demo.chuyenvien, demo.vanthu, demo.tiepnhan, demo.lanhdao_xa):
        assert not results.may_sign(officer, dossier)
        with pytest.raises(NotAllowed):
            results.sign_and_issue(dossier=dossier, actor=officer, pin=PASSWORD, at=timezone.now())
    # at the appraisal step nobody signs yet, not even the leader
    now = timezone.now()
    early = receive_dossier(
        dossier=submit(at=now - timedelta(minutes=5), citizen=demo.congdan2), actor=demo.tiepnhan, at=now
    )
    assert early.current_step.kind == "appraise"
    assert not results.may_sign(demo.lanhdao, early)
    with pytest.raises(NotAllowed) as exc:
        results.sign_and_issue(dossier=early, actor=demo.lanhdao, pin=PASSWORD, at=now)
    assert exc.value.code == "not_signing_step"
    assert not ElectronicResult.objects.exists()


def test_signing_step_is_the_last_approval_not_the_clerks_issue_step(demo):
    steps = {s.kind: s for s in demo.version.process.steps.all()}
    assert results.is_signing_step(steps["approve"])
    assert not results.is_signing_step(steps["issue"])
    assert not results.is_signing_step(steps["appraise"])
    assert not results.is_signing_step(None)


def test_a_dossier_is_signed_once(demo, at_approval, leader_key):
    dossier = at_approval()
    first = results.sign_and_issue(dossier=dossier, actor=demo.lanhdao, pin=PASSWORD, at=timezone.now())
    # the clerk sends it back to the leader (e.g. to correct the paper copy)
    dossier = send_back(dossier=first.dossier, actor=demo.vanthu, at=timezone.now(), note="Kiểm tra lại")
    assert dossier.current_step.kind == "approve"
    with pytest.raises(Conflict) as exc:
        results.sign_and_issue(dossier=dossier, actor=demo.lanhdao, pin=PASSWORD, at=timezone.now())
    assert exc.value.code == "already_signed"
    assert first.result.document_code in str(exc.value.message)
    assert ElectronicResult.objects.count() == 1


def test_applicant_without_a_personal_number_gets_a_clear_error(demo, at_approval, leader_key):
    dossier = at_approval()
    Dossier.objects.filter(pk=dossier.pk).update(applicant_personal_id="")  # e.g. a paper dossier
    dossier.refresh_from_db()
    before = _snapshot(dossier)
    with pytest.raises(InvalidInput) as exc:
        results.sign_and_issue(dossier=dossier, actor=demo.lanhdao, pin=PASSWORD, at=timezone.now())
    assert exc.value.code == "no_holder_id"
    assert "Điều 22 khoản 4" in str(exc.value.message)
    assert _snapshot(dossier) == before


def test_batch_signs_every_selected_dossier_with_one_pin(demo, at_approval, leader_key):
    dossiers = [at_approval(demo.congdan), at_approval(demo.congdan2), at_approval(demo.congdan)]
    issued = results.sign_and_issue_many(
        dossiers=dossiers,
        actor=demo.lanhdao,
        pin=PASSWORD,
        at=timezone.now(),
        expected_versions={d.pk: d.version for d in dossiers},
    )
    assert sorted(i.result.document_code for i in issued) == [
        "040095001234-KQ.2.000635",
        "040095001234-KQ.2.000635-2",
        "040190005678-KQ.2.000635",
    ]
    assert {i.dossier.current_step.kind for i in issued} == {"issue"}
    assert all(verification.verify_pdf(_content(i.result)).is_valid for i in issued)
    assert not results.list_awaiting_signature(user=demo.lanhdao).exists()


def test_batch_with_one_dossier_that_cannot_be_signed_writes_nothing_and_names_it(
    demo, at_approval, leader_key, submit
):
    good = at_approval()
    now = timezone.now()
    not_ready = receive_dossier(
        dossier=submit(at=now - timedelta(minutes=5), citizen=demo.congdan2), actor=demo.tiepnhan, at=now
    )
    before = (_snapshot(good), _snapshot(not_ready))
    with pytest.raises(NotAllowed) as exc:
        results.sign_and_issue_many(dossiers=[good, not_ready], actor=demo.lanhdao, pin=PASSWORD, at=now)
    assert str(exc.value.message).startswith(f"Hồ sơ {not_ready.code}: ")
    assert exc.value.code == "not_signing_step"
    assert (_snapshot(good), _snapshot(not_ready)) == before


def test_batch_with_a_wrong_pin_writes_nothing(demo, at_approval, leader_key):
    dossiers = [at_approval(demo.congdan), at_approval(demo.congdan2)]
    before = [_snapshot(d) for d in dossiers]
    with pytest.raises(InvalidInput) as exc:
        results.sign_and_issue_many(dossiers=dossiers, actor=demo.lanhdao, pin="000000", at=timezone.now())
    assert exc.value.code == "wrong_pin"
    assert str(exc.value.message) == "Sai mật khẩu của tệp khóa ký (PKCS#12)."
    assert [_snapshot(d) for d in dossiers] == before


def test_batch_refuses_an_empty_or_oversized_selection(demo, at_approval, leader_key):
    with pytest.raises(InvalidInput) as exc:
        results.sign_and_issue_many(dossiers=[], actor=demo.lanhdao, pin=PASSWORD, at=timezone.now())
    assert exc.value.code == "none_selected"
    fake = [Dossier(pk=n, code=f"X-{n}") for n in range(1, results.MAX_BATCH + 2)]
    with pytest.raises(InvalidInput) as exc:
        results.sign_and_issue_many(dossiers=fake, actor=demo.lanhdao, pin=PASSWORD, at=timezone.now())
    assert exc.value.code == "too_many"


def test_awaiting_signature_lists_only_the_leaders_dossiers_at_the_signing_step(
    demo, at_approval, leader_key, submit
):
    waiting = at_approval()
    now = timezone.now()
    receive_dossier(
        dossier=submit(at=now - timedelta(minutes=5), citizen=demo.congdan2), actor=demo.tiepnhan, at=now
    )
    assert list(results.list_awaiting_signature(user=demo.lanhdao)) == [waiting]
    for other in (demo.chuyenvien, demo.vanthu, demo.tiepnhan, demo.lanhdao_xa, demo.congdan):
        assert not list(results.list_awaiting_signature(user=other))


def test_where_the_process_branches_after_signing_the_leader_chooses_the_step(demo, at_approval, leader_key):
    from motcua.catalog.models import MoveKind, ProcessMove

    dossier = at_approval()
    signing_step = dossier.current_step
    steps = list(signing_step.process.steps.order_by("order"))
    following = [s for s in steps if s.order > signing_step.order]
    issue, later = following[0], following[-1]
    # the approved process lets this leader send the dossier to the clerk or straight to the desk
    ProcessMove.objects.get_or_create(step=signing_step, kind=MoveKind.NEXT, to_step=issue)
    ProcessMove.objects.create(step=signing_step, kind=MoveKind.NEXT, to_step=later)
    before = _snapshot(dossier)
    with pytest.raises(InvalidInput) as exc:
        results.sign_and_issue(dossier=dossier, actor=demo.lanhdao, pin=PASSWORD, at=timezone.now())
    assert exc.value.field == "to_step"
    assert _snapshot(dossier) == before  # nothing signed, stored or moved
    issued = results.sign_and_issue(
        dossier=dossier, actor=demo.lanhdao, pin=PASSWORD, at=timezone.now(), to_step=later.pk
    )
    assert issued.dossier.current_step == later
    assert issued.dossier.events.last().data["document_code"] == issued.result.document_code
