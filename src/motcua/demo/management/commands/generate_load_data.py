"""`motcua generate_load_data --dossiers N --province 40 [--years 2] [--seed S] [--append] [--report-json F]`.

Afterwards the pending dossiers at the end of every generated month are recorded
(`reports.services.take_pending_snapshot`), as the scheduler records every ended day in production,
so reports for ended months, quarters and years read them instead of recounting the history.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from motcua.catalog.models import ProcedureVersion
from motcua.demo import data
from motcua.demo.load import LoadRefused, generate_load_data
from motcua.reports import periods
from motcua.reports.services import take_pending_snapshot


def month_ends(*, start: date, end: date) -> list[date]:
    """Return the last day of every month from `start`'s month up to `end` (inclusive)."""
    days: list[date] = []
    year, number = start.year, start.month
    while (last := periods.month(year, number).end) <= end:
        days.append(last)
        year, number = year + number // 12, number % 12 + 1
    return days


class Command(BaseCommand):
    help = (
        "Fill the database with realistic dossiers of a province over the last years (PostgreSQL; "
        "COPY bulk load), with valid event chains, counters and code sequences; print the rate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dossiers", type=int, required=True, help="How many dossiers to generate.")
        parser.add_argument("--province", default=data.PROVINCE_CODE, help="GSO code of the province.")
        parser.add_argument("--years", type=int, default=2, help="Spread the dossiers over this many years.")
        parser.add_argument("--seed", type=int, default=20260302, help="Random seed (same seed, same data).")
        parser.add_argument(
            "--append", action="store_true", help="Add to load data generated before instead of refusing."
        )
        parser.add_argument("--no-vacuum", action="store_true", help="Skip VACUUM ANALYZE afterwards.")
        parser.add_argument(
            "--no-snapshots",
            action="store_true",
            help="Do not record the pending dossiers at each month's end (the nightly snapshots).",
        )
        parser.add_argument(
            "--report-json",
            type=Path,
            help="Also write what was generated and the rate to this file as JSON (for make bench).",
        )

    def handle(self, *args: object, **options: object) -> None:
        province = str(options["province"])
        verbosity = int(str(options["verbosity"]))
        if not ProcedureVersion.objects.filter(competent_agency__province_code=province).exists():
            if province != data.PROVINCE_CODE:
                raise CommandError(f"province {province} has no procedures; publish its catalog first")
            self.stdout.write("The demo province is absent: loading it (seed_demo --no-dossiers).")
            call_command("seed_demo", no_dossiers=True, quiet=True)

        def say(message: str) -> None:
            if verbosity >= 1:
                self.stdout.write(f"  … {message}")

        try:
            report = generate_load_data(
                dossiers=int(str(options["dossiers"])),
                province=province,
                now=timezone.now(),
                years=int(str(options["years"])),
                seed=int(str(options["seed"])),
                append=bool(options["append"]),
                progress=say,
            )
        except LoadRefused as exc:
            raise CommandError(str(exc)) from exc
        vacuum = 0.0
        if connection.vendor == "postgresql" and not options["no_vacuum"] and not connection.in_atomic_block:
            import time

            started = time.perf_counter()
            with connection.cursor() as cursor:  # outside the load's transaction: sets the visibility map
                cursor.execute(
                    "VACUUM (ANALYZE) dossiers_dossier, dossiers_dossierevent, "
                    "dossiers_dossiercomponent, dossiers_duedatechange"
                )
            vacuum = time.perf_counter() - started
        snapshots = 0.0
        if not options["no_snapshots"]:
            import time

            started = time.perf_counter()
            today = timezone.localdate()
            years = int(str(options["years"]))
            days = month_ends(start=today - timedelta(days=366 * years), end=today - timedelta(days=1))
            for day in days:
                take_pending_snapshot(day=day, at=timezone.now())
            snapshots = time.perf_counter() - started
            say(f"pending snapshots at {len(days)} month ends ({snapshots:.1f} s)")
        phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in report.phases.items())
        statuses = ", ".join(f"{status}: {n:,}" for status, n in sorted(report.statuses.items()))
        self.stdout.write(
            f"Generated {report.dossiers:,} dossiers, {report.events:,} events, "
            f"{report.components:,} papers, {report.due_changes:,} due-date changes, "
            f"{report.citizens:,} citizen and "
            f"{report.officers:,} officer accounts ({'bulk' if report.bulk_mode else 'incremental'} mode).\n"
            f"Statuses {statuses}; the demo citizen got {report.congdan_dossiers} dossiers.\n"
            f"Time: {phases}; total {report.seconds:.1f} s"
            + (f" (+ VACUUM ANALYZE {vacuum:.1f} s)" if vacuum else "")
            + "\n"
            f"Rate: {report.rate:,.0f} dossiers/s ({report.events / report.seconds:,.0f} events/s) "
            "over the whole load."
        )
        if options["report_json"]:
            Path(str(options["report_json"])).write_text(
                json.dumps(
                    {
                        "dossiers": report.dossiers,
                        "events": report.events,
                        "components": report.components,
                        "due_changes": report.due_changes,
                        "phases": report.phases,
                        "seconds": report.seconds,
                        "dossiers_per_s": report.rate,
                    },
                    indent=2,
                ),
                encoding="utf-8",
            )
