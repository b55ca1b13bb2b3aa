"""Seed the admin-edited calendar: the announced day swaps of 2025–2026 and the default office hours.

The swaps come from `motcua.workdays.official_days.OFFICIAL_OVERRIDES` (each entry cites its source
there); the ``source`` column gets the short reference an administrator can check. Existing rows
are left alone (get_or_create), so an administrator's earlier edit is kept. Reversing removes the
override rows of the seeded dates and the province default office hours.
"""

from datetime import date, time

from django.db import migrations

from motcua.workdays.official_days import OFFICIAL_OVERRIDES

_MOHA_2026 = "Phương án nghỉ lễ Quốc khánh 2026 của Bộ Nội vụ (cần đối chiếu số thông báo chính thức)"
SOURCES = {
    date(2025, 4, 26): "Thông báo 6150/TB-BLĐTBXH (2024) về nghỉ lễ, Tết năm 2025",
    date(2025, 5, 2): "Thông báo 6150/TB-BLĐTBXH (2024) về nghỉ lễ, Tết năm 2025",
    date(2026, 1, 2): "Công văn 12729/VPCP-KGVX ngày 25/12/2025",
    date(2026, 1, 10): "Công văn 12729/VPCP-KGVX ngày 25/12/2025",
    date(2026, 8, 22): _MOHA_2026,
    date(2026, 8, 31): _MOHA_2026,
}


def seed(apps, schema_editor):
    CalendarOverride = apps.get_model("workdays", "CalendarOverride")
    OfficeHours = apps.get_model("workdays", "OfficeHours")
    for day, kind, name in OFFICIAL_OVERRIDES:
        CalendarOverride.objects.get_or_create(
            date=day, defaults={"kind": kind, "name": name, "source": SOURCES.get(day, "")}
        )
    if not OfficeHours.objects.filter(agency__isnull=True).exists():
        OfficeHours.objects.create(
            agency=None,
            morning_start=time(7, 0),
            morning_end=time(11, 30),
            afternoon_start=time(13, 30),
            afternoon_end=time(17, 0),
        )


def unseed(apps, schema_editor):
    CalendarOverride = apps.get_model("workdays", "CalendarOverride")
    OfficeHours = apps.get_model("workdays", "OfficeHours")
    CalendarOverride.objects.filter(date__in=[day for day, _kind, _name in OFFICIAL_OVERRIDES]).delete()
    OfficeHours.objects.filter(agency__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
