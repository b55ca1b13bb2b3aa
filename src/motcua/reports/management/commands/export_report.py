"""`motcua export_report --form 06 --ky nam --nam 2025 --out bieu06.xlsx`: a statutory report to a file.

For scheduled exports and for sending upward: the whole province, or one unit, any period the pages
accept. The file is Excel or PDF by the extension of ``--out``.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from motcua.core.errors import DomainError
from motcua.reports import exports, statutory
from motcua.reports import scope as sc
from motcua.reports.selection import parse_selection


class Command(BaseCommand):
    help = "Write Biểu 06, II.06a or II.07b for the province or a unit and a period to an .xlsx or .pdf file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--form", choices=["06", "06a", "07b"], required=True)
        parser.add_argument("--ky", default="nam", help="thang, quy, 6thang, 9thang, nam or khoang")
        parser.add_argument("--nam", default="", help="year")
        parser.add_argument("--so", default="", help="month 1–12 or quarter 1–4")
        parser.add_argument("--tu-ngay", default="", help="YYYY-MM-DD, with --ky khoang")
        parser.add_argument("--den-ngay", default="", help="YYYY-MM-DD, with --ky khoang")
        parser.add_argument("--don-vi", default="", help="an agency's electronic identifier")
        parser.add_argument("--trung-tam", default="", help="a service centre's electronic identifier (06a)")
        parser.add_argument("--out", required=True, help="output file, .xlsx or .pdf")

    def handle(self, *args: object, **options: object) -> None:
        out = Path(str(options["out"]))
        if out.suffix not in (".xlsx", ".pdf"):
            raise CommandError("--out must end in .xlsx or .pdf")
        query = {
            "ky": options["ky"],
            "nam": options["nam"] or str(timezone.localdate().year),
            "so": options["so"],
            "tu_ngay": options["tu_ngay"],
            "den_ngay": options["den_ngay"],
            "don_vi": options["don_vi"],
            "trung_tam": options["trung_tam"],
        }
        try:
            sel = parse_selection(
                user=None,
                query=query,
                today=timezone.localdate(),
                now=timezone.now(),
                scope=sc.province_scope(),
            )
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        except sc.UnitNotFound as exc:
            raise CommandError(f"unknown unit {exc}") from exc
        form = str(options["form"])
        if form == "06a":
            if sel.centre is None or sel.centre_slice is None:
                raise CommandError("Biểu II.06a needs --trung-tam")
            report = statutory.report_06a(
                slice_=sel.centre_slice, centre=sel.centre, period=sel.period, today=sel.today
            )
        elif form == "07b":
            report = statutory.report_07b(
                slice_=sel.slice, unit_name=sel.unit_label, on=sel.period.as_of(sel.today)
            )
        else:
            report = statutory.report_06(
                slice_=sel.slice, unit_name=sel.unit_label, period=sel.period, today=sel.today
            )
        if out.suffix == ".xlsx":
            out.write_bytes(exports.report_xlsx(report))
        else:
            out.write_bytes(
                exports.report_pdf(report, issuer=sel.unit_label, issuer_parent="", place="", today=sel.today)
            )
        self.stdout.write(f"{report.subtitle}: {sel.unit_label}, {sel.period.label} → {out}")
