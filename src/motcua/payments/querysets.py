"""Reusable filters over payments, including who may see which."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from .models import Payment  # noqa: F401


class PaymentQuerySet(models.QuerySet["Payment"]):
    def visible_to(self, user: Any) -> PaymentQuerySet:
        """Payments a user may see: a citizen their own; anyone else none.

        Officers see a dossier's payments through the dossier they already fetched with the
        dossiers' scoped selector (`for_dossier`), never by listing payments directly.
        """
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_citizen", False):
            return self.none()
        return self.filter(payer=user)

    def for_dossier(self, dossier_code: str) -> PaymentQuerySet:
        return self.filter(dossier_code=dossier_code)

    def paid(self) -> PaymentQuerySet:
        return self.filter(status="paid")

    def stale(self, *, at: datetime) -> PaymentQuerySet:
        """Pending payments whose time to pay ended before the instant."""
        return self.filter(status="pending", expires_at__lt=at)

    def not_recorded(self) -> PaymentQuerySet:
        """Paid payments whose dossier obligation has not been marked met (to reconcile or refund)."""
        return self.paid().filter(obligation_recorded_at__isnull=True)
