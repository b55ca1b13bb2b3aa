"""Drafts of online submissions: one per citizen and version, only the author's, purged when old."""

from datetime import timedelta

from django.core.management import call_command

import pytest

from conftest import pdf_upload, vn
from motcua.catalog.models import Procedure
from motcua.catalog.services import is_in_use
from motcua.core.errors import InvalidInput, NotAllowed
from motcua.documents.models import StoredFile
from motcua.documents.services import add_to_data_store, digitise_paper
from motcua.dossiers import drafts
from motcua.dossiers.models import DraftFile, SubmissionDraft
from motcua.dossiers.services import ApplicantDetails, KeptPaper, PaperUpload, submit_dossier

pytestmark = pytest.mark.django_db

AT = vn(2026, 3, 2, 8, 0)


@pytest.fixture
def version(demo):
    return Procedure.objects.get(code="1.001193").versions.get()


def _paper(version, order):
    return version.papers.get(order=order)


def _item(citizen):
    paper = digitise_paper(
        upload=pdf_upload(),
        title="Giấy chứng sinh",
        holder_name=citizen.full_name,
        holder_id=citizen.personal_id,
        actor=None,
        at=AT,
    )
    return add_to_data_store(holder_id=citizen.personal_id, paper=paper, at=AT)


def _save(citizen, version, *, at=AT, answers=None, picks=None, uploads=(), drop=()):
    return drafts.save_draft(
        applicant=citizen,
        version=version,
        answers=answers if answers is not None else {"f_ho_ten_tre": "Khang"},
        picks=picks or {},
        uploads=list(uploads),
        drop=drop,
        at=at,
    )


def test_saving_twice_updates_the_one_draft_in_place(demo, version):
    first = _save(demo.congdan, version, answers={"f_ho_ten_tre": "Khang", "f_dan_toc": "Kinh"})
    again = _save(demo.congdan, version, at=AT + timedelta(hours=1), answers={"f_ho_ten_tre": "Minh Khang"})
    assert again.pk == first.pk
    assert SubmissionDraft.objects.count() == 1
    assert again.answers == {"f_ho_ten_tre": "Minh Khang"}
    assert again.updated_at == AT + timedelta(hours=1)
    assert again.created_at == AT


def test_a_resumed_draft_is_only_its_authors(demo, version):
    _save(demo.congdan, version)
    assert drafts.get_draft(applicant=demo.congdan, version=version) is not None
    assert drafts.get_draft(applicant=demo.congdan2, version=version) is None
    assert drafts.list_drafts(applicant=demo.congdan2) == []
    assert not drafts.has_draft(applicant=demo.congdan2, version=version)
    assert [d.version for d in drafts.list_drafts(applicant=demo.congdan)] == [version]
    assert drafts.discard_draft(applicant=demo.congdan2, version=version) is False
    assert SubmissionDraft.objects.count() == 1


def test_uploaded_files_are_kept_replaced_and_dropped(demo, version):
    declaration = _paper(version, 1)
    draft = _save(demo.congdan, version, uploads=[PaperUpload(paper=declaration, upload=pdf_upload("a.pdf"))])
    first = draft.files.get().file
    draft = _save(demo.congdan, version, uploads=[PaperUpload(paper=declaration, upload=pdf_upload("b.pdf"))])
    assert draft.files.get().file.original_name == "b.pdf"
    assert not StoredFile.objects.filter(pk=first.pk).exists()  # the replaced file is deleted
    draft = _save(demo.congdan, version, drop={declaration.pk})
    assert not draft.files.exists()


def test_picks_are_checked_against_the_authors_own_data_store(demo, version):
    mine, theirs = _item(demo.congdan), _item(demo.congdan2)
    certificate = _paper(version, 2)
    draft = _save(demo.congdan, version, picks={certificate.pk: mine.pk})
    assert draft.picks == {str(certificate.pk): mine.pk}
    with pytest.raises(NotAllowed, match="không thuộc kho dữ liệu của bạn"):
        _save(demo.congdan, version, answers={"f_ho_ten_tre": "Đổi"}, picks={certificate.pk: theirs.pk})
    draft.refresh_from_db()
    assert (draft.answers, draft.picks) == ({"f_ho_ten_tre": "Khang"}, {str(certificate.pk): mine.pk})


