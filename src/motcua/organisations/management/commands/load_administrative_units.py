from django.core.management.base import BaseCommand

from motcua.organisations.services import load_administrative_units


class Command(BaseCommand):
    help = "Load the 34 provinces and 3,321 communes in force since 1 July 2025 (idempotent)."

    def handle(self, *args, **options):
        created, updated = load_administrative_units()
        self.stdout.write(f"created={created} updated={updated}")
