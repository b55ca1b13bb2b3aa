"""The revision of the reference data: one token that changes with every write to it.

Reference data are the tables that change seldom and are read on every busy request: the
procedure catalog (versions, papers, processes), the organisations (agencies, service centres,
staff positions) and the working calendar. A database trigger on each of those tables (PostgreSQL:
once per statement, including TRUNCATE; SQLite: once per row) replaces the token of the single
`core_referencerevision` row with a new random one, inside the writing transaction, so:

* another process sees the new token exactly when the change commits, never before;
* a change rolled back leaves the old token, and its random replacement is never seen again;
* bulk writes, `QuerySet.update()` and raw SQL move it as surely as `save()` does.

Readers keep what they build from those tables in a process cache under the token they read
(`cached`); reading the token is one indexed single-row query. `pinned()` reads it once for a
block of work (an intake) so every cached read inside uses the same token. When the row is
missing (a test database flushed between tests) nothing is cached.

The migrations of `catalog`, `organisations` and `workdays` install the triggers with
`install_triggers`; a test checks that every table of those apps has one.
"""

from __future__ import annotations

import contextvars
import hashlib
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import connection

T = TypeVar("T")

TABLE = "core_referencerevision"
FUNCTION = "motcua_reference_changed"
REFERENCE_APPS = ("catalog", "organisations", "workdays")

_pinned: contextvars.ContextVar[str | None] = contextvars.ContextVar("motcua_reference_token", default=None)


def new_token() -> str:
    return secrets.token_hex(16)


def ensure_row() -> None:
    """Create the revision row when it is missing (a test database emptied between tests)."""
    from .models import ReferenceRevision

    ReferenceRevision.objects.get_or_create(id=1, defaults={"token": new_token()})


def _read() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {TABLE} WHERE id = 1")  # noqa: S608 - a constant
        row = cursor.fetchone()
    return str(row[0]) if row else None


def current() -> str | None:
    """Return the token of the reference data now (the pinned one inside `pinned()`), or None."""
    token = _pinned.get()
    return token if token is not None else _read()


@contextmanager
def pinned() -> Iterator[str | None]:
    """Read the token once for the block: cached reads inside all use it (and cost no query).

    For work that reads reference data and does not change it (receiving a dossier).
    """
    outer = _pinned.get()
    if outer is not None:
        yield outer
        return
    token = _read()
    reset = _pinned.set(token)
    try:
        yield token
    finally:
        _pinned.reset(reset)


class TokenCache:
    """Values built from the reference data, kept while the token stays the same.

    Entries of an older token are dropped as soon as a newer token is seen; at most `size`
    entries are kept. Thread-safe; the values are shared, so callers treat them as read-only.
    """

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._token: str | None = None
        self._values: dict[Any, Any] = {}
        self._lock = threading.Lock()

    def get(self, key: Any, build: Callable[[], T]) -> T:
        token = current()
        if token is None:
            return build()
        with self._lock:
            if token == self._token and key in self._values:
                return self._values[key]  # type: ignore[no-any-return]
        value = build()
        with self._lock:
            if token != self._token:
                self._token, self._values = token, {}
            if len(self._values) >= self._size:
                self._values.clear()
            self._values[key] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._token, self._values = None, {}


# -- triggers (called by migrations) --------------------------------------------------------------

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION motcua_reference_changed() RETURNS trigger AS $$
BEGIN
    UPDATE core_referencerevision SET token = md5(random()::text || clock_timestamp()::text) WHERE id = 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""
SQLITE_BODY = "BEGIN UPDATE core_referencerevision SET token = lower(hex(randomblob(16))) WHERE id = 1; END"


def trigger_name(table: str) -> str:
    """The trigger's name on `table`: at most 63 characters, PostgreSQL's limit for a name."""
    name = f"{table}_reference_revision"
    if len(name) > 63:
        digest = hashlib.md5(table.encode(), usedforsecurity=False).hexdigest()[:8]
        name = f"{table[:35]}_{digest}_reference_revision"
    return name


def install_triggers(schema_editor: Any, tables: list[str]) -> None:
    """Make every write to `tables` move the reference token (PostgreSQL and SQLite)."""
    vendor = schema_editor.connection.vendor
    quote = schema_editor.connection.ops.quote_name
    for table in tables:
        name = trigger_name(table)
        if vendor == "postgresql":
            schema_editor.execute(
                f"CREATE TRIGGER {quote(name)} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {quote(table)} FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
            )
        elif vendor == "sqlite":
            for op in ("INSERT", "UPDATE", "DELETE"):
                each = quote(f"{name}_{op.lower()}")
                schema_editor.execute(f"CREATE TRIGGER {each} AFTER {op} ON {quote(table)} {SQLITE_BODY}")


def remove_triggers(schema_editor: Any, tables: list[str]) -> None:
    vendor = schema_editor.connection.vendor
    quote = schema_editor.connection.ops.quote_name
    for table in tables:
        name = trigger_name(table)
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {quote(name)} ON {quote(table)}")
        elif vendor == "sqlite":
            for op in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {quote(f'{name}_{op}')}")
