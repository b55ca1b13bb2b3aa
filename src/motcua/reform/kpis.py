"""KPIs that a reform task can name and show "live": a registry of providers.

A task such as "online rate of commune Y ≥ 60 %" names a KPI code (`ReformTask.kpi_code`), a target
and a direction; its page shows the KPI's current value for the task's unit and period next to the
target. The values belong to the dashboards (`reports`), which sit *above* `reform` in the layers
and so cannot be imported from here. Instead, this module keeps a registry of providers, callables
``provider(*, agency, start, end) -> KpiValue``, and the dashboards register theirs when they load
(``kpis.register(code, label=..., unit=..., provider=..., replace=True)`` in their
``AppConfig.ready``).

**What exists today.** One real provider, ``reform.completion_rate`` (the share of the unit's reform
tasks due in the period that are completed, from this app's own data), and *placeholders* for the
dossier KPIs that the dashboards will supply (on-time rate, online-submission rate, digitised rate,
average processing days). A placeholder returns no value and the page says "chưa có dữ liệu từ
bảng điều khiển" (no data from the dashboards yet); nothing is made up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.organisations.models import Agency


@dataclass(frozen=True)
class KpiValue:
    """A KPI's value for a unit and period (None when the provider has no data)."""

    value: Decimal | None
    note: str = ""


class KpiProvider(Protocol):
    def __call__(self, *, agency: Agency, start: date, end: date) -> KpiValue: ...


@dataclass(frozen=True)
class KpiDefinition:
    code: str
    label: str | Promise
    unit: str
    provider: KpiProvider
    is_placeholder: bool = False


@dataclass(frozen=True)
class KpiReading:
    """A KPI's value compared with a task's target."""

    definition: KpiDefinition
    value: Decimal | None
    target: Decimal | None
    direction: str
    met: bool | None
    note: str


_REGISTRY: dict[str, KpiDefinition] = {}


def register(
    code: str,
    *,
    label: str | Promise,
    unit: str,
    provider: KpiProvider,
    is_placeholder: bool = False,
    replace: bool = False,
) -> None:
    """Register a KPI provider under `code`; refuse a second one unless `replace` is set."""
    if code in _REGISTRY and not replace:
        raise ValueError(f"KPI {code!r} is already registered")
    _REGISTRY[code] = KpiDefinition(
        code=code, label=label, unit=unit, provider=provider, is_placeholder=is_placeholder
    )


def get_definition(code: str) -> KpiDefinition | None:
    return _REGISTRY.get(code)


def choices() -> list[tuple[str, str]]:
    """Return (code, label) pairs for forms, placeholders marked."""
    return [
        (
            d.code,
            f"{d.label} ({d.unit})" + (" – " + str(_("chờ bảng điều khiển")) if d.is_placeholder else ""),
        )
        for d in sorted(_REGISTRY.values(), key=lambda d: d.code)
    ]


def is_met(value: Decimal | None, target: Decimal | None, direction: str) -> bool | None:
    """Return whether the value reaches the target (≥ or ≤), or None when either is missing."""
    if value is None or target is None:
        return None
    return value >= target if direction == "at_least" else value <= target


def read(
    *, code: str, agency: Agency, start: date, end: date, target: Decimal | None, direction: str
) -> KpiReading | None:
    """Evaluate a registered KPI for the unit and period and compare it with the target."""
    definition = _REGISTRY.get(code)
    if definition is None:
        return None
    result = definition.provider(agency=agency, start=start, end=end)
    return KpiReading(
        definition=definition,
        value=result.value,
        target=target,
        direction=direction,
        met=is_met(result.value, target, direction),
        note=result.note,
    )


def _placeholder(label: str | Promise) -> KpiProvider:
    def provider(*, agency: Agency, start: date, end: date) -> KpiValue:
        return KpiValue(value=None, note=str(_("Chưa có dữ liệu từ bảng điều khiển (chỉ tiêu chờ kết nối).")))

    return provider


def _completion_rate(*, agency: Agency, start: date, end: date) -> KpiValue:
    from .progress import completion_rate
    from .selectors import tally_for_agency

    tally = tally_for_agency(agency=agency, start=start, end=end)
    return KpiValue(
        value=completion_rate(tally.completed, tally.planned),
        note=str(
            _("%(done)d/%(planned)d nhiệm vụ đến hạn đã hoàn thành")
            % {"done": tally.completed, "planned": tally.planned}
        ),
    )


PLACEHOLDER_KPIS: list[tuple[str, str | Promise, str | Promise]] = [
    ("dossiers.on_time_rate", _("Tỷ lệ hồ sơ giải quyết đúng hạn"), "%"),
    ("dossiers.online_rate", _("Tỷ lệ hồ sơ nộp trực tuyến"), "%"),
    ("dossiers.digitised_rate", _("Tỷ lệ hồ sơ được số hóa"), "%"),
    ("dossiers.average_days", _("Thời gian giải quyết bình quân"), _("ngày")),
]


def register_builtin_providers() -> None:
    """Register the reform provider and the dashboard placeholders (kept if already replaced)."""
    register(
        "reform.completion_rate",
        label=_("Tỷ lệ hoàn thành nhiệm vụ CCHC của đơn vị"),
        unit="%",
        provider=_completion_rate,
        replace=True,
    )
    for code, label, unit in PLACEHOLDER_KPIS:
        if code not in _REGISTRY:
            register(code, label=label, unit=str(unit), provider=_placeholder(label), is_placeholder=True)


ProviderFactory = Callable[[], KpiProvider]
