"""Delete the online-submission drafts not saved for MOTCUA_DRAFT_RETENTION_DAYS days (or --days).

The scheduler runs the same purge daily (`purge_drafts_task` in MOTCUA_PERIODIC_JOBS); this command
is for a cron job or a one-off clean-up.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.dossiers.drafts import purge_drafts


class Command(BaseCommand):
    help = "Delete online-submission drafts not saved for MOTCUA_DRAFT_RETENTION_DAYS days, with their files."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Keep drafts saved in the last N days.")

    def handle(self, *args, **options):
        days = options["days"] if options["days"] is not None else settings.MOTCUA_DRAFT_RETENTION_DAYS
        if days < 1:
            raise CommandError("--days phải từ 1 trở lên.")
        purged = purge_drafts(saved_before=timezone.now() - timedelta(days=days))
        self.stdout.write(f"Đã xóa {purged} hồ sơ đang soạn không được lưu trong {days} ngày.")
