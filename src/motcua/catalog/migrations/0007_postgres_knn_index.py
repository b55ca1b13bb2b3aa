"""PostgreSQL only: a GiST trigram index so typo-tolerant search finds the nearest names quickly.

``ORDER BY query <<-> search_folded`` (word-similarity distance) walks this index nearest-first
instead of scoring every candidate (`catalog.search`). Nothing happens on SQLite.
"""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS catalog_procedure_search_gist "
        "ON catalog_procedure USING gist (search_folded gist_trgm_ops)"
    )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS catalog_procedure_search_gist")


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0006_procedure_name_index"),
    ]

    operations = [migrations.RunPython(forward, backward)]
