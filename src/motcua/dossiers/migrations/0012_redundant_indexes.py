"""Drop indexes that another index already serves; every index is written on every intake.

`competent_agency_id`, `receiving_centre_id` and `applicant_id` each lead a composite index
(dossier_agency_status_due, dossier_centre_status, dossier_applicant_recent), an event's
`dossier_id` leads dossier_event_seq_unique, and `province_code` holds one value per installation.
Only the indexes go: the foreign-key constraints stay as they are (Django's own AlterField would
drop and re-check them, scanning every row of the two largest tables).
"""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion

# (table, column, index name as migration 0001 created it)
INDEXES = [
    ("dossiers_dossier", "applicant_id", "dossiers_dossier_applicant_id_3ba18564"),
    ("dossiers_dossier", "competent_agency_id", "dossiers_dossier_competent_agency_id_a13707a3"),
    ("dossiers_dossier", "receiving_centre_id", "dossiers_dossier_receiving_centre_id_a00fba69"),
    ("dossiers_dossier", "province_code", "dossiers_dossier_province_code_405b0a03"),
    ("dossiers_dossierevent", "dossier_id", "dossiers_dossierevent_dossier_id_90237d93"),
]


def drop(apps, schema_editor):
    for _table, _column, name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}_like"')


def create(apps, schema_editor):
    for table, column, name in INDEXES:
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ("{column}")')
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'CREATE INDEX IF NOT EXISTS "dossiers_dossier_province_code_405b0a03_like" '
            'ON "dossiers_dossier" ("province_code" varchar_pattern_ops)'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0011_intake_request"),
        ("organisations", "0002_reference_revision_triggers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop, create)],
            state_operations=[
                migrations.AlterField(
                    model_name="dossier",
                    name="applicant",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="dossiers",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="tài khoản người nộp",
                    ),
                ),
                migrations.AlterField(
                    model_name="dossier",
                    name="competent_agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="dossiers",
                        to="organisations.agency",
                        verbose_name="cơ quan giải quyết",
                    ),
                ),
                migrations.AlterField(
                    model_name="dossier",
                    name="province_code",
                    field=models.CharField(max_length=4),
                ),
                migrations.AlterField(
                    model_name="dossier",
                    name="receiving_centre",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="received_dossiers",
                        to="organisations.servicecentre",
                        verbose_name="nơi tiếp nhận",
                    ),
                ),
                migrations.AlterField(
                    model_name="dossierevent",
                    name="dossier",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="events",
                        to="dossiers.dossier",
                    ),
                ),
            ],
        )
    ]
