"""
Benchmark: the bulk load of `motcua generate_load_data`, and how fast PostgreSQL alone takes its rows.

* `generate_dossiers_per_s` — the generator's own figure over its whole load (generation, COPY,
  index rebuild, counters), read from the report it writes with `--report-json`.
* `load_ceiling_dossiers_per_s` — the rows the generator wrote for the newest `SAMPLE` dossiers
  (dossiers, events, papers, due-date changes) are copied out as COPY text, then loaded again
  into new, empty tables of the same columns by one connection per core, and each connection
  builds the same indexes on its tables. Nothing is generated while the clock runs: it is the rate
  PostgreSQL itself sustains for these rows on this machine, an upper bound for any generator of
  the same data. Foreign keys and check constraints are not validated, so the bound is generous.
  Everything happens in transactions that are rolled back.

Run: ``python bench/bench_load.py DATABASE_URL`` (prints JSON), or call `measure_ceiling()`.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

SAMPLE = 100_000
TARGET_DOSSIERS_PER_S = 50_000  # the generator's target (bench/README.md)
DOSSIER_TABLE = "dossiers_dossier"
CHILD_TABLES = ("dossiers_dossierevent", "dossiers_dossiercomponent", "dossiers_duedatechange")
_INDEX = re.compile(r"^CREATE (UNIQUE )?INDEX \S+ ON \S+ (USING .*)$")


def generator_metric(report_path: Path, *, dataset: str) -> dict[str, Any]:
    """The generator's rate as it reported it (`generate_load_data --report-json`)."""
    report = json.loads(report_path.read_text(encoding="utf-8"))
    phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in report["phases"].items())
    return {
        "value": round(report["dossiers_per_s"]),
        "unit": "dossiers/s",
        "target": TARGET_DOSSIERS_PER_S,
        "dataset": (
            f"motcua generate_load_data --dossiers {report['dossiers']:,}: {report['events']:,} events, "
            f"{report['components']:,} papers, {report['due_changes']:,} due-date changes in "
            f"{report['seconds']:.1f} s ({phases}); rate over the whole load; {dataset}"
        ),
    }


def _copy_out(cur: psycopg.Cursor[Any], table: str, column: str, low: int, high: int) -> bytes:
    query = sql.SQL("COPY (SELECT * FROM {} WHERE {} >= {} AND {} < {}) TO STDOUT").format(
        sql.Identifier(table), sql.Identifier(column), low, sql.Identifier(column), high
    )
    chunks: list[bytes] = []
    with cur.copy(query) as copy:
        for data in copy:
            chunks.append(bytes(data))
    return b"".join(chunks)


def _index_statements(cur: psycopg.Cursor[Any], table: str, copy_table: str) -> list[str]:
    """The table's index definitions, rewritten to build the same indexes on `copy_table`."""
    cur.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s ORDER BY indexname", [table])
    statements = []
    for number, (definition,) in enumerate(cur.fetchall()):
        match = _INDEX.match(definition)
        if match is None:
            raise ValueError(f"unexpected index definition: {definition}")
        unique, rest = match.groups()
        statements.append(f"CREATE {unique or ''}INDEX {copy_table}_{number} ON {copy_table} {rest}")
    return statements


class _Worker(threading.Thread):
    """One connection: new tables, COPY of its share of the rows, then the indexes; rolled back."""

    def __init__(self, database_url: str, number: int, texts: dict[str, bytes], start: threading.Barrier):
        super().__init__(name=f"load-ceiling-{number}")
        self.database_url, self.number, self.texts, self.start_together = database_url, number, texts, start
        self.copy_s = self.index_s = 0.0
        self.indexes = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with psycopg.connect(self.database_url) as conn, conn.cursor() as cur:
                # the generator's own session settings (motcua.demo.load_bulk.tune_session_for_load)
                cur.execute("SET synchronous_commit = off")
                cur.execute("SET maintenance_work_mem = '512MB'")
                indexes = []
                for table in self.texts:
                    copy_table = f"bench_ceiling_{self.number}_{table}"
                    cur.execute(
                        sql.SQL("CREATE TABLE {} (LIKE {} INCLUDING DEFAULTS)").format(
                            sql.Identifier(copy_table), sql.Identifier(table)
                        )
                    )
                    indexes += _index_statements(cur, table, copy_table)
                self.start_together.wait()
                started = time.perf_counter()
                for table, text in self.texts.items():
                    copy_table = f"bench_ceiling_{self.number}_{table}"
                    with cur.copy(sql.SQL("COPY {} FROM STDIN").format(sql.Identifier(copy_table))) as copy:
                        for offset in range(0, len(text), 1 << 20):
                            copy.write(text[offset : offset + (1 << 20)])
                copied = time.perf_counter()
                for statement in indexes:
                    cur.execute(statement)
                self.copy_s, self.index_s = copied - started, time.perf_counter() - copied
                self.indexes = len(indexes)
                conn.rollback()
        except BaseException as exc:  # reported by measure_ceiling
            self.error = exc


