"""Every version gets the set of agencies that handle it; existing versions: their one agency."""

from typing import Any

from django.db import migrations, models


def fill_competent_agencies(apps: Any, schema_editor: Any) -> None:
    """Put each version's lead agency in its set (the only agency a version had so far)."""
    version_model = apps.get_model("catalog", "ProcedureVersion")
    through = version_model.competent_agencies.through
    rows = version_model.objects.values_list("pk", "competent_agency_id")
    through.objects.bulk_create(
        [through(procedureversion_id=pk, agency_id=agency_id) for pk, agency_id in rows.iterator()],
        batch_size=2000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0008_form_fields"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="procedureversion",
            name="competent_agencies",
            field=models.ManyToManyField(
                blank=True,
                help_text="Các cơ quan cùng giải quyết thủ tục theo phiên bản này, gồm cả cơ quan chủ trì",
                related_name="competent_for_versions",
                to="organisations.agency",
                verbose_name="các cơ quan có thẩm quyền",
            ),
        ),
        migrations.RunPython(fill_competent_agencies, migrations.RunPython.noop, elidable=True),
    ]
