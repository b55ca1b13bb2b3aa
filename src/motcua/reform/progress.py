"""Completion against plan: the "296 tasks = 35.03 %" figure, as pure computations.

A task counts against the plan unless it was dropped by a plan adjustment (status *cancelled*).
As of a day D, a counted task is *completed* if it was completed on or before D, *overdue* if it
was not and its deadline is before D, otherwise *open* (in progress or not started). The completion
rate is completed / counted, as a percentage with two decimals rounded half up (35.03 %); a group
with no counted task has no rate (shown as "—"), never a division by zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def completion_rate(completed: int, planned: int) -> Decimal | None:
    """Return completed / planned as a percentage with two decimals, or None when nothing is planned."""
    if planned <= 0:
        return None
    return (Decimal(completed) * HUNDRED / Decimal(planned)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Tally:
    """Counts of one slice of the plan (a group, a unit, or everything)."""

    label: str
    planned: int = 0
    completed: int = 0
    completed_late: int = 0
    overdue: int = 0

    @property
    def open(self) -> int:
        return self.planned - self.completed - self.overdue

    @property
    def completed_on_time(self) -> int:
        return self.completed - self.completed_late

    @property
    def rate(self) -> Decimal | None:
        return completion_rate(self.completed, self.planned)

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            label=self.label,
            planned=self.planned + other.planned,
            completed=self.completed + other.completed,
            completed_late=self.completed_late + other.completed_late,
            overdue=self.overdue + other.overdue,
        )


@dataclass(frozen=True)
class ProgressSummary:
    """Completion against plan per task group and overall."""

    groups: list[Tally] = field(default_factory=list)
    total: Tally = field(default_factory=lambda: Tally(label=""))


def summarise(groups: list[Tally], *, total_label: str) -> ProgressSummary:
    """Return the summary with the overall tally of the groups."""
    total = Tally(label=total_label)
    for tally in groups:
        total = total + tally
    return ProgressSummary(groups=groups, total=total)