@dataclass(frozen=True)
class Ceiling:
    rows: dict[str, int]  # rows loaded per table
    megabytes: float  # COPY text
    workers: int
    indexes: int  # built per connection
    seconds: float
    copy_s: float  # slowest connection
    index_s: float  # slowest connection

    @property
    def dossiers_per_s(self) -> float:
        return self.rows[DOSSIER_TABLE] / self.seconds


def ceiling(database_url: str, *, sample: int = SAMPLE, workers: int | None = None) -> Ceiling:
    """Load the newest `sample` dossiers' rows again with `workers` connections (module docstring)."""
    workers = workers or os.cpu_count() or 1
    with psycopg.connect(database_url) as conn, conn.cursor() as cur:
        newest = "SELECT min(id), max(id) + 1 FROM (SELECT id FROM {} ORDER BY id DESC LIMIT %s) newest"
        cur.execute(sql.SQL(newest).format(sql.Identifier(DOSSIER_TABLE)), [sample])
        low, high = cur.fetchone() or (None, None)
        if low is None or high is None:
            raise SystemExit("the database holds no dossiers")
        bounds = [low + (high - low) * k // workers for k in range(workers + 1)]
        shares: list[dict[str, bytes]] = []
        for k in range(workers):
            share = {DOSSIER_TABLE: _copy_out(cur, DOSSIER_TABLE, "id", bounds[k], bounds[k + 1])}
            for table in CHILD_TABLES:
                share[table] = _copy_out(cur, table, "dossier_id", bounds[k], bounds[k + 1])
            shares.append(share)
    barrier = threading.Barrier(workers + 1)
    threads = [_Worker(database_url, k, share, barrier) for k, share in enumerate(shares)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    for thread in threads:
        if thread.error is not None:
            raise thread.error
    return Ceiling(
        rows={table: sum(share[table].count(b"\n") for share in shares) for table in shares[0]},
        megabytes=sum(len(text) for share in shares for text in share.values()) / 1e6,
        workers=workers,
        indexes=threads[0].indexes,
        seconds=seconds,
        copy_s=max(t.copy_s for t in threads),
        index_s=max(t.index_s for t in threads),
    )


def measure_ceiling(database_url: str, *, sample: int = SAMPLE) -> dict[str, Any]:
    """`load_ceiling_dossiers_per_s`: PostgreSQL's own rate for the generator's rows."""
    c = ceiling(database_url, sample=sample)
    rows = c.rows
    return {
        "load_ceiling_dossiers_per_s": {
            "value": round(c.dossiers_per_s),
            "unit": "dossiers/s",
            "target": None,
            "dataset": (
                f"PostgreSQL alone, nothing generated: the generator's rows of the newest "
                f"{rows[DOSSIER_TABLE]:,} dossiers ({rows['dossiers_dossierevent']:,} events, "
                f"{rows['dossiers_dossiercomponent']:,} papers, {rows['dossiers_duedatechange']:,} "
                f"due-date changes; {c.megabytes:,.0f} MB of COPY text) loaded into new tables by "
                f"{c.workers} connections in parallel, each then building the {c.indexes} indexes of "
                f"its tables (no foreign-key checks), in {c.seconds:.1f} s (COPY {c.copy_s:.1f} s, "
                f"indexes {c.index_s:.1f} s, slowest connection); rolled back"
            ),
        }
    }


if __name__ == "__main__":
    print(json.dumps(measure_ceiling(sys.argv[1]), ensure_ascii=False, indent=2))
