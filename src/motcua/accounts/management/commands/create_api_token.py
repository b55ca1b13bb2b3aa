from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.accounts.models import User
from motcua.accounts.tokens import create_api_token


class Command(BaseCommand):
    help = "Create an API token for a user and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True)
        parser.add_argument("--name", required=True)

    def handle(self, *args, **options):
        try:
            user = User.objects.get(username=options["user"], is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"no active user {options['user']!r}") from exc
        self.stdout.write(create_api_token(user=user, name=options["name"], at=timezone.now()))