def test_papers_of_another_procedure_and_staff_accounts_are_refused(demo, version):
    other = Procedure.objects.get(code="2.000635").versions.get().papers.get(order=1)
    with pytest.raises(InvalidInput):
        _save(demo.congdan, version, uploads=[PaperUpload(paper=other, upload=pdf_upload())])
    with pytest.raises(NotAllowed):
        _save(demo.tiepnhan, version)
    assert not SubmissionDraft.objects.exists()


def test_a_draft_does_not_put_the_version_in_use(demo, version):
    _save(demo.congdan, version, uploads=[PaperUpload(paper=_paper(version, 1), upload=pdf_upload())])
    assert not is_in_use(version)


def _details(citizen):
    return ApplicantDetails(full_name=citizen.full_name, personal_id=citizen.personal_id)


def test_submitting_uses_the_kept_file_and_deletes_the_draft(demo, version):
    declaration, certificate = _paper(version, 1), _paper(version, 2)
    draft = _save(
        demo.congdan, version, uploads=[PaperUpload(paper=declaration, upload=pdf_upload("to-khai.pdf"))]
    )
    kept = draft.files.get().file
    dossier = submit_dossier(
        version=version,
        applicant=demo.congdan,
        details=_details(demo.congdan),
        request_summary="",
        papers=[
            KeptPaper(paper=declaration, file=kept),
            PaperUpload(paper=certificate, upload=pdf_upload()),
        ],
        at=AT,
    )
    assert dossier.components.get(required_paper=declaration).file == kept
    assert StoredFile.objects.filter(pk=kept.pk).exists()
    assert not SubmissionDraft.objects.exists()
    assert not DraftFile.objects.exists()


def test_a_file_from_someone_elses_draft_is_refused(demo, version):
    declaration, certificate = _paper(version, 1), _paper(version, 2)
    other = _save(demo.congdan2, version, uploads=[PaperUpload(paper=declaration, upload=pdf_upload())])
    with pytest.raises(NotAllowed, match="hồ sơ đang soạn của bạn"):
        submit_dossier(
            version=version,
            applicant=demo.congdan,
            details=_details(demo.congdan),
            request_summary="",
            papers=[
                KeptPaper(paper=declaration, file=other.files.get().file),
                PaperUpload(paper=certificate, upload=pdf_upload()),
            ],
            at=AT,
        )
    assert SubmissionDraft.objects.get().files.count() == 1


def test_old_drafts_are_purged_with_their_files(demo, version, settings):
    settings.MOTCUA_DRAFT_RETENTION_DAYS = 30
    old = _save(
        demo.congdan,
        version,
        at=vn(2025, 1, 1, 8, 0),
        uploads=[PaperUpload(paper=_paper(version, 1), upload=pdf_upload())],
    )
    old_file = old.files.get().file_id
    recent = _save(demo.congdan2, version, at=vn(2099, 1, 1, 8, 0))
    assert drafts.purge_drafts(saved_before=vn(2026, 1, 1)) == 1
    assert list(SubmissionDraft.objects.all()) == [recent]
    assert not StoredFile.objects.filter(pk=old_file).exists()


def test_the_purge_runs_from_the_scheduler_task_and_the_command(demo, version, settings):
    settings.MOTCUA_DRAFT_RETENTION_DAYS = 30
    _save(demo.congdan, version, at=vn(2025, 1, 1, 8, 0))
    assert drafts.purge_drafts_task.call() == 1
    _save(demo.congdan, version, at=vn(2025, 1, 1, 8, 0))
    call_command("purge_drafts")
    assert not SubmissionDraft.objects.exists()
    assert "motcua.dossiers.drafts.purge_drafts_task" in [
        path for path, _every in settings.MOTCUA_PERIODIC_JOBS
    ]
