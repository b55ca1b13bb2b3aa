"""`motcua export_catalog FILE.xlsx`: the whole catalog in the Excel layout provinces exchange."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.catalog.excel import export_workbook


class Command(BaseCommand):
    help = (
        "Xuất danh mục thủ tục hành chính ra tệp Excel (.xlsx): mỗi thủ tục một dòng, mỗi danh sách một trang"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp .xlsx sẽ ghi")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if path.suffix.lower() != ".xlsx":
            raise CommandError("Tên tệp phải có đuôi .xlsx.")
        try:
            path.write_bytes(export_workbook())
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp {path}: {exc.strerror}") from exc
        self.stdout.write(f"Đã xuất danh mục ra {path}.")
