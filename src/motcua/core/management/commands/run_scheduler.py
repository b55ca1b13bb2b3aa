"""Enqueue the periodic jobs on their intervals; the task worker (`db_worker`) runs them.

Jobs are listed in settings.MOTCUA_PERIODIC_JOBS as (dotted path of a django-tasks task, interval
in seconds). Each job is enqueued once at start and then every interval. Use this command or an
equivalent systemd timer per job in production.
"""

from __future__ import annotations

import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

import structlog

logger = structlog.get_logger(__name__)


class Command(BaseCommand):
    help = "Enqueue the periodic jobs of settings.MOTCUA_PERIODIC_JOBS on their intervals (Ctrl-C stops)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue every job once, then exit.")

    def handle(self, *args, **options):
        jobs = [(import_string(path), path, int(every)) for path, every in settings.MOTCUA_PERIODIC_JOBS]
        due = dict.fromkeys((path for _t, path, _e in jobs), 0.0)
        running = True

        def stop(*_args):
            nonlocal running
            running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while running:
            now = time.monotonic()
            for task, path, every in jobs:
                if now >= due[path]:
                    task.enqueue()
                    logger.info("periodic_job_enqueued", job=path)
                    due[path] = now + every
            if options["once"]:
                return
            time.sleep(1)
