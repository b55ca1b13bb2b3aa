"""The dossier KPIs that reform tasks name, supplied to `reform.kpis` (ADR 0004) from the counters.

A reform task such as "online rate of commune Y ≥ 60 %" shows the KPI's current value for its unit
(the agency and the agencies below it) and period. These providers replace the placeholders that
`reform` registers; they compute exactly what the dashboards show.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.organisations.models import Agency
from motcua.reform import kpis as registry
from motcua.reform.kpis import KpiValue

from . import drilldown, selectors
from .kpis import rate
from .periods import Period
from .slices import Slice


def _slice(agency: Agency) -> Slice:
    ids = {agency.pk}
    frontier = [agency.pk]
    while frontier:
        frontier = list(
            Agency.objects.filter(parent_id__in=frontier).exclude(pk__in=ids).values_list("pk", flat=True)
        )
        ids.update(frontier)
    return Slice(agency_ids=frozenset(ids))


def _period(start: date, end: date) -> Period:
    return Period(kind="khoang", start=start, end=end, year=start.year)


def _value(value: Decimal | None, note: str) -> KpiValue:
    return KpiValue(value=value, note=note)


def on_time_rate(*, agency: Agency, start: date, end: date) -> KpiValue:
    f = selectors.flows(slice_=_slice(agency), start=start, end=end)
    return _value(
        f.on_time_rate,
        _("%(a)d/%(b)d hồ sơ giải quyết trước hạn, đúng hạn") % {"a": f.resolved_in_time, "b": f.resolved},
    )


def online_rate(*, agency: Agency, start: date, end: date) -> KpiValue:
    f = selectors.flows(slice_=_slice(agency), start=start, end=end)
    return _value(
        f.online_share,
        _("%(a)d/%(b)d hồ sơ tiếp nhận trực tuyến") % {"a": f.received_online, "b": f.received},
    )


def digitised_rate(*, agency: Agency, start: date, end: date) -> KpiValue:
    slice_, period, today = _slice(agency), _period(start, end), timezone.localdate()
    done = drilldown.dossiers_for(measure="digitised", slice_=slice_, period=period, today=today).count()
    total = drilldown.dossiers_for(
        measure="received_desk_or_post", slice_=slice_, period=period, today=today
    ).count()
    return _value(
        rate(done, total), _("%(a)d/%(b)d hồ sơ trực tiếp, bưu chính được số hóa") % {"a": done, "b": total}
    )


def average_days(*, agency: Agency, start: date, end: date) -> KpiValue:
    qs = drilldown.dossiers_for(
        measure="resolved", slice_=_slice(agency), period=_period(start, end), today=timezone.localdate()
    ).filter(clock_started_at__isnull=False)
    row = qs.aggregate(avg=Avg(F("resolved_at") - F("clock_started_at")))
    avg = row["avg"]
    if avg is None:
        return _value(None, _("Không có hồ sơ giải quyết trong kỳ."))
    days = (Decimal(avg.total_seconds()) / 86400).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return _value(days, _("Bình quân ngày lịch, từ khi bắt đầu tính thời hạn đến khi có kết quả"))


def register_providers() -> None:
    """Register the dossier KPIs with `reform.kpis`, replacing its placeholders."""
    providers = [
        ("dossiers.on_time_rate", gettext_lazy("Tỷ lệ hồ sơ giải quyết đúng hạn"), "%", on_time_rate),
        ("dossiers.online_rate", gettext_lazy("Tỷ lệ hồ sơ nộp trực tuyến"), "%", online_rate),
        ("dossiers.digitised_rate", gettext_lazy("Tỷ lệ hồ sơ được số hóa"), "%", digitised_rate),
        ("dossiers.average_days", gettext_lazy("Thời gian giải quyết bình quân"), "ngày", average_days),
    ]
    for code, label, unit, provider in providers:
        registry.register(code, label=label, unit=unit, provider=provider, replace=True)
