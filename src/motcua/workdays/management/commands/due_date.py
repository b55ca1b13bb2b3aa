"""``motcua due_date``: print the due instant of a time limit, as ISO 8601 with offset, on one line.

    motcua due_date --start 2026-03-02T09:00 --working-days 3 [--channel counter|online|postal]
                    [--agency ELECTRONIC_ID]
    2026-03-05T09:00:00+07:00

Exactly one duration: ``--working-days N``, ``--working-hours N``, ``--calendar-days N`` or
``--same-day``. Other tools parse the output: keep it to the one line. Bad arguments print one line
on stderr and exit with status 2.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.errors import InvalidInput
from motcua.workdays.selectors import get_due_date

EXIT_BAD_ARGUMENTS = 2


class Command(BaseCommand):
    help = (
        "Tính hạn giải quyết theo lịch làm việc (Nghị định 118/2025/NĐ-CP) và in thời điểm hẹn trả "
        "theo ISO 8601, ví dụ 2026-03-05T09:00:00+07:00."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--start",
            help="Thời điểm tiếp nhận, ISO 8601 (không kèm múi giờ = giờ Việt Nam), ví dụ 2026-03-02T09:00.",
        )
        parser.add_argument("--working-days", metavar="N", help="Số ngày làm việc (có thể lẻ, ví dụ 0.5).")
        parser.add_argument("--working-hours", metavar="N", help="Số giờ làm việc.")
        parser.add_argument("--calendar-days", metavar="N", help="Số ngày theo lịch (Bộ luật Dân sự 2015).")
        parser.add_argument("--same-day", action="store_true", help="Trả kết quả trong ngày.")
        parser.add_argument(
            "--channel",
            default="counter",
            metavar="{counter,online,postal}",
            help="Kênh tiếp nhận (mặc định counter: trực tiếp, áp dụng mốc 15 giờ).",
        )
        parser.add_argument(
            "--agency", metavar="ELECTRONIC_ID", help="Mã định danh cơ quan (dùng giờ làm việc riêng nếu có)."
        )
        parser.add_argument("--explain", action="store_true", help="In thêm diễn giải cách tính (ra stderr).")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["start"]:
            raise CommandError(
                "Thiếu --start: thời điểm tiếp nhận, ví dụ --start 2026-03-02T09:00.",
                returncode=EXIT_BAD_ARGUMENTS,
            )
        try:
            result = get_due_date(
                start=options["start"],
                channel=options["channel"],
                working_days=options["working_days"],
                working_hours=options["working_hours"],
                calendar_days=options["calendar_days"],
                same_day=options["same_day"],
                agency=options["agency"],
            )
        except InvalidInput as exc:
            raise CommandError(str(exc.message), returncode=EXIT_BAD_ARGUMENTS) from exc
        self.stdout.write(result.due_at.isoformat())
        if options["explain"]:
            for line in result.explanation:
                self.stderr.write(line)
