"""The inputs of the Decision 766 index for a slice and a period, read from counters and dossiers.

One unit at a time (`inputs_for`) or every agency of a slice at once (`inputs_by_agency`), each with
a fixed number of queries. The rates and points are computed by `index766.score`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

from motcua.dossiers.models import DailyCounter

from . import catalog_figures, drilldown, index766
from .index766 import ConversionRule, Ratio
from .kpis import FLOW_FIELDS, Flows
from .models import Conversion, Decision766Config
from .periods import Period
from .slices import Slice


def rule_for(province_code: str) -> ConversionRule:
    """Return the province's point conversion, or the documented default when none is configured."""
    config = Decision766Config.objects.filter(province_code=province_code).first()
    if config is None:
        return ConversionRule()
    steps = tuple(
        (Decimal(str(threshold)), Decimal(str(share)))
        for threshold, share in (config.steps or [])
        if config.conversion == Conversion.STEPS
    )
    return ConversionRule(
        conversion=config.conversion,
        steps=steps,
        commune_full_points=config.commune_full_points,
        not_computable_as_zero=config.not_computable_as_zero,
    )


def _inputs(flows: Flows, online: Flows, digitised: int, desk_or_post: int) -> dict[str, Ratio]:
    return {
        "PROGRESS": Ratio(flows.resolved_in_time, flows.resolved),
        "ONLINE_FULL": Ratio(online.received_online, online.received),
        "ORIGINAL_RESULT_AVAILABLE": Ratio(0, flows.resolved),
        "SO_HOA_GIAY_TO_GIAI_QUYET": Ratio(digitised, desk_or_post),
    }


def _per_agency_flows(
    slice_: Slice, period: Period, today: date
) -> tuple[dict[int, Flows], dict[int, Flows]]:
    """Return all flows and the flows of fully-online procedures, per agency, in one query."""
    eligible = catalog_figures.full_online_procedure_ids(on=period.as_of(today))
    rows = (
        DailyCounter.objects.filter(**slice_.counter_filter(), day__gte=period.start, day__lte=period.end)
        .values("agency_id", "procedure_id")
        .annotate(**{f: Sum(f) for f in FLOW_FIELDS})
        .order_by()
    )
    everything: dict[int, Flows] = defaultdict(Flows)
    online: dict[int, Flows] = defaultdict(Flows)
    for r in rows:
        f = Flows.from_row(r)
        everything[r["agency_id"]] += f
        if r["procedure_id"] in eligible:
            online[r["agency_id"]] += f
    return dict(everything), dict(online)


def _digitised_by_agency(slice_: Slice, period: Period, today: date) -> dict[int, tuple[int, int]]:
    rows = (
        drilldown.dossiers_for(measure="received_desk_or_post", slice_=slice_, period=period, today=today)
        .annotate(full=drilldown.fully_digitised())
        .values("competent_agency_id")
        .annotate(n=Count("pk"), digitised=Count("pk", filter=Q(full=True)))
        .order_by()
    )
    return {r["competent_agency_id"]: (int(r["digitised"]), int(r["n"])) for r in rows}


def inputs_by_agency(*, slice_: Slice, period: Period, today: date) -> dict[int, dict[str, Ratio]]:
    """Return the index inputs of every agency of the slice with any figure."""
    everything, online = _per_agency_flows(slice_, period, today)
    digitised = _digitised_by_agency(slice_, period, today)
    return {
        agency_id: _inputs(
            everything.get(agency_id, Flows()),
            online.get(agency_id, Flows()),
            *digitised.get(agency_id, (0, 0)),
        )
        for agency_id in set(everything) | set(digitised)
    }


def inputs_for(*, slice_: Slice, period: Period, today: date) -> dict[str, Ratio]:
    """Return the index inputs of the whole slice (a unit, a commune or the province)."""
    everything, online = _per_agency_flows(slice_, period, today)
    digitised = _digitised_by_agency(slice_, period, today)
    return _inputs(
        sum(everything.values(), Flows()),
        sum(online.values(), Flows()),
        sum(d for d, _n in digitised.values()),
        sum(n for _d, n in digitised.values()),
    )


def index_for(
    *, slice_: Slice, period: Period, today: date, rule: ConversionRule, commune: bool
) -> index766.IndexResult:
    return index766.score(
        inputs=inputs_for(slice_=slice_, period=period, today=today), rule=rule, commune=commune
    )
