"""Indexes for the officers' queues on large databases (measured: `make bench`, 1,000,000 dossiers).

An officer's queues select open dossiers by the agency doing the work now,
``COALESCE(handling_agency_id, competent_agency_id)`` (the transfer's recipient, else the competent
agency; `worklists.my_steps`), then by step and step due instant. This migration adds, on
PostgreSQL:

* a partial covering index over open dossiers only (statuses other than 3, 7, 8, 10, the
  `transitions.CLOSED` set — a few percent of all rows), keyed by that working agency and the step
  due instant, carrying the columns the queue filters read, so counts are index-only scans and the
  100 most urgent rows are found without touching the heap;
* expression statistics on the working agency, because PostgreSQL keeps no statistics for the
  expression of a partial index and would otherwise misjudge how many rows an agency has.

The index and statistics are SQL-only (like the triggers of 0002), so the model state is unchanged;
SQLite (the quick start) does not need them.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    """
    CREATE INDEX IF NOT EXISTS dossier_open_working_step ON dossiers_dossier
        (COALESCE(handling_agency_id, competent_agency_id), step_due_at, submitted_at)
        INCLUDE (current_step_id, competent_agency_id, handling_agency_id, status, due_at, id)
        WHERE NOT (status IN (3, 7, 8, 10))
    """,
    """
    CREATE STATISTICS IF NOT EXISTS dossier_working_agency_stats
        ON (COALESCE(handling_agency_id, competent_agency_id)) FROM dossiers_dossier
    """,
    "ANALYZE dossiers_dossier",
]
POSTGRES_BACKWARD = [
    "DROP STATISTICS IF EXISTS dossier_working_agency_stats",
    "DROP INDEX IF EXISTS dossier_open_working_step",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_FORWARD:
            schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_BACKWARD:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0006_consultations_transfers")]
    operations = [migrations.RunPython(forward, backward, elidable=False)]
