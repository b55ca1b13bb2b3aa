"""Every write to the calendar's tables moves the reference revision (core.revision), which tells
each process when to rebuild its working calendar."""

from django.db import migrations

from motcua.core import revision

TABLES = ["workdays_calendaroverride", "workdays_officehours"]


def forward(apps, schema_editor):
    revision.install_triggers(schema_editor, TABLES)


def backward(apps, schema_editor):
    revision.remove_triggers(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [("workdays", "0002_seed_calendar"), ("core", "0001_reference_revision")]
    operations = [migrations.RunPython(forward, backward, elidable=False)]
