"""`motcua import_catalog FILE.xlsx [--dry-run]`: check the whole file, then publish what changed.

Every rejected row is printed with its sheet, row and reason, and the command exits non-zero
without writing anything. Re-importing an exported file changes nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.catalog.excel import read_workbook
from motcua.catalog.services import import_catalog
from motcua.core.errors import DomainError


class Command(BaseCommand):
    help = "Nhập danh mục thủ tục hành chính từ tệp Excel; kiểm tra toàn bộ tệp trước khi ghi."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .xlsx theo mẫu của lệnh export_catalog")
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ kiểm tra và báo kết quả, không ghi gì"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc.strerror}") from exc
        plan = read_workbook(data)
        if plan.errors:
            for error in plan.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(plan.errors)} lỗi; không ghi gì vào hệ thống.")
        if options["dry_run"]:
            self.stdout.write(f"Chạy thử (không ghi gì): {plan.summary}")
            return
        try:
            import_catalog(plan=plan, actor=None, at=timezone.now())
        except DomainError as exc:
            raise CommandError(f"{exc.message} Không ghi gì vào hệ thống.") from exc
        self.stdout.write(f"Đã nhập: {plan.summary}")
