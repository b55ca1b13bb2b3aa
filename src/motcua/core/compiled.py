"""Reads the ORM compiles once per process and database, run again with new values.

Building a statement from a queryset costs more than running it for the small reads every busy
request makes (an API token, the public lookup). `Compiled` builds the queryset once with
*markers* — placeholder values that stand for the real ones — and keeps the SQL text; each call
puts the real values where the markers were and applies the columns' converters as the ORM would,
so the rows are the same tuples `values_list` returns.

The queryset must be a `values_list` whose markers reach the statement as parameters (plain
comparisons: `field=marker`); compiling refuses one whose markers do not each appear exactly once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

_Entry = tuple[str, tuple[Any, ...], dict[int, int], dict[int, tuple[list[Any], Any]]]


class Compiled:
    """A `values_list` read compiled once; `rows(*values)` runs it with the values for the markers."""

    def __init__(self, build: Callable[..., QuerySet[Any, Any]], *markers: Any) -> None:
        self._build = build
        self._markers = markers
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def _compile(self, alias: str) -> _Entry:
        queryset = self._build(*self._markers)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        slots: dict[int, int] = {}
        for i, marker in enumerate(self._markers):
            found = [j for j, p in enumerate(params) if type(p) is type(marker) and p == marker]
            if len(found) != 1:
                raise ValueError(
                    f"marker {marker!r} appears {len(found)} times among the statement's parameters"
                )
            slots[found[0]] = i
        columns = [s[0] for s in compiler.select[0 : compiler.col_count]]
        converters = compiler.get_converters(columns)
        return sql, tuple(params), slots, converters

    def rows(self, *values: Any, using: str = DEFAULT_DB_ALIAS) -> list[tuple[Any, ...]]:
        entry = self._entries.get(using)
        if entry is None:
            entry = self._compile(using)
            with self._lock:
                self._entries[using] = entry
        sql, params, slots, converters = entry
        connection = connections[using]
        bound = [values[slots[j]] if j in slots else p for j, p in enumerate(params)]
        with connection.cursor() as cursor:
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
