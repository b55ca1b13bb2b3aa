"""The API keeps no tables of its own: idempotent intake is `dossiers.IntakeRequest`."""
