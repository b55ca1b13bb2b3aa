"""Writes to the organisation tree."""

from __future__ import annotations

from django.db import transaction

import structlog
import vietnam_provinces as vp

from motcua.core.text import fold, nfc

from .models import AdministrativeUnit

logger = structlog.get_logger(__name__)


@transaction.atomic
def load_administrative_units() -> tuple[int, int]:
    """Load or refresh the 34 provinces and 3,321 communes in force since 1 July 2025.

    Source: the `vietnam-provinces` dataset (Resolution 202/2025/QH15; Law 72/2025/QH15 Art 51(3)).
    Idempotent: existing rows are updated in place, nothing is deleted.
    """
    existing = {u.code: u for u in AdministrativeUnit.objects.all()}
    created = updated = 0
    provinces: dict[int, AdministrativeUnit] = {}
    for p in vp.Province.iter_all():
        code = f"{int(p.code):02d}"
        unit = existing.get(code) or AdministrativeUnit(code=code)
        wanted = (nfc(p.name), AdministrativeUnit.Level.PROVINCE, p.division_type.value, fold(p.name))
        current = (unit.name, unit.level, unit.division_type, unit.name_folded)
        if unit.pk is None or current != wanted or unit.parent_id is not None:
            created += unit.pk is None
            updated += unit.pk is not None
            unit.name, unit.level, unit.division_type, unit.name_folded = wanted
            unit.parent = None
            unit.save()
        provinces[int(p.code)] = unit
    new_wards = []
    for w in vp.Ward.iter_all():
        code = f"{int(w.code):05d}"
        parent = provinces[int(w.province_code)]
        ward = existing.get(code)
        if ward is None:
            new_wards.append(
                AdministrativeUnit(
                    code=code,
                    name=nfc(w.name),
                    level=AdministrativeUnit.Level.COMMUNE,
                    division_type=w.division_type.value,
                    parent=parent,
                    name_folded=fold(w.name),
                )
            )
        elif ward.name != nfc(w.name) or ward.parent_id != parent.pk:
            ward.name, ward.parent, ward.name_folded = nfc(w.name), parent, fold(w.name)
            ward.save(update_fields=["name", "parent", "name_folded"])
            updated += 1
    AdministrativeUnit.objects.bulk_create(new_wards, batch_size=1000)
    created += len(new_wards)
    logger.info("administrative_units_loaded", created=created, updated=updated)
    return created, updated
