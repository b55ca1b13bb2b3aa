"""The load-data generator: valid chains, counters that reconcile, unique codes, the real deadlines."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.db import connection

import pytest

from conftest import vn
from motcua.accounts.models import User
from motcua.demo.load import LoadRefused, generate_load_data
from motcua.demo.load_people import LOAD_PREFIX
from motcua.demo.load_time import Deadlines, Timeline
from motcua.dossiers import reconcile
from motcua.dossiers.codes import next_sequence
from motcua.dossiers.models import Dossier, DossierCodeSequence, DossierEvent, DueDateChange
from motcua.dossiers.selectors import verify_event_chains
from motcua.dossiers.transitions import DossierStatus
from motcua.workdays import deadlines as dl
from motcua.workdays.selectors import counter_cutoff, get_calendar

pytestmark = pytest.mark.django_db

NOW = vn(2026, 3, 20, 11, 0)


def _generate(n: int = 300, **kwargs):
    return generate_load_data(dossiers=n, province="40", now=NOW, years=2, seed=7, **kwargs)


def test_generated_dossiers_have_valid_history_counters_and_codes(demo):
    report = _generate()
    assert report.dossiers == Dossier.objects.count() == 300
    assert report.events == DossierEvent.objects.count()
    assert verify_event_chains() == []
    assert reconcile.compare() == []
    codes = list(Dossier.objects.values_list("code", flat=True))
    assert len(set(codes)) == len(codes)
    assert Dossier.objects.filter(applicant=demo.congdan).count() == 50
    # at least two years of history, nothing in the future
    first = Dossier.objects.order_by("submitted_at").first()
    assert first is not None
    assert first.submitted_at < NOW - timedelta(days=600)
    assert not Dossier.objects.filter(submitted_at__gt=NOW).exists()
    assert not DossierEvent.objects.filter(at__gt=NOW).exists()
    # every stage of the life of a dossier is represented, and the channels
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert {DossierStatus.RETURNED, DossierStatus.IN_PROGRESS, DossierStatus.REFUSED} <= statuses
    assert set(Dossier.objects.values_list("channel", flat=True)) == {1, 2, 3}
    types = set(DossierEvent.objects.values_list("type", flat=True))
    assert {
        "submitted",
        "received",
        "step_completed",
        "resolved",
        "returned",
        "supplement_requested",
    } <= types
    assert (
        DueDateChange.objects.filter(cause="clock_started").count()
        == Dossier.objects.filter(received_at__isnull=False).count()
    )


def test_code_sequences_continue_after_the_generated_codes(demo):
    _generate(200)
    dossier = Dossier.objects.select_related("competent_agency").order_by("-submitted_at").first()
    assert dossier is not None
    prefix, day_text, _number = dossier.code.rsplit("-", 2)
    day = dossier.submitted_at.astimezone(NOW.tzinfo).date()
    assert day_text == f"{day:%y%m%d}"
    highest = max(
        int(code.rsplit("-", 1)[1])
        for code in Dossier.objects.filter(code__startswith=f"{prefix}-{day_text}-").values_list(
            "code", flat=True
        )
    )
    assert DossierCodeSequence.objects.get(prefix=prefix, day=day).last == highest
    assert next_sequence(prefix=prefix, day=day) == highest + 1


def test_a_second_run_needs_append_and_keeps_everything_consistent(demo):
    _generate(150)
    with pytest.raises(LoadRefused, match="--append"):
        _generate(150)
    report = _generate(150, append=True)
    assert report.dossiers == 150
    assert Dossier.objects.count() == 300
    assert verify_event_chains() == []
    assert reconcile.compare() == []
    codes = list(Dossier.objects.values_list("code", flat=True))
    assert len(set(codes)) == len(codes)
    assert Dossier.objects.filter(applicant=demo.congdan).count() == 50
    assert User.objects.filter(username__startswith=LOAD_PREFIX, kind=User.Kind.CITIZEN).exists()


def test_sqlite_is_refused_for_large_loads(demo, monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(LoadRefused, match="SQLite"):
        generate_load_data(dossiers=1_000_000, province="40", now=NOW)


def test_command_prints_the_rate_and_records_the_month_end_snapshots(demo):
    from django.utils import timezone

    from motcua.reports.history import recount_by_agency_procedure
    from motcua.reports.models import PendingSnapshot, SnapshotDay

    out = StringIO()
    call_command("generate_load_data", dossiers=120, province="40", seed=3, stdout=out)
    assert "dossiers/s" in out.getvalue()
    assert verify_event_chains() == []
    assert reconcile.compare() == []
    # the nightly snapshots a running system would have, at each month's end
    today = timezone.localdate()
    last_month_end = today.replace(day=1) - timedelta(days=1)
    days = set(SnapshotDay.objects.values_list("day", flat=True))
    assert last_month_end in days
    assert len(days) >= 24
    recorded = {
        (s.agency_id, s.procedure_id): (s.in_time, s.overdue, s.paused)
        for s in PendingSnapshot.objects.filter(day=last_month_end)
    }
    recount = recount_by_agency_procedure(day=last_month_end)
    assert recorded == {key: (p.in_time, p.overdue, p.paused) for key, p in recount.items()}
    # some month end has pending dossiers (which one depends on the clock: the load ends now)
    assert sum(s.in_time + s.overdue + s.paused for s in PendingSnapshot.objects.all()) > 0


def test_command_writes_its_report_as_json_for_the_benchmarks(demo, tmp_path):
    import json

    path = tmp_path / "load.json"
    options = {"province": "40", "seed": 4, "no_snapshots": True, "report_json": path}
    call_command("generate_load_data", dossiers=60, stdout=StringIO(), **options)
    report = json.loads(path.read_text(encoding="utf-8"))
    assert report["dossiers"] == 60 == Dossier.objects.count()
    assert report["events"] == DossierEvent.objects.count()
    assert report["dossiers_per_s"] == pytest.approx(60 / report["seconds"])
    assert report["seconds"] == pytest.approx(sum(report["phases"].values()))


def month_ends_of(start: date, end: date) -> list[date]:
    from motcua.demo.management.commands.generate_load_data import month_ends

    return month_ends(start=start, end=end)


def test_month_ends_cover_every_month_of_the_period():
    assert month_ends_of(date(2025, 11, 15), date(2026, 2, 27)) == [
        date(2025, 11, 30),
        date(2025, 12, 31),
        date(2026, 1, 31),
    ]
    assert month_ends_of(date(2024, 2, 1), date(2024, 2, 29)) == [date(2024, 2, 29)]
    assert month_ends_of(date(2024, 2, 1), date(2024, 2, 28)) == []


def test_receipts_and_working_time_match_the_deadline_engine(demo):
    calendar = get_calendar()
    timeline = Timeline(calendar, NOW.date() - timedelta(days=800), NOW.date() + timedelta(days=400))
    deadlines = Deadlines(calendar, timeline)
    rng = random.Random(11)
    durations = [
        dl.WorkingDays(Decimal(5)),
        dl.WorkingDays(Decimal("0.5")),
        dl.WorkingHours(Decimal(3)),
        dl.CalendarDays(30),
        dl.SameDay(),
    ]
    cutoff = counter_cutoff()
    start = timeline.minute(NOW) - 700 * 1440
    for _ in range(300):
        minute = start + rng.randrange(0, 650 * 1440) // 5 * 5
        channel = rng.choice(list(dl.Channel))
        duration = rng.choice(durations)
        restart = rng.random() < 0.2
        got = deadlines.receipt(minute, channel, deadlines.limit(duration), restart=restart)
        if restart:
            real = dl.restart_after_supplement(
                calendar,
                resubmitted_at=timeline.dt(minute),
                channel=channel,
                duration=duration,
                counter_cutoff=cutoff,
            )
        else:
            real = dl.explain_due(
                calendar,
                received_at=timeline.dt(minute),
                channel=channel,
                duration=duration,
                counter_cutoff=cutoff,
            )
        assert got.start_iso == real.clock_start.isoformat()
        assert got.due.iso == real.due_at.isoformat()
        assert got.explanation_json == dl_json(real.explanation)
        hours = Decimal(rng.choice(["0.5", "1", "2", "3", "8", "16"]))
        step = deadlines.due(minute, deadlines.limit(dl.WorkingHours(hours)))
        expected = dl.step_due(calendar, step_started_at=timeline.dt(minute), allotted_working_hours=hours)
        assert step.iso == expected.isoformat()
    assert deadlines.checks > 0


def dl_json(lines: tuple[str, ...]) -> str:
    import json

    return json.dumps(list(lines), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
