"""`motcua snapshot_pending [--day D | --from D --to D [--month-ends]]`: pending dossiers at days' ends.

Reports on a period that has ended read the pending dossiers at its end from these snapshots
(fast) and fall back to recomputing them from the record. The periodic task takes yesterday's;
this command backfills history (e.g. after `generate_load_data` or an import) or retakes a day.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from motcua.core.errors import DomainError
from motcua.reports import services


class Command(BaseCommand):
    help = "Record the dossiers pending at the end of past days (for fast reports on ended periods)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--day", type=date.fromisoformat, help="one day (default: yesterday)")
        parser.add_argument("--from", dest="first", type=date.fromisoformat, help="first day of a range")
        parser.add_argument("--to", dest="last", type=date.fromisoformat, help="last day of a range")
        parser.add_argument("--month-ends", action="store_true", help="only the last day of each month")

    def handle(self, *args: object, **options: object) -> None:
        today = timezone.localdate()
        first, last = options["first"], options["last"]
        if isinstance(first, date) or isinstance(last, date):
            if not (isinstance(first, date) and isinstance(last, date)) or first > last:
                raise CommandError("--from and --to go together, --from first")
            days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        else:
            single = options["day"]
            days = [single if isinstance(single, date) else today - timedelta(days=1)]
        if options["month_ends"]:
            days = [d for d in days if d.day == calendar.monthrange(d.year, d.month)[1]]
        for day in days:
            try:
                snapshot = services.take_pending_snapshot(day=day, at=timezone.now())
            except DomainError as exc:
                raise CommandError(f"{day}: {exc.message}") from exc
            self.stdout.write(f"{day}: {snapshot.dossiers} pending")
