"""Reads of payments, each scoped to what the reader may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Payment, PaymentNotification


def get_payment_for_user(*, user: Any, txn_ref: str) -> Payment:
    """Return a payment the user may see, by reference; raise Payment.DoesNotExist otherwise."""
    return Payment.objects.visible_to(user).get(txn_ref=txn_ref)


def get_paid_payment_for_user(*, user: Any, txn_ref: str) -> Payment:
    """Return a paid payment of the user (one with a receipt); raise Payment.DoesNotExist otherwise."""
    return Payment.objects.visible_to(user).paid().get(txn_ref=txn_ref)


def list_payments_for_user(*, user: Any, dossier_code: str) -> QuerySet[Payment]:
    """Return the user's payments for one dossier, newest first."""
    return Payment.objects.visible_to(user).for_dossier(dossier_code).order_by("-created_at")


def list_payments_of_dossier(*, dossier_code: str) -> QuerySet[Payment]:
    """Return every payment of a dossier, newest first.

    Not scoped by user: call it only with the code of a dossier the reader fetched through the
    dossiers' scoped selector (`dossiers.selectors.get_dossier_for_user`).
    """
    return Payment.objects.for_dossier(dossier_code).order_by("-created_at")


def has_paid_obligation(*, dossier_code: str, obligation_ref: str) -> bool:
    """Return whether one financial obligation of a dossier already has a paid payment."""
    return Payment.objects.for_dossier(dossier_code).paid().filter(obligation_ref=obligation_ref).exists()


def list_notifications(*, payment: Payment) -> QuerySet[PaymentNotification]:
    """Return the gateway messages about a payment, oldest first."""
    return PaymentNotification.objects.filter(payment=payment).order_by("received_at", "pk")
