"""The citizen's personal data store (Kho dữ liệu của tôi): their results and digitised papers.

Every result issued to the signed-in person and every paper digitised for them, with the metadata of
Decree 118/2025/NĐ-CP Art 19(2); they can open and download each file and see who else opened it
and in which dossiers it was reused (Art 22). Items are found by the person's own 12-digit number,
so another citizen's item is a 404, never a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.documents import services as documents
from motcua.documents.models import DataAccess, DataStoreItem, ReuseRecord, StoredFile


@dataclass(frozen=True)
class StoreRow:
    """One item as the page shows it, whichever kind it is."""

    item: DataStoreItem
    code_label: str
    code: str
    title: str
    summary: str
    issuer_label: str
    issuer: str
    signer: str
    issued_label: str
    issued_at: datetime
    valid_until: date | None
    scope: str
    file: StoredFile
    verify_code: str
    accesses: list[DataAccess]
    reuses: list[ReuseRecord]


def _row(item: DataStoreItem) -> StoreRow | None:
    accesses, reuses = list(item.accesses.all()), list(item.reuses.all())
    if item.result is not None:
        result = item.result
        return StoreRow(
            item=item,
            code_label=_("Mã số giấy tờ"),
            code=result.document_code,
            title=result.title,
            summary=result.summary,
            issuer_label=_("Cơ quan ban hành"),
            issuer=result.agency.name,
            signer=result.signer_name,
            issued_label=_("Ngày ký ban hành"),
            issued_at=result.signed_at,
            valid_until=result.valid_until,
            scope="",
            file=result.file,
            verify_code=result.document_code,
            accesses=accesses,
            reuses=reuses,
        )
    paper = item.paper
    if paper is None:  # the table's constraint forbids it: an item points to a result or a paper
        return None
    return StoreRow(
        item=item,
        code_label=_("Mã loại giấy tờ"),
        code=paper.document_type_code,
        title=paper.title,
        summary=paper.summary,
        issuer_label=_("Cán bộ số hóa"),
        issuer=str(paper.digitised_by) if paper.digitised_by else "",
        signer="",
        issued_label=_("Ngày số hóa"),
        issued_at=paper.digitised_at,
        valid_until=paper.valid_until,
        scope=paper.validity_scope,
        file=paper.file,
        verify_code="",
        accesses=accesses,
        reuses=reuses,
    )


@login_required
@require_GET
def data_store(request: HttpRequest) -> HttpResponse:
    rows = [row for item in documents.list_my_data_store(user=request.user) if (row := _row(item))]
    return render(
        request,
        "portal/data_store.html",
        {"rows": rows, "has_personal_id": bool(getattr(request.user, "personal_id", None))},
    )


@login_required
@require_GET
def data_store_file(request: HttpRequest, item_id: int) -> FileResponse:
    try:
        item = documents.get_my_data_store_item(user=request.user, item_id=item_id)
    except DataStoreItem.DoesNotExist as exc:
        raise Http404 from exc
    target = item.result or item.paper
    if target is None:
        raise Http404
    stored = target.file
    # Only the holder reaches this line today, and the holder's own reads are not logged; the call
    # stays so that widening who may download can never skip the log.
    documents.record_data_access(
        stored_file=stored,
        holder_id=item.holder_id,
        actor=request.user,
        purpose=DataAccess.Purpose.DOWNLOAD,
        at=timezone.now(),
    )
    name = item.result.document_code if item.result is not None else f"giay-to-so-hoa-{item.pk}"
    return FileResponse(
        stored.file.open("rb"),
        content_type=stored.content_type,
        as_attachment=request.GET.get("tai-ve") == "1",
        filename=f"{name}.{stored.extension}",
    )
