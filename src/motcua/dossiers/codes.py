"""Dossier codes (mã hồ sơ), Decree 118/2025/NĐ-CP Art 28.

The code is the electronic identifier of the competent agency (Decision 20/2020/QĐ-TTg), then the
date of receipt, then the sequence number of the dossier received that day: rendered as
`{electronic_id}-{yyMMdd}-{NNNN}` (e.g. `000.00.12.H41-250715-0001`), the shape used by deployed
provincial systems. The exact separators under Circular 03/2025/TT-VPCP are UNCERTAIN, so the
rendering lives in this one function.
"""

from __future__ import annotations

from datetime import date

from django.db import connection

from motcua.core.timeutil import VN_TZ  # noqa: F401  (dates here are local dates)


def format_code(prefix: str, day: date, number: int) -> str:
    """Render a dossier code from its three parts."""
    return f"{prefix}-{day:%y%m%d}-{number:04d}"


def next_sequence(*, prefix: str, day: date) -> int:
    """Atomically take the next sequence number for the prefix and day.

    One INSERT … ON CONFLICT … RETURNING statement, so two concurrent intakes never get the same
    number (PostgreSQL row lock on conflict; SQLite serialises writers).
    """
    from .models import DossierCodeSequence

    table = connection.ops.quote_name(DossierCodeSequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (prefix, day, last) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (prefix, day) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [prefix, day],
        )
        row = cursor.fetchone()
    if row is None:  # RETURNING always yields the row; guard for type narrowing
        raise RuntimeError("dossier code sequence returned no row")
    return int(row[0])


def next_dossier_code(*, prefix: str, day: date) -> str:
    """Return a new, unique dossier code for the agency prefix and the local receipt date."""
    return format_code(prefix, day, next_sequence(prefix=prefix, day=day))
