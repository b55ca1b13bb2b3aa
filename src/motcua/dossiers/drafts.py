"""Drafts of online submissions (hồ sơ đang soạn): saved, resumed, deleted on submission, purged.

A citizen filling in a long e-form on a slow link can save it ("Lưu nháp") and come back later. A
draft belongs to one citizen and one procedure version and is updated in place; only its author
reads it (every read here filters by the applicant). What it keeps:

- the values as typed, unchecked (a half-filled form must be savable); everything is checked when
  the dossier is submitted (`services.submit_dossier`);
- the papers picked from the author's own data store (checked on every save and on submission);
- the files uploaded so far, as stored files, so they need not be sent again over a slow link.

Submitting deletes the draft (its files now belong to the dossier). A draft not saved for
`MOTCUA_DRAFT_RETENTION_DAYS` days is purged with the files no dossier uses (`purge_drafts`, run by
the scheduler). A draft belongs to a version: when a new version comes into force, the old draft is
no longer offered and is purged in time.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

import structlog
from django_tasks import task

from motcua.catalog.models import ProcedureVersion
from motcua.core.errors import InvalidInput, NotAllowed
from motcua.core.text import nfc
from motcua.documents.models import DataStoreItem, StoredFile
from motcua.documents.services import list_data_store, store_file
from motcua.documents.uploads import check_upload_count

from .models import DossierComponent, DraftFile, SubmissionDraft

if TYPE_CHECKING:
    from .services import PaperUpload

logger = structlog.get_logger(__name__)

MAX_ANSWERS = 150
MAX_ANSWER_LENGTH = 5000


def get_draft(*, applicant: Any, version: ProcedureVersion) -> SubmissionDraft | None:
    """Return the applicant's own draft for a version, with its files, or None."""
    if not getattr(applicant, "is_authenticated", False):
        return None
    return (
        SubmissionDraft.objects.filter(applicant_id=applicant.pk, version=version)
        .prefetch_related("files__file")
        .first()
    )


def has_draft(*, applicant: Any, version: ProcedureVersion) -> bool:
    """Return whether the applicant has a draft for a version."""
    if not getattr(applicant, "is_authenticated", False):
        return False
    return SubmissionDraft.objects.filter(applicant_id=applicant.pk, version=version).exists()


def list_drafts(*, applicant: Any) -> list[SubmissionDraft]:
    """Return the applicant's own drafts, most recently saved first, with their procedure."""
    if not getattr(applicant, "is_authenticated", False):
        return []
    return list(
        SubmissionDraft.objects.filter(applicant_id=applicant.pk).select_related("version__procedure")[:50]
    )


def own_data_store(applicant: Any) -> Any:
    """Return the items of the applicant's own data store (by the account's personal number)."""
    personal_id = getattr(applicant, "personal_id", "") or ""
    if not personal_id:
        return DataStoreItem.objects.none()
    return list_data_store(holder_id=personal_id)


