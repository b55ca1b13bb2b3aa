"""
Officially announced day swaps (hoán đổi ngày làm việc) for civil servants, as plain data.

Each year the government lets state bodies swap a working day that sits between a holiday and a
weekend for a Saturday: the weekday becomes a day off (``"day_off"``) and the Saturday a make-up
working day (``"make_up"``, ngày làm bù). The ``holidays`` package already lists some of the
swapped days off; this list states each announced swap in full so the calendar does not depend on
what the package happens to know, and so the Django layer can seed its admin-edited override table
from it.

Only swaps with a traceable source are listed; every entry cites it. Tết Nguyên đán 2025
(25/01–02/02/2025) and 2026 (14/02–22/02/2026) needed no swap: their weekdays are all statutory
Tết days, which the ``holidays`` package already returns.

Not an override, but worth checking each year: ``holidays`` 0.109 makes 24/11 (Ngày Văn hóa Việt
Nam) a public holiday from 2026, after Politburo Resolution 80-NQ/TW; the Labour Code amendment
that makes it a paid day off was still being drafted in early 2026 (Government Resolution
30/NQ-CP). If it is not a day off in a given year, add a ``"make_up"`` entry for it.
"""

from __future__ import annotations

from datetime import date
from typing import Final, Literal

__all__ = ["OFFICIAL_OVERRIDES", "OverrideKind"]

OverrideKind = Literal["day_off", "make_up"]

OFFICIAL_OVERRIDES: Final[tuple[tuple[date, OverrideKind, str], ...]] = (
    # 2025, 30/4–1/5: Fri 02/05/2025 off, worked on Sat 26/04/2025. Source: Thông báo
    # 6150/TB-BLĐTBXH (2024) on the 2025 holidays of civil servants and public employees (as cited
    # by the `holidays` package), reported by VietnamPlus/TTXVN ("công chức, viên chức được hoán
    # đổi ngày làm việc từ thứ Sáu ngày 2/5/2025 sang thứ Bảy ngày 26/4/2025").
    (date(2025, 4, 26), "make_up", "Làm bù cho ngày nghỉ 02/05/2025"),
    (date(2025, 5, 2), "day_off", "Nghỉ bù (hoán đổi, làm bù thứ Bảy 26/04/2025)"),
    # 2026, Tết Dương lịch: Fri 02/01/2026 off, worked on Sat 10/01/2026. Source: Công văn
    # 12729/VPCP-KGVX of 25/12/2025 (Deputy Prime Minister agreeing to the Ministry of Home Affairs'
    # proposal), reported by 24h.com.vn and tracuuquyhoach.com on 25–26/12/2025. Not in the
    # `holidays` package 0.109.
    (date(2026, 1, 2), "day_off", "Nghỉ Tết Dương lịch (hoán đổi, làm bù thứ Bảy 10/01/2026)"),
    (date(2026, 1, 10), "make_up", "Làm bù cho ngày nghỉ 02/01/2026"),
    # 2026, Quốc khánh: Mon 31/08/2026 off, worked on Sat 22/08/2026 (break 29/08–02/09/2026).
    # Source: the Ministry of Home Affairs' 2026 plan for Tết and National Day ("5 ngày lễ 2-9"),
    # reported by baomoi.com; the `holidays` package cites thuvienphapluat.vn for the same swap.
    # The number of the final notice was not found: check it before relying on this entry.
    (date(2026, 8, 22), "make_up", "Làm bù cho ngày nghỉ 31/08/2026"),
    (date(2026, 8, 31), "day_off", "Nghỉ bù Quốc khánh (hoán đổi, làm bù thứ Bảy 22/08/2026)"),
)
