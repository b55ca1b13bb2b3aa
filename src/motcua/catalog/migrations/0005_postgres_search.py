"""PostgreSQL only: the pg_trgm and unaccent extensions and trigram indexes for public search.

Both extensions are "trusted" since PostgreSQL 13, so the database owner may create them. On
SQLite nothing happens: search falls back to matching the folded text (`catalog.search`).
"""

from django.db import migrations

INDEXES = {
    "catalog_procedure_search_trgm": "search_folded",
    "catalog_procedure_name_trgm": "name_folded",
}


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON catalog_procedure USING gin ({column} gin_trgm_ops)"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0004_drop_legacy_fields"),
    ]

    operations = [migrations.RunPython(forward, backward)]
