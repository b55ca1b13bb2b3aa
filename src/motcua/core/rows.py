"""Writing new rows with statements built once per model: the busiest writes (intake) use these.

`Model.save()` builds its INSERT statement anew on every call: on a model of forty columns that is
most of the cost of the write, more than the database's own work. Here the statement is built once
per model and database, the values are converted exactly as `save()` converts them
(`Field.pre_save`, then `Field.get_db_prep_save`) and the new primary key is set on the instance.

* `insert(instance)` writes one new row.
* `Batch` writes several new rows that may point at each other (a dossier, its paper, its first
  event, the due-date change that event caused) together with extra statements (counter
  increments). On PostgreSQL they go to the database as one statement of data-modifying `WITH`
  queries, so the transaction holds its row locks for one round trip instead of one per row;
  elsewhere (SQLite, the quick start) one statement per row, in order.

Both are `save()` for rows that do not exist yet: `pre_save` and `post_save` are sent as `save()`
sends them (`created=True`), and a model with a `save()` of its own is saved by that `save()`, so
nothing that listens for a save is ever skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, models, router
from django.db.models import signals

M = TypeVar("M", bound=models.Model)


def _uses_plain_save(model: type[models.Model]) -> bool:
    return model.save is models.Model.save


def _pre_save(instance: models.Model, alias: str) -> None:
    model = type(instance)
    if signals.pre_save.has_listeners(model):
        signals.pre_save.send(sender=model, instance=instance, raw=False, using=alias, update_fields=None)


def _post_save(instance: models.Model, alias: str) -> None:
    model = type(instance)
    if signals.post_save.has_listeners(model):
        signals.post_save.send(
            sender=model, instance=instance, created=True, update_fields=None, raw=False, using=alias
        )


def _fields(model: type[models.Model], *, with_pk: bool) -> tuple[models.Field[Any, Any], ...]:
    meta = model._meta
    return tuple(f for f in meta.local_concrete_fields if (with_pk or f is not meta.pk) and not f.generated)


def _related_ids(instance: models.Model) -> None:
    """Copy the primary key of related objects saved after they were assigned (as `save()` does)."""
    for f in instance._meta.concrete_fields:
        if f.is_relation and getattr(instance, f.attname) is None:
            related = f.get_cached_value(instance, None)  # type: ignore[attr-defined]
            if related is not None and related.pk is not None:
                setattr(instance, f.name, related)  # the id and the cached object, as save() does


def _mark_saved(instance: models.Model, alias: str) -> None:
    instance._state.adding = False
    instance._state.db = alias


_one_row: dict[tuple[type[models.Model], str, bool], tuple[str, tuple[Any, ...]]] = {}


def insert(instance: M, *, using: str | None = None) -> M:
    """INSERT the new `instance` and return it with its primary key set."""
    model = type(instance)
    if not _uses_plain_save(model):
        instance.save(force_insert=True, using=using)
        return instance
    alias = using or router.db_for_write(model, instance=instance)
    connection = connections[alias]
    pk = model._meta.pk
    with_pk = getattr(instance, pk.attname) is not None
    key = (model, alias, with_pk)
    entry = _one_row.get(key)
    if entry is None:
        fields = _fields(model, with_pk=with_pk)
        sql = _insert_sql(model, fields, ["%s"] * len(fields), alias)
        if connection.features.can_return_columns_from_insert:
            sql = f"{sql} {connection.ops.return_insert_columns([pk])[0]}"
        entry = _one_row[key] = (sql, fields)
    sql, fields = entry
    _pre_save(instance, alias)
    _related_ids(instance)
    params = [f.get_db_prep_save(f.pre_save(instance, True), connection=connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if with_pk:
            value = getattr(instance, pk.attname)
        elif connection.features.can_return_columns_from_insert:
            row = cursor.fetchone()
            value = _from_db(pk, row[0] if row else None, connection)
        else:
            value = _from_db(
                pk, connection.ops.last_insert_id(cursor, model._meta.db_table, pk.column), connection
            )
    setattr(instance, pk.attname, value)
    _mark_saved(instance, alias)
    _post_save(instance, alias)
    return instance


def _insert_sql(model: type[models.Model], fields: Sequence[Any], values: Sequence[str], alias: str) -> str:
    """The INSERT text of a model's columns; names come from model metadata, values are placeholders."""
    quote = connections[alias].ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({', '.join(values)})"  # noqa: S608


def _from_db(pk: Any, value: Any, connection: Any) -> Any:
    for converter in pk.get_db_converters(connection):
        value = converter(value, pk, connection)
    return value


