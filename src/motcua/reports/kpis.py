"""The dashboard's figures as plain values, and the rates computed from them (pure).

Definitions (domain.md §4.3, §11):
- received = accepted for processing (status 2) in the period, by channel: at the desk (1),
  online (2), by public post (3). Submitted-only (1) and refused-at-intake (3) dossiers are not
  workload; refusals are shown apart.
- resolved = the result is ready (status 9 or 10) in the period, classified by local date against
  the due date: before it = trước hạn, on it = đúng hạn, after it = quá hạn.
- on-time rate = (early + on time) / resolved (QĐ 766 scores "trước hạn, đúng hạn" together).
- pending = received and neither resolved, withdrawn nor stopped, at the end of a day: running
  (status 2, 4) in time when the due date is on or after that day, overdue otherwise; paused
  (5 supplement, 6 financial obligation) apart, as their clock does not run.
- Gia Lai's published late rate = (overdue pending + late resolved) / (received + carried over)
  [S19]; shown beside the on-time rate because provinces quote both.

Rates are percentages with two decimals, rounded half up; a rate with nothing to divide by is None
(shown "–"), never zero.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal

FLOW_FIELDS = (
    "received_counter",
    "received_online",
    "received_postal",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "refused",
    "withdrawn",
    "stopped",
)


def rate(numerator: int, denominator: int) -> Decimal | None:
    """Return numerator / denominator as a percentage with two decimals, or None for 0 / 0."""
    if denominator <= 0:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Flows:
    """What happened in a period (sums of `DailyCounter`)."""

    received_counter: int = 0
    received_online: int = 0
    received_postal: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    refused: int = 0
    withdrawn: int = 0
    stopped: int = 0

    @classmethod
    def from_row(cls, row: dict[str, object]) -> Flows:
        return cls(**{f: int(row.get(f) or 0) for f in FLOW_FIELDS})  # type: ignore[call-overload]

    def __add__(self, other: Flows) -> Flows:
        return Flows(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    @property
    def received(self) -> int:
        return self.received_counter + self.received_online + self.received_postal

    @property
    def received_desk_or_post(self) -> int:
        return self.received_counter + self.received_postal

    @property
    def resolved(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def resolved_in_time(self) -> int:
        return self.resolved_early + self.resolved_on_time

    @property
    def closed(self) -> int:
        """Withdrawn or stopped after receipt: neither resolved nor pending."""
        return self.withdrawn + self.stopped

    @property
    def net_open(self) -> int:
        """Change in the number of open dossiers over the period."""
        return self.received - self.resolved - self.closed

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate(self.resolved_in_time, self.resolved)

    @property
    def online_share(self) -> Decimal | None:
        return rate(self.received_online, self.received)

    @property
    def counter_share(self) -> Decimal | None:
        return rate(self.received_counter, self.received)

    @property
    def postal_share(self) -> Decimal | None:
        return rate(self.received_postal, self.received)


@dataclass(frozen=True)
class Pending:
    """Dossiers open at the end of a day."""

    in_time: int = 0
    overdue: int = 0
    paused: int = 0

    def __add__(self, other: Pending) -> Pending:
        return Pending(self.in_time + other.in_time, self.overdue + other.overdue, self.paused + other.paused)

    @property
    def running(self) -> int:
        return self.in_time + self.overdue

    @property
    def total(self) -> int:
        return self.in_time + self.overdue + self.paused

    @property
    def overdue_rate(self) -> Decimal | None:
        return rate(self.overdue, self.running)


@dataclass(frozen=True)
class Figures:
    """A unit's figures for a period: flows, carried over at the start, pending at the end."""

    flows: Flows
    carried_over: int
    pending: Pending

    @property
    def workload(self) -> int:
        """Received in the period plus carried over (Biểu 06 column 1)."""
        return self.flows.received + self.carried_over

    @property
    def late_rate(self) -> Decimal | None:
        """Gia Lai's published formula: (overdue pending + late resolved) / (received + carried over)."""
        return rate(self.pending.overdue + self.flows.resolved_late, self.workload)

    @property
    def balanced(self) -> bool:
        """carried over + received = resolved + withdrawn/stopped + pending (the books close)."""
        return self.carried_over + self.flows.received == (
            self.flows.resolved + self.flows.closed + self.pending.total
        )


def sum_figures(items: list[Figures]) -> Figures:
    """Return the figures of several units added up (a total row)."""
    return Figures(
        flows=sum((f.flows for f in items), Flows()),
        carried_over=sum(f.carried_over for f in items),
        pending=sum((f.pending for f in items), Pending()),
    )