def _clean_answers(answers: Mapping[str, Any]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for key, value in list(answers.items())[:MAX_ANSWERS]:
        if not isinstance(key, str) or len(key) > 60 or value is None:
            continue
        cleaned[key] = nfc(str(value))[:MAX_ANSWER_LENGTH]
    return cleaned


def _delete_stored_if_unused(stored: StoredFile) -> None:
    """Delete a draft's stored file, and its content after commit, unless a dossier uses it."""
    if (
        DossierComponent.objects.filter(file=stored).exists()
        or DraftFile.objects.filter(file=stored).exists()
    ):
        return
    name = stored.file.name
    storage = stored.file.storage
    try:
        stored.delete()
    except ProtectedError:  # used elsewhere after all: keep it
        return
    if name and not StoredFile.objects.filter(file=name).exists():
        transaction.on_commit(lambda: storage.delete(name))


def _remove_files(draft_files: Sequence[DraftFile], *, keep: Collection[int] = ()) -> None:
    for draft_file in draft_files:
        stored = draft_file.file
        draft_file.delete()
        if stored.pk not in keep:
            _delete_stored_if_unused(stored)


@transaction.atomic
def save_draft(
    *,
    applicant: Any,
    version: ProcedureVersion,
    answers: Mapping[str, Any],
    picks: Mapping[int, int],
    uploads: Sequence[PaperUpload],
    at: datetime,
    drop: Collection[int] = (),
) -> SubmissionDraft:
    """Create or update the applicant's draft for a version; nothing is written on any problem.

    `picks` (required paper id → data-store item id) replaces the draft's picks; each item must be
    in the applicant's own data store. `uploads` replace the draft's file for their paper; `drop`
    names papers whose kept file is removed. A paper picked or uploaded again loses its old file.
    """
    if not getattr(applicant, "is_citizen", False):
        raise NotAllowed(_("Chỉ tài khoản người dân lưu được hồ sơ đang soạn."))
    paper_ids = set(version.papers.values_list("pk", flat=True))
    named = set(picks) | set(drop) | {u.paper.pk for u in uploads if u.paper is not None}
    if not named <= paper_ids or any(u.paper is None for u in uploads):
        raise InvalidInput(_("Giấy tờ không thuộc thủ tục này."), field="papers")
    uploaded = {u.paper.pk for u in uploads if u.paper is not None}
    if len(uploaded) != len(uploads):
        raise InvalidInput(_("Mỗi giấy tờ chỉ tải lên một tệp."), field="papers")
    wanted = {paper: item for paper, item in picks.items() if paper not in uploaded}
    owned = set(own_data_store(applicant).filter(pk__in=wanted.values()).values_list("pk", flat=True))
    if not set(wanted.values()) <= owned:
        raise NotAllowed(_("Giấy tờ được chọn không thuộc kho dữ liệu của bạn."))

    draft, _created = SubmissionDraft.objects.select_for_update().get_or_create(
        applicant_id=applicant.pk, version=version, defaults={"created_at": at, "updated_at": at}
    )
    existing = {f.paper_id: f for f in draft.files.select_related("file")}
    replaced = (set(drop) | set(wanted) | uploaded) & existing.keys()
    check_upload_count(len(existing) - len(replaced) + len(uploads))
    _remove_files([existing[paper] for paper in replaced])
    for upload in uploads:
        if upload.paper is not None:  # refused above otherwise
            DraftFile.objects.create(
                draft=draft, paper=upload.paper, file=store_file(upload=upload.upload, actor=applicant, at=at)
            )
    draft.answers = _clean_answers(answers)
    draft.picks = {str(paper): item for paper, item in wanted.items()}
    draft.updated_at = at
    draft.save(update_fields=["answers", "picks", "updated_at"])
    logger.info("submission_draft_saved", draft_id=draft.pk, version_id=version.pk, files=len(uploads))
    return draft


@transaction.atomic
def discard_draft(*, applicant: Any, version: ProcedureVersion) -> bool:
    """Delete the applicant's own draft for a version with its files; return whether there was one."""
    draft = (
        SubmissionDraft.objects.select_for_update().filter(applicant_id=applicant.pk, version=version).first()
    )
    if draft is None:
        return False
    _remove_files(list(draft.files.select_related("file")))
    draft.delete()
    logger.info("submission_draft_discarded", version_id=version.pk)
    return True


def delete_after_submission(
    *, applicant: Any, version: ProcedureVersion, used_files: Collection[int]
) -> None:
    """Delete the applicant's draft once the dossier is written; files the dossier uses stay."""
    draft = SubmissionDraft.objects.filter(
        applicant_id=getattr(applicant, "pk", None), version=version
    ).first()
    if draft is None:
        return
    _remove_files(list(draft.files.select_related("file")), keep=used_files)
    draft.delete()


def purge_drafts(*, saved_before: datetime) -> int:
    """Delete every draft last saved before an instant, with the files no dossier uses; return how many."""
    purged = 0
    for draft_id in SubmissionDraft.objects.filter(updated_at__lt=saved_before).values_list("pk", flat=True):
        with transaction.atomic():
            draft = (
                SubmissionDraft.objects.select_for_update()
                .filter(pk=draft_id, updated_at__lt=saved_before)
                .first()
            )
            if draft is None:  # saved again meanwhile
                continue
            _remove_files(list(draft.files.select_related("file")))
            draft.delete()
            purged += 1
    logger.info("submission_drafts_purged", purged=purged, saved_before=saved_before.isoformat())
    return purged


@task()
def purge_drafts_task() -> int:
    """Purge the drafts not saved for settings.MOTCUA_DRAFT_RETENTION_DAYS days (a daily periodic job)."""
    return purge_drafts(saved_before=timezone.now() - timedelta(days=settings.MOTCUA_DRAFT_RETENTION_DAYS))
