"""Reading the papers of a submission from the uploaded files, one file field per required paper."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from motcua.catalog.models import RequiredPaper
from motcua.core.errors import InvalidInput
from motcua.documents.uploads import check_upload

from .services import PaperUpload


def collect_paper_uploads(
    *,
    files: Mapping[str, Any],
    papers: Iterable[RequiredPaper],
    missing_message: str,
    provided: Collection[int] = (),
) -> tuple[list[PaperUpload], dict[int, str]]:
    """Return the checked uploads (field `paper_<id>`) and an error per paper that is missing or bad.

    `provided` names papers given another way (picked from the data store, kept in a draft): they
    are not missing without an upload. An empty `missing_message` reports no missing paper.
    """
    uploads: list[PaperUpload] = []
    errors: dict[int, str] = {}
    for paper in papers:
        f = files.get(f"paper_{paper.pk}")
        if f is None:
            if paper.is_required and paper.pk not in provided and missing_message:
                errors[paper.pk] = missing_message
            continue
        try:
            uploads.append(PaperUpload(paper=paper, upload=check_upload(name=f.name or "", stream=f)))
        except InvalidInput as exc:
            errors[paper.pk] = str(exc.message)
    return uploads, errors
