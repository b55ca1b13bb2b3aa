"""Writes of the reports app: the province's Decision 766 point conversion."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

import structlog

from motcua.core.errors import InvalidInput, NotAllowed
from motcua.organisations import selectors as org
from motcua.organisations.models import Role

from .models import Conversion, Decision766Config, PendingSnapshot, SnapshotDay

logger = structlog.get_logger(__name__)


def _clean_steps(steps: list[Any]) -> list[list[float]]:
    """Return the thresholds as [[rate %, share %], …], highest first; refuse anything else."""
    cleaned: list[list[float]] = []
    for item in steps:
        if not isinstance(item, list | tuple) or len(item) != 2:
            raise InvalidInput(_("Mỗi ngưỡng gồm hai số: [tỷ lệ %, phần trăm điểm]."), field="steps")
        try:
            threshold, share = (Decimal(str(v)) for v in item)
        except (InvalidOperation, ValueError):
            raise InvalidInput(_("Ngưỡng phải là số."), field="steps") from None
        if not (0 <= threshold <= 100 and 0 <= share <= 100):
            raise InvalidInput(_("Tỷ lệ và phần trăm điểm phải từ 0 đến 100."), field="steps")
        cleaned.append([float(threshold), float(share)])
    return sorted(cleaned, key=lambda s: s[0], reverse=True)


@transaction.atomic
def update_index_config(
    *,
    province_code: str,
    actor: Any,
    at: datetime,
    conversion: str,
    steps: list[Any],
    commune_full_points: bool,
    not_computable_as_zero: bool,
) -> Decision766Config:
    """Set how the Decision 766 index converts rates into points (provincial administrators only)."""
    if Role.PROVINCIAL_ADMIN not in org.list_roles(user=actor) and not getattr(actor, "is_superuser", False):
        raise NotAllowed(_("Chỉ quản trị hệ thống cấp tỉnh được sửa cấu hình chỉ số."))
    if conversion not in Conversion.values:
        raise InvalidInput(_("Cách quy đổi điểm không hợp lệ."), field="conversion")
    cleaned = _clean_steps(steps)
    if conversion == Conversion.STEPS and not cleaned:
        raise InvalidInput(_("Quy đổi theo ngưỡng cần ít nhất một ngưỡng."), field="steps")
    config, _created = Decision766Config.objects.select_for_update().update_or_create(
        province_code=province_code,
        defaults={
            "conversion": conversion,
            "steps": cleaned,
            "commune_full_points": commune_full_points,
            "not_computable_as_zero": not_computable_as_zero,
            "updated_at": at,
            "updated_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    logger.info("index766_config_updated", province=province_code, conversion=conversion, steps=cleaned)
    return config


@transaction.atomic
def take_pending_snapshot(*, day: date, at: datetime) -> SnapshotDay:
    """Record the dossiers pending at the end of a day that has ended, per agency × procedure.

    Recomputed exactly from the record (`history.recount_by_agency_procedure`); taking it again
    replaces it (after a correction of history). Refused for a day that has not ended yet.
    """
    from . import history

    if history.midnight(day + timedelta(days=1)) > at:
        raise InvalidInput(_("Chỉ chốt số liệu tồn của ngày đã kết thúc."), field="day")
    counts = history.recount_by_agency_procedure(day=day)
    PendingSnapshot.objects.filter(day=day).delete()
    PendingSnapshot.objects.bulk_create(
        PendingSnapshot(
            day=day,
            agency_id=agency_id,
            procedure_id=procedure_id,
            in_time=p.in_time,
            overdue=p.overdue,
            paused=p.paused,
        )
        for (agency_id, procedure_id), p in counts.items()
    )
    snapshot, _created = SnapshotDay.objects.update_or_create(
        day=day, defaults={"taken_at": at, "dossiers": sum(p.total for p in counts.values())}
    )
    logger.info("pending_snapshot_taken", day=str(day), rows=len(counts), dossiers=snapshot.dossiers)
    return snapshot
