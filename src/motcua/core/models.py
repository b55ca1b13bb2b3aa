"""The kernel's one table: the revision of the reference data (`core.revision`)."""

from __future__ import annotations

from django.db import models


class ReferenceRevision(models.Model):
    """A single row whose token changes with every write to the reference data (database triggers)."""

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = "reference revision"

    def __str__(self) -> str:
        return self.token
