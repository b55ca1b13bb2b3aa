"""The official forms of a dossier, rebuilt from its stored events (Decree 118/2025/NĐ-CP).

Names follow Decree 118; the numbering of Circular 03/2025/TT-VPCP Appendix I (Mẫu 01–06) is
reported by one third-party study only (domain.md §2.1, UNCERTAIN), so numbers are printed from
`FORM_NUMBERS` and can be changed in one place. Each form is available once the event it records
exists; its content is read from that event, so it can be reproduced at any time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from motcua.core.errors import NotAllowed
from motcua.core.timeutil import local
from motcua.documents.pdf import qr_svg, render_pdf

from .models import Dossier, DossierEvent, EventType

FORM_NUMBERS = {
    "receipt": "01",
    "supplement-request": "02",
    "refusal": "03",
    "extension": "04",
    "stop-notice": "05",
    "control-sheet": "06",
}


@dataclass(frozen=True)
class FormSpec:
    title: str
    template: str
    event_types: tuple[str, ...]
    article: str


FORMS: dict[str, FormSpec] = {
    "receipt": FormSpec(
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        "dossiers/forms/receipt.html",
        (EventType.RECEIVED,),
        "Nghị định 118/2025/NĐ-CP, Điều 17 khoản 3",
    ),
    "supplement-request": FormSpec(
        "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
        "dossiers/forms/supplement.html",
        (EventType.SUPPLEMENT_REQUESTED,),
        "Nghị định 118/2025/NĐ-CP, Điều 17 khoản 1 điểm c, Điều 19 khoản 5",
    ),
    "refusal": FormSpec(
        "Phiếu từ chối tiếp nhận, giải quyết hồ sơ",
        "dossiers/forms/refusal.html",
        (EventType.REFUSED,),
        "Nghị định 118/2025/NĐ-CP, Điều 17 khoản 1 điểm c, Điều 19 khoản 3",
    ),
    "extension": FormSpec(
        "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
        "dossiers/forms/extension.html",
        (EventType.EXTENDED,),
        "Nghị định 118/2025/NĐ-CP, Điều 19 khoản 6",
    ),
    "stop-notice": FormSpec(
        "Thông báo dừng giải quyết hồ sơ",
        "dossiers/forms/stop.html",
        (EventType.SUPPLEMENT_EXPIRED,),
        "Nghị định 118/2025/NĐ-CP, Điều 19 khoản 5, Điều 21",
    ),
    "control-sheet": FormSpec(
        "Phiếu kiểm soát quá trình giải quyết hồ sơ",
        "dossiers/forms/control_sheet.html",
        (EventType.RECEIVED,),
        "Nghị định 118/2025/NĐ-CP, Điều 12 khoản 3",
    ),
}


def _dt(value: Any) -> datetime | None:
    return parse_datetime(value) if isinstance(value, str) else None


def _step_rows(events: list[DossierEvent]) -> list[dict[str, Any]]:
    """Return the hand-overs of the control sheet: who gave, who received, when, and timeliness."""
    rows = []
    for e in events:
        if e.type not in (EventType.STEP_COMPLETED, EventType.RESOLVED, EventType.RETURNED):
            continue
        due = _dt(e.data.get("step_due_at_before"))
        result = ""
        if due is not None:
            finished, due_local = local(e.at), local(due)
            if finished.date() < due_local.date():
                result = "Trước hạn"
            elif finished <= due_local:
                result = "Đúng hạn"
            else:
                result = "Quá hạn"
        rows.append(
            {
                "step": e.step_name,
                "actor": e.actor_name,
                "received_at": _dt(e.data.get("step_started_at")),
                "handed_at": e.at,
                "due_at": due,
                "result": result,
                "next_step": e.data.get("next_step") or "",
                "note": e.note,
            }
        )
    return rows


def form_context(dossier: Dossier, form: str) -> dict[str, Any]:
    """Return the template context of a form, or refuse if the dossier has no such form yet."""
    spec = FORMS.get(form)
    if spec is None:
        raise NotAllowed(_("Không có biểu mẫu này."), code="unknown_form")
    events = list(dossier.events.order_by("seq"))
    event = next((e for e in reversed(events) if e.type in spec.event_types), None)
    if event is None:
        raise NotAllowed(_("Hồ sơ chưa có biểu mẫu này."), code="form_not_available")
    version = dossier.procedure_version
    centre = dossier.receiving_centre
    lookup_url = f"{settings.MOTCUA_PUBLIC_BASE_URL}/tra-cuu/?ma={dossier.code}"
    return {
        "form": form,
        "spec": spec,
        "title": spec.title,
        "form_number": FORM_NUMBERS[form],
        "dossier": dossier,
        "event": event,
        "events": events,
        "version": version,
        "procedure": version.procedure,
        "components": list(dossier.components.all()),
        "issuer": centre.name
        if form in ("receipt", "supplement-request", "refusal", "control-sheet")
        else dossier.competent_agency.name,
        "issuer_parent": "",
        "place": centre.unit.name,
        "today": local(event.at),
        "number": f"{dossier.code}/{FORM_NUMBERS[form]}",
        "received_at": dossier.received_at,
        "due_at": _dt(event.data.get("due_at")) or dossier.due_at,
        "before": _dt(event.data.get("before")),
        "after": _dt(event.data.get("after")),
        "expires_at": _dt(event.data.get("expires_at")),
        "qr": qr_svg(lookup_url),
        "lookup_url": lookup_url,
        "step_rows": _step_rows(events),
        "sequence": dossier.code.rsplit("-", 1)[-1],
    }


def render_form_pdf(dossier: Dossier, form: str) -> bytes:
    """Render one official form of the dossier as PDF."""
    return render_pdf(FORMS[form].template if form in FORMS else "", form_context(dossier, form))


def available_forms(dossier: Dossier, *, event_types: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """Return (slug, title) of the forms the dossier has, in order.

    `event_types`: the types of the dossier's events when the caller has read them already.
    """
    types = set(dossier.events.values_list("type", flat=True) if event_types is None else event_types)
    return [(slug, spec.title) for slug, spec in FORMS.items() if types & set(spec.event_types)]
