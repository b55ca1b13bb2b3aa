"""Every dashboard and report number equals an independent recount from the event log.

Random lifecycles (online, desk and postal intake, refusals, supplements restarting the clock or
expiring, extensions, financial obligations, withdrawals, stops, resolutions) run through the real
services; then each figure of the dashboards, the breakdowns, the drill-down lists and Biểu 06 is
compared with `replay`, which walks the events alone.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from conftest import vn
from motcua.core.timeutil import local
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.reconcile import compare
from motcua.reports import drilldown, selectors, statutory
from motcua.reports.periods import Period, month
from motcua.reports.slices import Slice

from .conftest import generate, received_elsewhere, replay

pytestmark = pytest.mark.django_db

FLOWS = [
    "received_counter",
    "received_online",
    "received_postal",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "refused",
    "withdrawn",
    "stopped",
]


def _check(figures, recount, carried):
    for name in FLOWS:
        assert getattr(figures.flows, name) == recount.flows[name], name
    assert figures.pending.in_time == recount.open_states["in_time"]
    assert figures.pending.overdue == recount.open_states["overdue"]
    assert figures.pending.paused == recount.open_states["paused"]
    assert figures.carried_over == carried
    assert figures.balanced


def _open_total(recount):
    return sum(recount.open_states.values())


@pytest.fixture
def history(province):
    generate(province, seed=8, count=70, start=vn(2026, 2, 16, 8), hours=1000)
    assert compare() == []
    last = max(local(at).date() for at in DossierEvent.objects.values_list("at", flat=True))
    kinds = set(DossierEvent.objects.values_list("type", flat=True))
    # the generated lifecycles cover every kind of flow the reports count
    assert {
        "received",
        "refused",
        "resolved",
        "returned",
        "withdrawn",
        "supplement_received",
        "extended",
    } <= kinds
    return last + timedelta(days=1)


def test_every_figure_of_an_ended_and_a_running_period_equals_the_recount(province, history):
    today = history
    everyone = Slice(agency_ids=frozenset({province.justice.pk, province.commune.pk, province.committee.pk}))
    ids = set(everyone.agency_ids)
    # an ended period: pending at its end comes from the history of each dossier
    march = month(2026, 3)
    fig = selectors.figures(slice_=everyone, period=march, today=today)
    _check(
        fig,
        replay(agency_ids=ids, first=march.start, last=march.end, as_of=march.end),
        _open_total(
            replay(agency_ids=ids, first=march.start, last=march.end, as_of=march.start - timedelta(days=1))
        ),
    )
    assert fig.flows.received > 5
    assert fig.pending.total > 0
    # the carried-over figure summed from the counters equals the history at the day before
    assert selectors.open_before(slice_=everyone, day=march.start) == fig.carried_over
    # a running period: pending now from the live counters
    running = Period("khoang", date(2026, 4, 1), today, 2026)
    live = selectors.figures(slice_=everyone, period=running, today=today)
    _check(
        live,
        replay(agency_ids=ids, first=running.start, last=running.end, as_of=today),
        _open_total(replay(agency_ids=ids, first=running.start, last=running.end, as_of=date(2026, 3, 31))),
    )
    # the live pending equals the history read at today (two independent ways)
    from motcua.reports import history as hist

    assert hist.pending_at(slice_=everyone, day=today) == live.pending


@pytest.mark.parametrize("dimension", ["agency", "commune", "sector", "procedure", "level"])
def test_every_breakdown_row_equals_the_recount(province, history, dimension):
    today = history
    everyone = Slice(agency_ids=frozenset({province.justice.pk, province.commune.pk}))
    for period in (month(2026, 3), Period("khoang", date(2026, 4, 1), today, 2026)):
        rows = selectors.breakdown(slice_=everyone, period=period, today=today, dimension=dimension)
        assert rows
        for row in rows:
            agencies = {province.justice.pk, province.commune.pk}
            kwargs = {}
            if dimension == "agency":
                agencies = {row.key}
            elif dimension == "commune":
                agencies = {province.commune.pk}
            elif dimension == "sector":
                kwargs["sector_id"] = row.key
            elif dimension == "procedure":
                agencies = {v.competent_agency_id for v in province.versions if v.procedure_id == row.key}
            else:
                kwargs["level"] = row.key
            as_of = period.as_of(today)
            recount = replay(agency_ids=agencies, first=period.start, last=period.end, as_of=as_of, **kwargs)
            before = replay(
                agency_ids=agencies,
                first=period.start,
                last=period.end,
                as_of=period.start - timedelta(days=1),
                **kwargs,
            )
            _check(row.figures, recount, _open_total(before))


MEASURES = {
    "received": lambda f: f.flows.received,
    "received_online": lambda f: f.flows.received_online,
    "received_counter": lambda f: f.flows.received_counter,
    "received_postal": lambda f: f.flows.received_postal,
    "received_desk_or_post": lambda f: f.flows.received_desk_or_post,
    "carried_over": lambda f: f.carried_over,
    "resolved": lambda f: f.flows.resolved,
    "resolved_early": lambda f: f.flows.resolved_early,
    "resolved_on_time": lambda f: f.flows.resolved_on_time,
    "resolved_in_time": lambda f: f.flows.resolved_in_time,
    "resolved_late": lambda f: f.flows.resolved_late,
    "refused": lambda f: f.flows.refused,
    "withdrawn": lambda f: f.flows.withdrawn,
    "stopped": lambda f: f.flows.stopped,
    "closed": lambda f: f.flows.closed,
    "pending": lambda f: f.pending.total,
    "pending_in_time": lambda f: f.pending.in_time,
    "pending_overdue": lambda f: f.pending.overdue,
    "paused": lambda f: f.pending.paused,
    "pending_not_overdue": lambda f: f.pending.in_time + f.pending.paused,
}


def test_every_figure_drills_down_to_exactly_its_dossiers(province, history):
    today = history
    for agencies in (
        {province.justice.pk},
        {province.commune.pk},
        {province.justice.pk, province.commune.pk},
    ):
        slice_ = Slice(agency_ids=frozenset(agencies))
        for period in (month(2026, 3), Period("khoang", date(2026, 4, 1), today, 2026)):
            fig = selectors.figures(slice_=slice_, period=period, today=today)
            for measure, value in MEASURES.items():
                listed = drilldown.dossiers_for(measure=measure, slice_=slice_, period=period, today=today)
                assert listed.count() == value(fig), (measure, period)
                assert listed.distinct().count() == listed.count()


def test_form_06_cells_equal_the_recount_and_add_up(province, history):
    today = history
    everyone = Slice(agency_ids=frozenset({province.justice.pk, province.commune.pk}))
    march = month(2026, 3)
    report = statutory.report_06(slice_=everyone, unit_name="Tỉnh Nghệ An", period=march, today=today)
    total = report.rows[-1]
    recount = replay(agency_ids=set(everyone.agency_ids), first=march.start, last=march.end, as_of=march.end)
    carried = _open_total(
        replay(
            agency_ids=set(everyone.agency_ids),
            first=march.start,
            last=march.end,
            as_of=march.start - timedelta(days=1),
        )
    )
    received = (
        recount.flows["received_online"]
        + recount.flows["received_counter"]
        + recount.flows["received_postal"]
    )
    assert total.cells[0] == received + carried
    assert total.cells[1] == recount.flows["received_online"]
    assert total.cells[3] == carried
    assert total.cells[5:8] == [recount.flows[f"resolved_{k}"] for k in ("early", "on_time", "late")]
    assert total.cells[10] == recount.open_states["overdue"]
    # (1) = (2) + (3) + (4); (5) = (6) + (7) + (8); (9) = (10) + (11) on every row
    for row in report.rows:
        c = row.cells
        assert c[0] == c[1] + c[2] + c[3]
        assert c[4] == c[5] + c[6] + c[7]
        assert c[8] == c[9] + c[10]
    # two sections (provincial and commune agencies), each the sum of its sector rows
    sections = [r for r in report.rows if r.kind == "section"]
    assert len(sections) == 2
    assert [sum(s.cells[i] for s in sections) for i in range(11)] == total.cells


def test_form_06a_counts_the_dossiers_received_at_each_centre_whatever_their_agency(province, history):
    from motcua.dossiers.services import complete_step
    from motcua.organisations.models import Agency

    today = history
    # non-boundary reception: dossiers of Sở Tư pháp received at the commune's desk in March
    elsewhere = [received_elsewhere(province, at=vn(2026, 3, d, 9)) for d in (3, 4, 5)]
    complete_step(dossier=elsewhere[0], actor=province.demo.chuyenvien, at=vn(2026, 3, 6, 9))
    everyone = Slice(agency_ids=frozenset({province.justice.pk, province.commune.pk}))
    ids = set(everyone.agency_ids)
    for period in (month(2026, 3), Period("khoang", date(2026, 3, 1), today, 2026)):
        as_of = period.as_of(today)
        totals = []
        for centre in (province.centre, province.commune_centre):
            report = statutory.report_06a(slice_=everyone, centre=centre, period=period, today=today)
            recount = replay(
                agency_ids=ids,
                first=period.start,
                last=period.end,
                as_of=as_of,
                receiving_centre_id=centre.pk,
            )
            before = replay(
                agency_ids=ids,
                first=period.start,
                last=period.end,
                as_of=period.start - timedelta(days=1),
                receiving_centre_id=centre.pk,
            )
            total = report.rows[-1].cells
            assert not any("không cân đối" in note for note in report.notes)  # the books close
            received = sum(recount.flows[f"received_{c}"] for c in ("online", "counter", "postal"))
            assert total[0] == received + _open_total(before)
            assert total[1] == recount.flows["received_online"]
            assert total[2] == recount.flows["received_counter"] + recount.flows["received_postal"]
            assert total[5:8] == [recount.flows[f"resolved_{k}"] for k in ("early", "on_time", "late")]
            assert total[8:11] == [
                _open_total(recount),
                recount.open_states["in_time"] + recount.open_states["paused"],
                recount.open_states["overdue"],
            ]
            # each cell is the size of the list behind it (received at this centre, this agency)
            for row in report.rows[:-1]:
                agency = Agency.objects.get(electronic_id=row.drill["don_vi"])
                narrowed = Slice(agency_ids=frozenset({agency.pk}), receiving_centre_id=centre.pk)
                for (_n, _h, measure), cell in zip(statutory.COLUMNS_06, row.cells, strict=True):
                    if measure:
                        listed = drilldown.dossiers_for(
                            measure=measure, slice_=narrowed, period=period, today=today
                        )
                        assert listed.count() == cell, (centre.name, row.label, measure)
            totals.append(total)
            if centre == province.commune_centre:
                # the provincial agency has a row at the commune's centre, with the three dossiers
                justice = next(r for r in report.rows if r.label == province.justice.name)
                assert justice.cells[2] == (3 if period.start <= date(2026, 3, 3) else 0)
        # every dossier is received at exactly one centre: the two II.06a add up to Biểu 06
        form_06 = statutory.report_06(slice_=everyone, unit_name="Tỉnh", period=period, today=today)
        assert [a + b for a, b in zip(*totals, strict=True)] == form_06.rows[-1].cells


def test_an_ended_period_reads_the_same_figures_from_its_snapshot(province, history):
    from django.core.management import call_command

    from motcua.core.errors import InvalidInput
    from motcua.reports import services
    from motcua.reports.models import PendingSnapshot, SnapshotDay

    today = history
    everyone = Slice(agency_ids=frozenset({province.justice.pk, province.commune.pk}))
    march = month(2026, 3)
    recounted = {dim: selectors.figures_by(slice_=everyone, period=march, today=today, dimension=dim)
                 for dim in ("agency", "sector", "level")}  # fmt: skip
    call_command("snapshot_pending", first=date(2026, 3, 30), last=date(2026, 3, 31), month_ends=True)
    assert list(SnapshotDay.objects.values_list("day", flat=True)) == [date(2026, 3, 31)]
    assert PendingSnapshot.objects.exists()
    for dim, expected in recounted.items():
        assert selectors.figures_by(slice_=everyone, period=march, today=today, dimension=dim) == expected
    fig = selectors.figures(slice_=everyone, period=march, today=today)
    recount = replay(agency_ids=set(everyone.agency_ids), first=march.start, last=march.end, as_of=march.end)
    assert (fig.pending.in_time, fig.pending.overdue, fig.pending.paused) == (
        recount.open_states["in_time"],
        recount.open_states["overdue"],
        recount.open_states["paused"],
    )
    # a day that has not ended cannot be recorded
    with pytest.raises(InvalidInput):
        services.take_pending_snapshot(day=today, at=vn(today.year, today.month, today.day, 12))


def test_the_periodic_task_records_yesterday_once(province, history):
    from motcua.reports.models import SnapshotDay
    from motcua.reports.tasks import snapshot_pending_task

    first = snapshot_pending_task.call()
    assert "pending" in first
    assert snapshot_pending_task.call().endswith("already taken")
    assert SnapshotDay.objects.count() == 1
