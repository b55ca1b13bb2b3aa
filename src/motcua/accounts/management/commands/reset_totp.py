from django.core.management.base import BaseCommand, CommandError

from motcua.accounts.models import User
from motcua.accounts.two_factor import reset_totp


class Command(BaseCommand):
    help = "Remove a staff member's authenticator (lost phone) so they sign in with the password alone."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True)

    def handle(self, *args, **options):
        try:
            user = User.objects.get(username=options["user"])
        except User.DoesNotExist as exc:
            raise CommandError(f"no user {options['user']!r}") from exc
        removed = reset_totp(user=user, actor="manage.py reset_totp")
        self.stdout.write("removed" if removed else "no authenticator")
