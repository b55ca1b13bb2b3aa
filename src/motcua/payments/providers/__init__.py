"""Payment gateway clients, looked up by name (the registry of providers)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.core.errors import NotAllowed

from .base import Callback, Checkout, Outcome, PaymentProvider
from .vnpay import VnpayConfig, VnpayProvider

__all__ = ["Callback", "Checkout", "Outcome", "PaymentProvider", "get_provider"]


def get_provider(name: str) -> PaymentProvider:
    """Return the configured client of a gateway; settings are read now, not at import."""
    if name == VnpayProvider.name:
        return VnpayProvider(VnpayConfig.from_settings())
    raise NotAllowed(_("Cổng thanh toán không được hỗ trợ."), code="unknown_provider")
