"""Idempotent API intake moves from the api app to the dossiers: the key's row is written with the
dossier (one statement). Rows of the api app's IdempotencyRecord are carried over."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def carry_over(apps, schema_editor):
    old = apps.get_model("api", "IdempotencyRecord")
    new = apps.get_model("dossiers", "IntakeRequest")
    dossiers = apps.get_model("dossiers", "Dossier")
    for record in old.objects.all().iterator():
        dossier = dossiers.objects.filter(code=(record.response or {}).get("code", "")).first()
        if dossier is not None:
            new.objects.create(
                user_id=record.user_id,
                key=record.key,
                request_hash=record.request_hash,
                dossier=dossier,
                receipt=record.response,
                created_at=record.created_at,
            )


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0010_national_portal_code'),
        ('api', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='IntakeRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=120)),
                ('request_hash', models.CharField(max_length=64)),
                ('receipt', models.JSONField(help_text='Mã hồ sơ, trạng thái, thời điểm bắt đầu tính và hẹn trả đã trả lời')),
                ('created_at', models.DateTimeField()),
                ('dossier', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='dossiers.dossier')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'yêu cầu tiếp nhận qua API',
                'verbose_name_plural': 'yêu cầu tiếp nhận qua API',
                'constraints': [models.UniqueConstraint(fields=('user', 'key'), name='intake_request_user_key_unique')],
            },
        ),
        migrations.RunPython(carry_over, migrations.RunPython.noop),
    ]
