from django.core.management.base import BaseCommand, CommandError

from motcua.dossiers.selectors import verify_event_chains


class Command(BaseCommand):
    help = "Verify the hash chain of every dossier's event log; exit non-zero at the first broken link."

    def handle(self, *args, **options):
        broken = verify_event_chains()
        for link in broken:
            self.stderr.write(f"BROKEN {link.dossier_code} event #{link.seq}: {link.reason}")
        if broken:
            raise CommandError(f"{len(broken)} broken chain(s)")
        self.stdout.write("audit chain ok")
