"""Make the gateway notification log append-only in the database (design rule 5).

PostgreSQL and SQLite triggers reject every UPDATE and DELETE on payments_paymentnotification, so
what a gateway said about a payment cannot be edited through the application, the admin or stray
SQL. TRUNCATE (used by test isolation) is left to database privileges, as for the dossier events.
"""

from django.db import migrations

TABLE = "payments_paymentnotification"

POSTGRES_FORWARD = f"""
CREATE OR REPLACE FUNCTION motcua_payment_notification_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'payment notifications are append-only (% refused)', TG_OP USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER paymentnotification_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION motcua_payment_notification_append_only();
"""
POSTGRES_BACKWARD = f"""
DROP TRIGGER IF EXISTS paymentnotification_append_only ON {TABLE};
DROP FUNCTION IF EXISTS motcua_payment_notification_append_only();
"""
SQLITE_FORWARD = [
    f"CREATE TRIGGER paymentnotification_no_update BEFORE UPDATE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'payment notifications are append-only (UPDATE refused)'); END;",
    f"CREATE TRIGGER paymentnotification_no_delete BEFORE DELETE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'payment notifications are append-only (DELETE refused)'); END;",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS paymentnotification_no_update;",
    "DROP TRIGGER IF EXISTS paymentnotification_no_delete;",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]
    operations = [migrations.RunPython(forward, backward, elidable=False)]
