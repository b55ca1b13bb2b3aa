"""The idempotency records now live in dossiers.IntakeRequest (dossiers 0011 carried them over)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial"), ("dossiers", "0011_intake_request")]
    operations = [migrations.DeleteModel(name="IdempotencyRecord")]
