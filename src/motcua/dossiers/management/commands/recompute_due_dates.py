from django.core.management.base import BaseCommand
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.dossiers.services import recompute_due_date
from motcua.dossiers.transitions import DossierStatus


class Command(BaseCommand):
    help = (
        "Recompute the due dates of open dossiers on the current working calendar, recording each change "
        "with its cause. Run after a calendar edit; --dry-run lists what would move."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        from motcua.dossiers.clock import due_from_start

        now = timezone.now()
        moved = 0
        qs = Dossier.objects.filter(
            status__in=[DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS],
            clock_started_at__isnull=False,
            extension_count=0,
        ).select_related("procedure_version")
        for dossier in qs.iterator(chunk_size=500):
            if dossier.clock_started_at is None:
                continue
            new_due = due_from_start(version=dossier.procedure_version, start=dossier.clock_started_at)
            if new_due == dossier.due_at:
                continue
            moved += 1
            self.stdout.write(f"{dossier.code}: {dossier.due_at:%Y-%m-%d %H:%M} -> {new_due:%Y-%m-%d %H:%M}")
            if not options["dry_run"]:
                recompute_due_date(dossier=dossier, actor=None, at=now)
        self.stdout.write(f"{moved} dossier(s) {'would move' if options['dry_run'] else 'moved'}")
