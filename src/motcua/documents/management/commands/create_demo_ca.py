"""Create a demo CA and signing keys for the demo province (PKCS#12 under var/keys/; never commit).

Writes ``demo-root.pem`` (add it to MOTCUA_TRUSTED_ROOTS), the CA key (encrypted), one seal key per
agency that has leaders or clerks, and one personal key per staff member (leaders, clerks, unit
heads, specialists, desk officers), each registered as a `SigningKey`. All use the same demo
password (printed). Idempotent: existing keys are kept unless --force.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.documents import services
from motcua.documents.models import SigningKey
from motcua.documents.signing import ca
from motcua.organisations.models import Agency, Position, Role

DEMO_PASSWORD = "123456"  # noqa: S105 - demo keys only, printed by the command
PERSONAL_ROLES = {Role.LEADER, Role.CLERK, Role.UNIT_HEAD, Role.SPECIALIST, Role.DESK_OFFICER}


class Command(BaseCommand):
    help = "Create a demo CA with agency and officer signing keys (PKCS#12) for development and the demo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir", default="", help="Folder for the keys (default MOTCUA_KEYS_DIR or var/keys)"
        )
        parser.add_argument("--password", default=DEMO_PASSWORD, help="Password of every demo key")
        parser.add_argument("--force", action="store_true", help="Replace an existing demo CA and its keys")

    def handle(self, *args, **options) -> None:
        folder = Path(options["dir"] or getattr(settings, "MOTCUA_KEYS_DIR", "") or "var/keys").resolve()
        password: str = options["password"]
        root_path, key_path = folder / "demo-root.pem", folder / "demo-root-key.pem"
        now = datetime.now(UTC)
        if root_path.exists() and not options["force"]:
            root = ca.load_ca(root_path, key_path, password=password)
            self.stdout.write(f"Dùng lại CA thử nghiệm: {root_path}")
        else:
            root = ca.create_root(
                name="MộtCửa Demo Root CA (không dùng thật)", not_before=now - timedelta(days=1)
            )
            root_path.parent.mkdir(parents=True, exist_ok=True)
            root_path.write_text(root.pem, encoding="ascii")
            ca.write_private(key_path, ca.key_pem(root, password=password))
            if options["force"]:
                SigningKey.objects.filter(pkcs12_path__startswith=str(folder)).update(is_active=False)
            self.stdout.write(f"Đã tạo CA thử nghiệm: {root_path}")
        roots = [str(p) for p in getattr(settings, "MOTCUA_TRUSTED_ROOTS", []) or []]
        if str(root_path) not in roots:
            # register_signing_key checks the chain: trust the demo root for this run
            settings.MOTCUA_TRUSTED_ROOTS = [*roots, str(root_path)]
            self.stdout.write(
                self.style.WARNING(f"Thêm {root_path} vào MOTCUA_TRUSTED_ROOTS để xác thực được chữ ký.")
            )
        created = 0
        at = timezone.now()
        admin = User.objects.filter(is_superuser=True).first()
        positions = Position.objects.select_related("user", "agency", "service_centre")
        seal_agencies = Agency.objects.filter(positions__role__in=[Role.LEADER, Role.CLERK]).distinct()
        with transaction.atomic():
            for agency in seal_agencies:
                if SigningKey.objects.filter(agency=agency, holder__isnull=True, is_active=True).exists():
                    continue
                path = folder / f"agency-{agency.electronic_id}.p12"
                self._write(
                    path, root, common_name=agency.name, organisation=agency.name, password=password, now=now
                )
                services.register_signing_key(
                    agency=agency,
                    holder=None,
                    label=f"Chữ ký số cơ quan – {agency.name}",
                    storage="pkcs12",
                    pkcs12_path=str(path),
                    pin=password,
                    actor=admin,
                    at=at,
                )
                created += 1
            for position in positions.filter(role__in=PERSONAL_ROLES):
                user = position.user
                if SigningKey.objects.filter(holder=user, is_active=True).exists():
                    continue
                place = position.agency or position.service_centre
                if place is None:
                    continue
                path = folder / f"user-{user.username}.p12"
                self._write(
                    path,
                    root,
                    common_name=user.full_name or user.username,
                    organisation=place.name,
                    password=password,
                    now=now,
                )
                services.register_signing_key(
                    agency=position.agency,
                    service_centre=position.service_centre,
                    holder=user,
                    label=f"Chữ ký số cá nhân – {user.full_name or user.username}",
                    storage="pkcs12",
                    pkcs12_path=str(path),
                    pin=password,
                    actor=admin,
                    at=at,
                )
                created += 1
        self.stdout.write(
            self.style.SUCCESS(f"Đã đăng ký {created} khóa ký số; mật khẩu thử nghiệm: {password}")
        )

    def _write(
        self, path: Path, root: ca.Issued, *, common_name: str, organisation: str, password: str, now
    ) -> None:
        issued = ca.issue(
            ca=root, common_name=common_name, organisation=organisation, not_before=now - timedelta(hours=1)
        )
        ca.write_private(path, ca.pkcs12_bytes(issued, ca=root, password=password, friendly_name=common_name))
