"""Database plumbing of the load-data generator (`load.py`): COPY streams, indexes set aside, upserts.

Rows are built by the generator as lines of PostgreSQL's COPY text format (tab-separated, `\\N` for
NULL). On PostgreSQL a writer thread streams them with `COPY … FROM STDIN` on the raw psycopg
connection while the generator builds the next chunk, so Python and the database backend work on
the two cores at once. On SQLite (the quick start) the same lines are parsed back into tuples and
inserted with `executemany`, for small loads only.

A bulk load into (nearly) empty tables sets their secondary indexes, unique and foreign-key
constraints aside and rebuilds them afterwards, all inside the load's transaction: building an
index once is several times cheaper than maintaining it row by row, and a rebuilt unique or foreign
key constraint is checked over every row, so nothing is skipped. If the load fails, the transaction
rolls back and the definitions are back as they were. Nothing is disabled permanently.
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db import connection, models

NULL = "\\N"


def copy_text(value: str) -> str:
    """Escape a text value for the COPY text format."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def copy_value(value: Any) -> str:
    """Render one Python value as a COPY text field."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dict | list):
        return copy_text(json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    if isinstance(value, datetime):
        return value.isoformat()
    return copy_text(str(value))


def _unescape(value: str) -> str:
    if "\\" not in value:
        return value
    out, i = [], 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append({"t": "\t", "n": "\n", "r": "\r"}.get(nxt, nxt))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


class SchemaMismatch(RuntimeError):
    """The generator does not know how to fill a column the model now has (or lost one it fills)."""


@dataclass(frozen=True)
class TableSpec:
    """A table the generator writes: the columns it fills, in order, then constant defaults."""

    model: type[models.Model]
    columns: tuple[str, ...]
    suffix: str  # "\t…" constant fields appended to each generated line, for columns set by default
    datetime_columns: frozenset[str] = frozenset()
    bool_columns: frozenset[str] = frozenset()

    @property
    def table(self) -> str:
        return str(self.model._meta.db_table)


def table_spec(model: type[models.Model], known: Sequence[str]) -> TableSpec:
    """Return the write spec of a model for the generator's columns, adding defaults for the others.

    The other engineers keep adding fields; a new nullable field or one with a default is filled
    with its default, and anything else stops the load with a clear message instead of a COPY error.
    """
    fields = {f.column: f for f in model._meta.concrete_fields}
    missing = [c for c in known if c not in fields]
    if missing:
        raise SchemaMismatch(f"{model.__name__} has no column(s) {', '.join(missing)}; update demo/load.py")
    extras: list[str] = []
    suffix = []
    for column, f in fields.items():
        if column in known:
            continue
        if f.has_default():
            value = f.get_default()
        elif f.null:
            value = None
        else:
            raise SchemaMismatch(
                f"{model.__name__}.{f.name} is required and has no default; demo/load.py must fill it"
            )
        extras.append(column)
        suffix.append("\t" + copy_value(value))
    columns = (*known, *extras)
    return TableSpec(
        model=model,
        columns=columns,
        suffix="".join(suffix),
        datetime_columns=frozenset(c for c in columns if isinstance(fields[c], models.DateTimeField)),
        bool_columns=frozenset(c for c in columns if isinstance(fields[c], models.BooleanField)),
    )


class Sink:
    """Where generated lines go."""

    def write(self, spec: TableSpec, text: str) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


class PostgresCopySink(Sink):
    """Stream COPY text to PostgreSQL from a writer thread, one COPY statement per chunk and table.

    The thread uses the raw psycopg connection of Django's connection (same transaction); the
    caller must not run other queries until `close()` returns. At most `depth` chunks wait in the
    queue, which bounds memory.
    """

    def __init__(self, depth: int = 3) -> None:
        connection.ensure_connection()
        self._raw = connection.connection
        self._queue: queue.Queue[tuple[TableSpec, str] | None] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="load-copy", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        cursor = self._raw.cursor()
        while True:
            item = self._queue.get()
            if item is None:
                return
            if self._error is not None:
                continue  # drain after a failure
            spec, text = item
            try:
                columns = ", ".join(connection.ops.quote_name(c) for c in spec.columns)
                table = connection.ops.quote_name(spec.table)
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    copy.write(text.encode("utf-8"))
            except BaseException as exc:
                self._error = exc

    def write(self, spec: TableSpec, text: str) -> None:
        if self._error is not None:
            self.close()
        if text:
            self._queue.put((spec, text))

    def close(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        if self._error is not None:
            raise self._error


class SqliteSink(Sink):
    """Insert generated lines with executemany (the quick start's SQLite; small loads only)."""

    def write(self, spec: TableSpec, text: str) -> None:
        if not text:
            return
        positions_dt = [i for i, c in enumerate(spec.columns) if c in spec.datetime_columns]
        positions_bool = [i for i, c in enumerate(spec.columns) if c in spec.bool_columns]
        rows = []
        for line in text.split("\n"):
            if not line:
                continue
            values: list[Any] = [None if v == NULL else _unescape(v) for v in line.split("\t")]
            for i in positions_dt:
                if values[i] is not None:
                    stamp = datetime.fromisoformat(values[i]).astimezone(UTC)
                    values[i] = stamp.strftime("%Y-%m-%d %H:%M:%S.%f")
            for i in positions_bool:
                if values[i] is not None:
                    values[i] = 1 if values[i] == "t" else 0
            rows.append(values)
        columns = ", ".join(connection.ops.quote_name(c) for c in spec.columns)
        marks = ", ".join("%s" for _ in spec.columns)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {connection.ops.quote_name(spec.table)} ({columns}) VALUES ({marks})",  # noqa: S608
                rows,
            )

    def close(self) -> None:
        return None


