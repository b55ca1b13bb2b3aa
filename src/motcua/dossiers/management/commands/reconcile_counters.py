from django.core.management.base import BaseCommand, CommandError

from motcua.dossiers.reconcile import compare


class Command(BaseCommand):
    help = "Recount the KPI counters from the event log; exit non-zero and list every difference."

    def handle(self, *args, **options):
        differences = compare()
        for d in differences:
            self.stderr.write(f"{d.what} {d.key}: stored={d.stored} recounted={d.recounted}")
        if differences:
            raise CommandError(f"{len(differences)} counter difference(s)")
        self.stdout.write("counters ok")