@dataclass
class Batch:
    """New rows, and increments of other tables, written together in the order added.

    A row may point at a row added before it (`component.dossier = dossier`): on PostgreSQL the
    reference becomes the earlier row's `RETURNING` value inside the same statement. An extra
    statement is an INSERT or UPDATE text with `%s` parameters on a table of its own (`table`,
    e.g. a counter increment): one statement must not change a row twice, so each table takes
    one extra statement and none is a table the batch's rows go to. `write()` sets every new
    primary key, then calls the `then` callbacks.
    """

    using: str | None = None
    rows: list[models.Model] = field(default_factory=list)
    statements: list[tuple[str, list[Any]]] = field(default_factory=list)
    after: list[Callable[[], None]] = field(default_factory=list)
    _tables: set[str] = field(default_factory=set)

    def add(self, instance: M) -> M:
        self.rows.append(instance)
        return instance

    def add_statement(self, sql: str, params: Sequence[Any], *, table: str) -> None:
        if table in self._tables:
            raise ValueError(f"the batch already changes {table}")
        self._tables.add(table)
        self.statements.append((sql, list(params)))

    def then(self, callback: Callable[[], None]) -> None:
        """Run `callback` once the rows are written (e.g. work that needs their ids)."""
        self.after.append(callback)

    def write(self) -> None:
        if self.rows:
            alias = self.using or router.db_for_write(type(self.rows[0]), instance=self.rows[0])
        else:
            alias = self.using or DEFAULT_DB_ALIAS
        connection = connections[alias]
        if self._tables & {r._meta.db_table for r in self.rows}:
            raise ValueError("an extra statement changes a table the batch's rows go to")
        if (
            connection.vendor == "postgresql"
            and self.rows
            and all(_uses_plain_save(type(r)) for r in self.rows)
        ):
            self._write_one_statement(alias)
        else:
            for row in self.rows:
                insert(row, using=alias)
            with connection.cursor() as cursor:
                for sql, params in self.statements:
                    cursor.execute(sql, params)
        for callback in self.after:
            callback()

    # -- PostgreSQL: one statement ------------------------------------------------------------------

    def _write_one_statement(self, alias: str) -> None:
        connection = connections[alias]
        position = {id(row): i for i, row in enumerate(self.rows)}
        shape: list[Any] = []
        params: list[Any] = []
        plans: list[tuple[type[models.Model], tuple[Any, ...], tuple[int | None, ...], bool]] = []
        for i, row in enumerate(self.rows):
            model = type(row)
            pk = model._meta.pk
            with_pk = getattr(row, pk.attname) is not None
            fields = _fields(model, with_pk=with_pk)
            refs_: list[int | None] = []
            for f in fields:
                ref = None
                if f.is_relation and getattr(row, f.attname) is None:
                    related = f.get_cached_value(row, None)  # type: ignore[attr-defined]
                    if related is not None and related.pk is None:
                        ref = position.get(id(related))
                        if ref is None or ref >= i:
                            raise ValueError(
                                f"{model.__name__}.{f.name} points at a row not written before it"
                            )
                refs_.append(ref)
            plans.append((model, fields, tuple(refs_), with_pk))
            shape.append((model, with_pk, tuple(refs_)))
        shape.append(tuple(sql for sql, _ in self.statements))
        sql = _statement_sql(tuple(shape), plans, [s for s, _ in self.statements], alias)
        for row, (_model, fields, refs, _with_pk) in zip(self.rows, plans, strict=True):
            _pre_save(row, alias)
            _related_ids(row)
            for f, ref in zip(fields, refs, strict=True):
                if ref is None:
                    params.append(f.get_db_prep_save(f.pre_save(row, True), connection=connection))
        for _sql, extra in self.statements:
            params.extend(extra)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            returned = cursor.fetchone()
        if returned is None:
            raise RuntimeError("the batch statement returned no row")
        for row, value in zip(self.rows, returned, strict=True):
            pk = type(row)._meta.pk
            if getattr(row, pk.attname) is None:
                setattr(row, pk.attname, _from_db(pk, value, connection))
            _mark_saved(row, alias)
        for row in self.rows:  # rows pointing at rows written in this batch get their ids
            _related_ids(row)
        for row in self.rows:
            _post_save(row, alias)


_statements_sql: dict[tuple[Any, ...], str] = {}


def _statement_sql(
    shape: tuple[Any, ...],
    plans: list[tuple[type[models.Model], tuple[Any, ...], tuple[int | None, ...], bool]],
    extra: list[str],
    alias: str,
) -> str:
    key = (alias, shape)
    found = _statements_sql.get(key)
    if found is not None:
        return found
    quote = connections[alias].ops.quote_name
    parts = []
    for i, (model, fields, refs, _with_pk) in enumerate(plans):
        values = [f"(SELECT {quote('pk')} FROM r{ref})" if ref is not None else "%s" for ref in refs]  # noqa: S608
        pk = model._meta.pk
        insert_sql = _insert_sql(model, fields, values, alias)
        parts.append(f"r{i} AS ({insert_sql} RETURNING {quote(pk.column)} AS {quote('pk')})")
    for j, sql in enumerate(extra):
        parts.append(f"x{j} AS ({sql} RETURNING 1)")
    # every name comes from model metadata and every value is a placeholder
    select = ", ".join(f"(SELECT {quote('pk')} FROM r{i})" for i in range(len(plans)))  # noqa: S608
    found = _statements_sql[key] = f"WITH {', '.join(parts)} SELECT {select}"
    return found
