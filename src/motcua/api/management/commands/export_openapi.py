import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.api.views import api


class Command(BaseCommand):
    help = "Write the OpenAPI 3 schema of /api/v1 to a file, or --check that the committed file is current."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--check", action="store_true", help="Fail if the file differs from the schema.")

    def handle(self, *args, **options):
        text = (
            json.dumps(
                api.get_openapi_schema(path_prefix="/api/v1/"), ensure_ascii=False, indent=2, sort_keys=True
            )
            + "\n"
        )
        path = Path(options["path"])
        if options["check"]:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(
                    f"{path} is out of date: run `motcua export_openapi {path}` and commit it."
                )
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {path}")
