from django.core.management.base import BaseCommand
from django.utils import timezone

from motcua.demo import data
from motcua.demo.reform_seed import seed_reform
from motcua.demo.seed import seed_data_store, seed_dossiers, seed_organisations_and_people


class Command(BaseCommand):
    help = "Load the demo province (Nghệ An) with staff, citizens, procedures and dossiers; print the logins."

    def add_arguments(self, parser):
        parser.add_argument("--no-dossiers", action="store_true", help="Skip the sample dossiers.")
        parser.add_argument("--quiet", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, **options):
        version = seed_organisations_and_people()
        seed_reform(timezone.now())
        if not options["no_dossiers"]:
            seed_dossiers(version=version, now=timezone.now())
        seed_data_store(now=timezone.now())
        if not options["quiet"]:
            self.stdout.write(self.logins())

    @staticmethod
    def logins() -> str:
        rows = [("Vai trò / Role", "Tên đăng nhập / Username")]
        rows += [(f"{title}", username) for username, _name, _role, _where, title in data.STAFF]
        rows += [
            (f"{title} (phường Trường Vinh)", username) for username, _n, _r, title in data.COMMUNE_STAFF
        ]
        rows += [
            ("Trưởng Ban Chỉ đạo CCHC (cải cách hành chính)", "truongbancchc"),
            ("Phó Trưởng Ban Chỉ đạo CCHC", "phobancchc"),
            ("Thư ký Ban Chỉ đạo CCHC", "thukycchc"),
        ]
        rows += [(f"Người dân / Citizen: {name}", username) for username, name, *_ in data.CITIZENS]
        width = max(len(r[0]) for r in rows) + 2
        lines = ["", f"Tài khoản demo / Demo logins (mật khẩu / password: {data.PASSWORD})"]
        lines += [f"  {r[0]:<{width}} {r[1]}" for r in rows]
        return "\n".join(lines) + "\n"
