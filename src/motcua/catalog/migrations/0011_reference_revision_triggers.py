"""Every write to a catalog table moves the reference revision (core.revision), so the caches of
procedure versions read by intake see a change the moment it commits, in every process."""

from django.db import migrations

from motcua.core import revision

TABLES = [
    "catalog_decision",
    "catalog_fee",
    "catalog_formfield",
    "catalog_legalbasis",
    "catalog_procedure",
    "catalog_procedurecode",
    "catalog_procedureversion",
    "catalog_procedureversion_competent_agencies",
    "catalog_procedureversion_coordinating_agencies",
    "catalog_process",
    "catalog_processapproval",
    "catalog_processmove",
    "catalog_processstep",
    "catalog_requiredpaper",
    "catalog_resulttype",
    "catalog_sector",
    "catalog_timecut",
]


def forward(apps, schema_editor):
    revision.install_triggers(schema_editor, TABLES)


def backward(apps, schema_editor):
    revision.remove_triggers(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0010_order_by_parent_id"), ("core", "0001_reference_revision")]
    operations = [migrations.RunPython(forward, backward, elidable=False)]
