"""Reads the ORM compiles once per process and database, run again with new values.

Building a statement from a queryset costs more than running it for the small reads every busy
request makes (an API token, the public lookup, an officer's queues). `Compiled` builds the
queryset once with *markers* — placeholder values that stand for the real ones, chosen so that no
real value equals them — and keeps the SQL text; each call puts the real values wherever the
markers were and applies the columns' converters as the ORM would, so the rows are the same
tuples `values_list` returns.

The queryset must be a `values_list` whose markers reach the statement as parameters (plain
comparisons: `field=marker`); a marker it does not use is fine. When a marker is changed on the
way (a database that converts it, as SQLite turns a datetime into text) or the queryset can match
nothing, the read simply runs the queryset through the ORM each time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

_Entry = tuple[str, tuple[Any, ...], dict[int, int], dict[int, tuple[list[Any], Any]]] | None


def _other(marker: Any) -> Any:
    """Another marker of the same type (to tell where a marker lands in the statement)."""
    if isinstance(marker, str):
        return marker + "\x01"
    if isinstance(marker, int):
        return marker - 1
    return marker + timedelta(seconds=1)  # datetimes and dates


class Compiled:
    """A `values_list` read compiled once; `rows(*values)` runs it with the values for the markers."""

    def __init__(
        self, build: Callable[..., QuerySet[Any, Any]], *markers: Any, plan_each_time: bool = False
    ) -> None:
        """`plan_each_time`: PostgreSQL plans the statement for each call's values instead of
        keeping it prepared. For reads whose best plan depends on the values (an officer's queues:
        which agency, how many open dossiers): once a connection has prepared a statement,
        PostgreSQL may switch it to a generic plan that ignores the values, and for the worklist
        that plan was 20 to 60 times slower (measured at 1,000,000 dossiers)."""
        self._build = build
        self._markers = markers
        self._plan_each_time = plan_each_time
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def _compile(self, alias: str) -> _Entry:
        """Build the statement twice, with the markers and with other markers: the parameters that
        differ must be exactly where the markers are (a marker the statement does not use changes
        nothing); otherwise the ORM runs the queryset each time."""
        try:
            compiler = self._build(*self._markers).query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            other_sql, other_params = (
                self._build(*(_other(m) for m in self._markers)).query.get_compiler(using=alias).as_sql()
            )
        except EmptyResultSet:
            return None
        if other_sql != sql or len(other_params) != len(params):
            return None
        slots: dict[int, int] = {}
        for j, (p, q) in enumerate(zip(params, other_params, strict=True)):
            if p == q and type(p) is type(q):
                continue
            at = next((i for i, m in enumerate(self._markers) if type(p) is type(m) and p == m), None)
            if at is None or not (type(q) is type(p) and q == _other(self._markers[at])):
                return None
            slots[j] = at
        columns = [s[0] for s in compiler.select[0 : compiler.col_count]]
        converters = compiler.get_converters(columns)
        return sql, tuple(params), slots, converters

    def rows(self, *values: Any, using: str = DEFAULT_DB_ALIAS) -> list[tuple[Any, ...]]:
        if using not in self._entries:
            compiled = self._compile(using)
            with self._lock:
                self._entries[using] = compiled
        entry = self._entries[using]
        if entry is None:
            return [tuple(row) for row in self._build(*values).using(using)]
        sql, params, slots, converters = entry
        connection = connections[using]
        bound = [values[slots[j]] if j in slots else p for j, p in enumerate(params)]
        with connection.cursor() as cursor:
            if self._plan_each_time and connection.vendor == "postgresql":
                with connection.execute_wrapper(_unprepared):
                    cursor.execute(sql, bound)
            else:
                cursor.execute(sql, bound)
            fetched = cursor.fetchall()
        if not converters:
            return [tuple(row) for row in fetched]
        result = []
        for row in fetched:
            values_ = list(row)
            for position, (functions, expression) in converters.items():
                value = values_[position]
                for function in functions:
                    value = function(value, expression, connection)
                values_[position] = value
            result.append(tuple(values_))
        return result


def _unprepared(execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    """Run the statement as psycopg's unnamed statement: planned for these values, never prepared."""
    return context["cursor"].cursor.execute(sql, params, prepare=False)
