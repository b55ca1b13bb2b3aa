"""
Benchmark: due-date computations per second with the pure deadline engine.

One calendar is built once (2025–2028, public holidays and announced swaps); then a fixed-seed mix
of durations (whole and fractional working days, working hours, calendar days, "trong ngày") is
computed from random start instants over 2025–2027, in a single process. The figure is the median
of several timed passes over the same prebuilt inputs, so it measures `compute_due` alone, not
input generation.

Run: ``PYTHONPATH=src python bench/bench_due_date.py`` (prints JSON), or call `measure()`.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from datetime import datetime, timedelta
from decimal import Decimal

from motcua.workdays.calendar import VN_TZ, WorkingCalendar
from motcua.workdays.deadlines import CalendarDays, Duration, SameDay, WorkingDays, WorkingHours, compute_due

SEED = 20260302
COMPUTATIONS = 200_000
PASSES = 5
TARGET_OPS_PER_S = 200_000


def _inputs(count: int, seed: int) -> list[tuple[datetime, Duration]]:
    """Return ``count`` (start, duration) pairs drawn with a fixed seed."""
    rng = random.Random(seed)
    first = datetime(2025, 1, 1, tzinfo=VN_TZ)
    minutes_in_range = int((datetime(2028, 1, 1, tzinfo=VN_TZ) - first).total_seconds() // 60)
    fractional = [Decimal("0.5"), Decimal("1.5"), Decimal("2.5"), Decimal("0.25")]
    pairs: list[tuple[datetime, Duration]] = []
    for _ in range(count):
        start = first + timedelta(minutes=rng.randrange(minutes_in_range))
        draw = rng.random()
        duration: Duration
        if draw < 0.40:
            duration = WorkingDays(rng.randint(1, 30))
        elif draw < 0.55:
            duration = WorkingDays(rng.choice(fractional))
        elif draw < 0.75:
            duration = WorkingHours(rng.randint(1, 40))
        elif draw < 0.90:
            duration = CalendarDays(rng.randint(1, 60))
        else:
            duration = SameDay()
        pairs.append((start, duration))
    return pairs


def measure() -> dict[str, dict[str, object]]:
    """Return the due-date throughput in the shape `make bench` writes to bench/results.json."""
    calendar = WorkingCalendar.build(range(2025, 2029))
    pairs = _inputs(COMPUTATIONS, SEED)
    # Warm-up pass (also checks every input computes).
    for start, duration in pairs[:10_000]:
        compute_due(calendar, start=start, duration=duration)
    rates: list[float] = []
    for _ in range(PASSES):
        began = time.perf_counter()
        for start, duration in pairs:
            compute_due(calendar, start=start, duration=duration)
        rates.append(COMPUTATIONS / (time.perf_counter() - began))
    return {
        "due_date_per_s": {
            "value": round(statistics.median(rates), 1),
            "unit": "ops/s",
            "target": TARGET_OPS_PER_S,
            "dataset": (
                f"mixed durations (40% whole working days 1–30, 15% fractional working days, "
                f"20% working hours 1–40, 15% calendar days 1–60, 10% same day) from random start "
                f"minutes over 2025–2027 (seed {SEED}), {COMPUTATIONS} compute_due calls per pass, "
                f"median of {PASSES} passes, one prebuilt calendar, single process"
            ),
        }
    }


if __name__ == "__main__":
    print(json.dumps(measure(), ensure_ascii=False, indent=2))
