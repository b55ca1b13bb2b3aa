"""Checking a model instance's values before it is saved, without a query per check."""

from __future__ import annotations

from django.db import models


def check_values(instance: models.Model, *, exclude: tuple[str, ...] = ()) -> None:
    """Validate the instance's own values (lengths, choices, blanks, formats); raise ValidationError.

    `full_clean` would also look up every foreign key and test every unique and check constraint
    with one query each. The services that call this loaded the related rows themselves and leave
    uniqueness and constraints to the database, which enforces them in the same transaction; on the
    busiest writes (intake) those lookups were a fifth of the statements. `exclude` names fields
    the system fills in itself afterwards (an intake's code, issued last).
    """
    related = [f.name for f in instance._meta.concrete_fields if f.is_relation]
    instance.full_clean(exclude=[*related, *exclude], validate_unique=False, validate_constraints=False)
