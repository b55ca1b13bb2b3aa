"""The reference revision row and the trigger function that moves it (core.revision)."""

from django.db import migrations, models

from motcua.core import revision


def forward(apps, schema_editor):
    apps.get_model("core", "ReferenceRevision").objects.create(id=1, token=revision.new_token())
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(revision.POSTGRES_FUNCTION, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {revision.FUNCTION}()", params=None)


class Migration(migrations.Migration):
    initial = True
    operations = [
        migrations.CreateModel(
            name="ReferenceRevision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=32)),
            ],
            options={"verbose_name": "reference revision"},
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
