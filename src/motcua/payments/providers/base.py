"""The interface every payment gateway client implements.

A provider knows its wire protocol only: how to send the citizen to the gateway with a signed
order, how to read and verify what the gateway sends back (the browser return and the
server-to-server notification), and how to answer that notification. What the answer should be,
and what changes in MộtCửa, is decided by `payments.services` the same way for every provider.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import ClassVar


class Outcome(StrEnum):
    """What MộtCửa concluded from a server-to-server notification; each provider maps it to its answer."""

    CONFIRMED = "confirmed"
    ORDER_NOT_FOUND = "order_not_found"
    ALREADY_CONFIRMED = "already_confirmed"
    INVALID_AMOUNT = "invalid_amount"
    INVALID_SIGNATURE = "invalid_signature"
    ERROR = "error"


@dataclass(frozen=True)
class Checkout:
    """An order to send to the gateway: what to charge, for what, and where to come back."""

    txn_ref: str
    amount_vnd: int
    order_info: str
    return_url: str
    client_ip: str
    created_at: datetime
    expires_at: datetime
    locale: str = "vn"
    bank_code: str = ""


@dataclass(frozen=True)
class Callback:
    """What the gateway said about an order, after checking its signature.

    Fields other than `verified` and `raw` are meaningful only when `verified` is true.
    `amount_vnd` is None when the amount is malformed.
    """

    verified: bool
    txn_ref: str = ""
    merchant: str = ""
    amount_vnd: int | None = None
    is_success: bool = False
    response_code: str = ""
    transaction_status: str = ""
    transaction_no: str = ""
    bank_code: str = ""
    bank_transaction_no: str = ""
    card_type: str = ""
    paid_at: datetime | None = None
    raw: dict[str, str] = field(default_factory=dict)


class PaymentProvider(ABC):
    """A gateway client. Implementations read their configuration when built, not at import."""

    name: ClassVar[str]
    label: ClassVar[str]

    @abstractmethod
    def checkout_url(self, checkout: Checkout) -> str:
        """Return the signed address that takes the citizen to the gateway's payment page."""

    @abstractmethod
    def read_callback(self, params: Mapping[str, str]) -> Callback:
        """Verify and read the parameters of a browser return or a server-to-server notification."""

    @abstractmethod
    def acknowledge(self, outcome: Outcome) -> dict[str, str]:
        """Return the body that answers a server-to-server notification."""

    @abstractmethod
    def answer_code(self, outcome: Outcome) -> str:
        """Return the short code of that answer, kept in the notification log."""

    @abstractmethod
    def merchant_id(self) -> str:
        """Return the merchant (terminal) identifier this deployment uses at the gateway."""

    @abstractmethod
    def describe_response(self, response_code: str) -> str:
        """Return a short Vietnamese explanation of a gateway result code, for the citizen."""