# -- PostgreSQL: ids, locks, indexes set aside ---------------------------------------------------


def lock_tables(tables: Iterable[str]) -> None:
    """Keep other writers out of the tables for the load (readers still read the old rows)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"LOCK TABLE {connection.ops.quote_name(table)} IN SHARE ROW EXCLUSIVE MODE")


def next_ids(table: str) -> int:
    """Return the first free id of a table: past both its rows and its id sequence."""
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {quoted}")  # noqa: S608
        highest = int(cursor.fetchone()[0])
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            if sequence:
                cursor.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608
                last, called = cursor.fetchone()
                highest = max(highest, int(last) if called else int(last) - 1)
    return highest + 1


def reset_id_sequences(tables: Iterable[str]) -> None:
    """Move each table's id sequence past the ids the load wrote (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables:
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE(MAX(id), 0) + 1, false) "  # noqa: S608
                f"FROM {quoted}",
                [table],
            )


@dataclass
class SetAside:
    """Indexes and constraints removed for a bulk load, with the statements that restore them."""

    restore: list[str] = field(default_factory=list)


def set_aside_indexes(tables: Sequence[str]) -> SetAside:
    """Drop the secondary indexes, unique and foreign-key constraints of the tables (PostgreSQL).

    Primary keys and check constraints stay. Returns the exact definitions to restore, in the order
    indexes → unique constraints → foreign keys.
    """
    fk_drops: list[str] = []
    other_drops: list[str] = []
    indexes: list[str] = []
    uniques: list[str] = []
    foreign: list[str] = []
    with connection.cursor() as cursor:
        for table in tables:
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype IN ('f', 'u') ORDER BY contype, conname",
                [table],
            )
            for name, kind, definition in cursor.fetchall():
                constraint = connection.ops.quote_name(name)
                (foreign if kind == "f" else uniques).append(
                    f"ALTER TABLE {quoted} ADD CONSTRAINT {constraint} {definition}"
                )
                (fk_drops if kind == "f" else other_drops).append(
                    f"ALTER TABLE {quoted} DROP CONSTRAINT {constraint}"
                )
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid "
                "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
                "ORDER BY i.relname",
                [table],
            )
            for name, definition in cursor.fetchall():
                indexes.append(definition)
                other_drops.append(f"DROP INDEX {connection.ops.quote_name(name)}")
        # Foreign-key checks of rows written earlier in this transaction (e.g. the demo seed) are
        # deferred; PostgreSQL refuses ALTER TABLE while they are pending, so run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for statement in (*fk_drops, *other_drops):
            cursor.execute(statement)
    return SetAside(restore=[*indexes, *uniques, *foreign])


def restore_indexes(aside: SetAside) -> None:
    """Rebuild what `set_aside_indexes` removed; unique and foreign keys are checked over all rows."""
    with connection.cursor() as cursor:
        for statement in aside.restore:
            cursor.execute(statement)


def tune_session_for_load() -> None:
    """Transaction-local settings that make index builds and the load itself cheaper (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SET LOCAL work_mem = '64MB'")


def analyze(tables: Iterable[str]) -> None:
    """Refresh the planner statistics of the loaded tables."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


# -- counters and code sequences -----------------------------------------------------------------


def add_to_counters(
    *,
    table: str,
    key_columns: Sequence[str],
    count_columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
) -> None:
    """Add counts to a counter table: new keys are inserted, existing ones incremented.

    PostgreSQL: the rows are copied into a temporary table and merged with one INSERT … SELECT …
    ON CONFLICT DO UPDATE. SQLite: one upsert per row.
    """
    if not rows:
        return
    qn = connection.ops.quote_name
    quoted = qn(table)
    columns = [*key_columns, *count_columns]
    column_list = ", ".join(qn(c) for c in columns)
    updates = ", ".join(f"{qn(c)} = {quoted}.{qn(c)} + excluded.{qn(c)}" for c in count_columns)
    conflict = ", ".join(qn(c) for c in key_columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            scratch = qn(f"load_{table}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {scratch} ON COMMIT DROP AS "  # noqa: S608
                f"SELECT {column_list} FROM {quoted} WITH NO DATA"
            )
            text = "".join("\t".join(copy_value(v) for v in row) + "\n" for row in rows)
            with cursor.cursor.copy(f"COPY {scratch} ({column_list}) FROM STDIN") as copy:
                copy.write(text.encode("utf-8"))
            cursor.execute(
                f"INSERT INTO {quoted} ({column_list}) SELECT {column_list} FROM {scratch} "  # noqa: S608
                f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
            )
            cursor.execute(f"DROP TABLE {scratch}")
            return
        marks = ", ".join("%s" for _ in columns)
        cursor.executemany(
            f"INSERT INTO {quoted} ({column_list}) VALUES ({marks}) "  # noqa: S608
            f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}",
            [list(row) for row in rows],
        )


def raise_sequences(*, table: str, rows: Sequence[tuple[str, Any, int]]) -> None:
    """Make each (prefix, day) code sequence at least the highest number the load used."""
    if not rows:
        return
    quoted = connection.ops.quote_name(table)
    greatest = "MAX" if connection.vendor == "sqlite" else "GREATEST"
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quoted} (prefix, day, last) VALUES (%s, %s, %s) "  # noqa: S608
            f"ON CONFLICT (prefix, day) DO UPDATE SET last = {greatest}({quoted}.last, excluded.last)",
            [list(row) for row in rows],
        )
