"""The dossiers behind every figure: one condition per measure, on the same slice and period.

A figure on a dashboard or a report links to `?chi_so=<measure>&…` with the slice and period that
produced it; this module turns those into a queryset of dossiers selected by exactly the rules the
counters follow (`dossiers.counters`): received = accepted on a local day of the period, by
channel; resolved = result ready on such a day, early / on time / late by local date against the
due date; refused at intake, withdrawn and stopped after receipt by the day they closed; pending
at the end of the period (now, or at the end of an ended period, from `history`); carried over =
open at the end of the day before the period.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from motcua.core.timeutil import VN_TZ
from motcua.dossiers.models import Dossier, DossierComponent
from motcua.dossiers.transitions import Channel, DossierStatus

from . import catalog_figures, history
from .kpis import FLOW_FIELDS, Figures, Flows, Pending
from .periods import Period
from .slices import DIMENSIONS, Slice

MEASURES = {
    "received": _("Hồ sơ tiếp nhận trong kỳ"),
    "received_online": _("Hồ sơ tiếp nhận trực tuyến"),
    "received_counter": _("Hồ sơ tiếp nhận trực tiếp"),
    "received_postal": _("Hồ sơ tiếp nhận qua bưu chính công ích"),
    "received_desk_or_post": _("Hồ sơ tiếp nhận trực tiếp, qua bưu chính"),
    "carried_over": _("Hồ sơ từ kỳ trước chuyển sang"),
    "resolved": _("Hồ sơ đã giải quyết"),
    "resolved_early": _("Hồ sơ giải quyết trước hạn"),
    "resolved_on_time": _("Hồ sơ giải quyết đúng hạn"),
    "resolved_in_time": _("Hồ sơ giải quyết trước hạn, đúng hạn"),
    "resolved_late": _("Hồ sơ giải quyết quá hạn"),
    "refused": _("Hồ sơ từ chối tiếp nhận"),
    "withdrawn": _("Hồ sơ công dân rút"),
    "stopped": _("Hồ sơ dừng xử lý"),
    "closed": _("Hồ sơ rút, dừng xử lý"),
    "pending": _("Hồ sơ đang giải quyết"),
    "pending_in_time": _("Hồ sơ đang giải quyết, còn hạn"),
    "pending_overdue": _("Hồ sơ đang giải quyết, quá hạn"),
    "paused": _("Hồ sơ tạm dừng (chờ bổ sung, nghĩa vụ tài chính)"),
    "pending_not_overdue": _("Hồ sơ đang giải quyết trong hạn (kể cả tạm dừng)"),
    "digitised": _("Hồ sơ trực tiếp, bưu chính được số hóa đủ thành phần khi tiếp nhận"),
    "full_online_received": _("Hồ sơ tiếp nhận của các TTHC trực tuyến toàn trình"),
    "full_online_online": _("Hồ sơ nộp trực tuyến của các TTHC trực tuyến toàn trình"),
}
# How each list is sorted: the most overdue first, the latest resolved first, else the latest received.
ORDERING = {
    "pending": ("due_at", "pk"),
    "pending_overdue": ("due_at", "pk"),
    "pending_in_time": ("due_at", "pk"),
    "pending_not_overdue": ("due_at", "pk"),
    "paused": ("due_at", "pk"),
    "carried_over": ("due_at", "pk"),
    "resolved_late": ("-resolved_at", "pk"),
    "resolved": ("-resolved_at", "pk"),
    "resolved_early": ("-resolved_at", "pk"),
    "resolved_on_time": ("-resolved_at", "pk"),
    "resolved_in_time": ("-resolved_at", "pk"),
}
RELATED = ("procedure_version__procedure", "competent_agency", "current_step", "assignee")


def _received(qs: QuerySet[Dossier], period: Period) -> QuerySet[Dossier]:
    start, end = period.bounds()
    return qs.filter(received_at__gte=start, received_at__lt=end)


def _resolved(qs: QuerySet[Dossier], period: Period) -> QuerySet[Dossier]:
    start, end = period.bounds()
    return qs.filter(resolved_at__gte=start, resolved_at__lt=end).annotate(
        resolved_day=TruncDate("resolved_at", tzinfo=VN_TZ), due_day=TruncDate("due_at", tzinfo=VN_TZ)
    )


def _closed(qs: QuerySet[Dossier], period: Period, status: int) -> QuerySet[Dossier]:
    start, end = period.bounds()
    qs = qs.filter(status=status, closed_at__gte=start, closed_at__lt=end)
    return qs if status == DossierStatus.REFUSED else qs.filter(received_at__isnull=False)


def _pending(qs: QuerySet[Dossier], state: str, period: Period, today: date) -> QuerySet[Dossier]:
    """Open at the end of the period (an ended period) or now (a running one)."""
    if not period.is_running(today):
        return history.open_at(qs, day=period.end).filter(history.state_filter(state, day=period.end))
    start_of_today = history.midnight(today)
    running = Q(status__in=history.RUNNING, due_at__isnull=False)
    if state == "in_time":
        return qs.filter(running, due_at__gte=start_of_today)
    if state == "overdue":
        return qs.filter(running, due_at__lt=start_of_today)
    if state == "paused":
        return qs.filter(status__in=history.PAUSED)
    if state == "not_overdue":
        return qs.filter(Q(running, due_at__gte=start_of_today) | Q(status__in=history.PAUSED))
    return qs.filter(running | Q(status__in=history.PAUSED))


def fully_digitised() -> Q:
    """Every paper of the dossier was digitised at reception (Decree 118 Art 17(1)(c), 19(2))."""
    papers = DossierComponent.objects.filter(dossier=OuterRef("pk"))
    return Exists(papers) & ~Exists(papers.filter(digitised__isnull=True))


def dossiers_for(*, measure: str, slice_: Slice, period: Period, today: date) -> QuerySet[Dossier]:
    """Return the dossiers behind one figure; an unknown measure selects nothing."""
    qs: QuerySet[Dossier] = Dossier.objects.filter(**slice_.dossier_filter())
    if measure == "digitised":
        return _received(qs, period).filter(fully_digitised(), channel__in=[Channel.COUNTER, Channel.POSTAL])
    if measure.startswith("full_online_"):
        eligible = catalog_figures.full_online_procedure_ids(on=period.as_of(today))
        qs = _received(qs, period).filter(procedure_version__procedure_id__in=sorted(eligible))
        return qs.filter(channel=Channel.ONLINE) if measure == "full_online_online" else qs
    if measure.startswith("received"):
        qs = _received(qs, period)
        channels = {
            "received_online": [Channel.ONLINE],
            "received_counter": [Channel.COUNTER],
            "received_postal": [Channel.POSTAL],
            "received_desk_or_post": [Channel.COUNTER, Channel.POSTAL],
        }
        return qs.filter(channel__in=channels[measure]) if measure in channels else qs
    if measure.startswith("resolved"):
        qs = _resolved(qs, period)
        on_time = Q(resolved_day=F("due_day")) | Q(due_at__isnull=True)
        conditions = {
            "resolved_early": Q(resolved_day__lt=F("due_day")),
            "resolved_on_time": on_time,
            "resolved_in_time": Q(resolved_day__lt=F("due_day")) | on_time,
            "resolved_late": Q(resolved_day__gt=F("due_day")),
        }
        return qs.filter(conditions[measure]) if measure in conditions else qs
    if measure == "refused":
        return _closed(qs, period, DossierStatus.REFUSED)
    if measure == "withdrawn":
        return _closed(qs, period, DossierStatus.WITHDRAWN)
    if measure == "stopped":
        return _closed(qs, period, DossierStatus.STOPPED)
    if measure == "closed":
        return _closed(qs, period, DossierStatus.WITHDRAWN) | _closed(qs, period, DossierStatus.STOPPED)
    if measure == "carried_over":
        before = period.start - timedelta(days=1)
        return history.open_at(qs, day=before)
    states = {
        "pending": "",
        "pending_in_time": "in_time",
        "pending_overdue": "overdue",
        "paused": "paused",
        "pending_not_overdue": "not_overdue",
    }
    if measure in states:
        state = states[measure]
        return _pending(qs, state, period, today)
    return qs.none()


def figures_by_counting(
    *, slice_: Slice, period: Period, today: date, dimension: str
) -> dict[object, Figures]:
    """Return the figures of `selectors.figures_by`, counted from the dossiers behind each measure.

    For slices the counters cannot answer: the dossiers received at one service centre (Biểu
    II.06a, `Slice.receiving_centre_id`). Every number is the size of the list its drill-down
    link shows, grouped by the dimension: one query per flow and per pending state; carried over
    and pending at the end of an ended period are recounted from the history (`history`).
    """
    if dimension == "commune":
        slice_ = replace(slice_, commune_only=True)  # provincial agencies have no commune
    path = DIMENSIONS[dimension][1]

    def count(measure: str) -> dict[object, int]:
        qs = dossiers_for(measure=measure, slice_=slice_, period=period, today=today)
        return {r[path]: int(r["n"]) for r in qs.values(path).annotate(n=Count("pk")).order_by()}

    flows = {name: count(name) for name in FLOW_FIELDS}
    before = period.start - timedelta(days=1)
    carried = history.recount_at_by(slice_=slice_, day=before, dimension=dimension)
    if period.is_running(today):
        in_time, overdue, paused = count("pending_in_time"), count("pending_overdue"), count("paused")
        pending = {
            k: Pending(in_time.get(k, 0), overdue.get(k, 0), paused.get(k, 0))
            for k in set(in_time) | set(overdue) | set(paused)
        }
    else:
        pending = history.recount_at_by(slice_=slice_, day=period.end, dimension=dimension)
    keys = set(carried) | set(pending) | {k for by_key in flows.values() for k in by_key}
    return {
        key: Figures(
            flows=Flows.from_row({name: flows[name].get(key, 0) for name in FLOW_FIELDS}),
            carried_over=carried.get(key, Pending()).total,
            pending=pending.get(key, Pending()),
        )
        for key in keys
    }
