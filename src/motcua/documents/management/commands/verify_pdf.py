"""Verify a signed PDF from the command line: `motcua verify_pdf FILE [--code CODE]`.

Prints the verdict and each signature; exits 0 when valid, 1 otherwise (usable in scripts).
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.errors import InvalidInput
from motcua.documents import verification
from motcua.documents.signing.pades import max_pdf_bytes


class Command(BaseCommand):
    help = "Verify the signatures of a PDF and whether it is the file registered for its document code."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--code", default="", help="Document code to check against (default: from the file)"
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}")
        with path.open("rb") as handle:
            content = handle.read(max_pdf_bytes() + 1)
        try:
            report = verification.verify_pdf(content, code=options["code"])
        except InvalidInput as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(f"Trạng thái: {report.status}")
        self.stdout.write(f"SHA-256: {report.sha256}")
        if report.document_code:
            self.stdout.write(f"Mã số giấy tờ: {report.document_code}")
        for message in report.messages:
            self.stdout.write(f"- {message}")
        for n, s in enumerate(report.signatures, 1):
            self.stdout.write(
                f"Chữ ký {n}: {s.signer} ({s.organisation}); cấp bởi {s.issuer}; ký lúc {s.signed_at}; "
                f"dấu thời gian {s.timestamp_at or 'không có'}; nguyên vẹn={s.intact and s.unchanged}; "
                f"hợp lệ={s.valid}; tin cậy={s.trusted}"
            )
            for problem in s.problems:
                self.stdout.write(f"  ! {problem}")
        if not report.is_valid:
            sys.exit(1)
