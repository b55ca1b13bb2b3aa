"""Every write to an organisations table moves the reference revision (core.revision): agencies,
service centres and staff positions are read from a process cache kept under that revision."""

from django.db import migrations

from motcua.core import revision

TABLES = [
    "organisations_administrativeunit",
    "organisations_agency",
    "organisations_position",
    "organisations_receptionpoint",
    "organisations_servicecentre",
]


def forward(apps, schema_editor):
    revision.install_triggers(schema_editor, TABLES)


def backward(apps, schema_editor):
    revision.remove_triggers(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial"), ("core", "0001_reference_revision")]
    operations = [migrations.RunPython(forward, backward, elidable=False)]
