"""Catalog fixtures: decisions and a valid version spec to vary."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest

from motcua.catalog import graph as g
from motcua.catalog.models import Decision
from motcua.catalog.services import record_decision
from motcua.catalog.specs import FeeSpec, PaperSpec, ResultSpec, VersionSpec
from motcua.core.timeutil import VN_TZ

AT = datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)
JUSTICE = "000.00.12.H41"
CONSTRUCTION = "000.00.06.H41"


def steps(*hours: str) -> g.ProcessGraph:
    """Return a linear process receive → appraise… → return with the given hours."""
    kinds = ["receive", *["appraise"] * (len(hours) - 2), "return"]
    roles = {"receive": "desk_officer", "appraise": "specialist", "return": "desk_officer"}
    return g.ProcessGraph.linear(
        g.Step(order=i, kind=k, name=f"Bước {i}", role=roles[k], allotted_hours=Decimal(h))
        for i, (k, h) in enumerate(zip(kinds, hours, strict=True), start=1)
    )


def make_spec(**changes) -> VersionSpec:
    spec = VersionSpec(
        code="1.999001",
        name="Cấp giấy phép thử nghiệm",
        sector_code="THUNGHIEM",
        sector_name="Thử nghiệm",
        level="province",
        agency=JUSTICE,
        effective_from=date(2026, 1, 1),
        time_limit=Decimal(5),
        time_unit="working_days",
        result_description="Giấy phép",
        online_level="partial",
        fee_vnd=50000,
        papers=(
            PaperSpec(name="Đơn đề nghị"),
            PaperSpec(name="Bản sao căn cước", form="copy", is_required=False),
        ),
        fees=(FeeSpec(kind="charge", amount_vnd=50000, online_amount_vnd=25000, case="Cấp mới"),),
        results=(ResultSpec(name="Giấy phép", code="KQ01", is_electronic=True),),
        legal_bases=("Luật Thử nghiệm số 1/2025/QH15",),
        process=steps("4", "30", "4"),
    )
    return replace(spec, **changes)


@pytest.fixture
def publication(db):
    return record_decision(
        number="100/QĐ-UBND",
        issued_on=date(2025, 12, 20),
        effective_from=date(2026, 1, 1),
        kind=Decision.Kind.PUBLICATION,
        issuer="Chủ tịch UBND tỉnh",
        actor=None,
    )


@pytest.fixture
def amendment(db):
    return record_decision(
        number="200/QĐ-UBND",
        issued_on=date(2026, 2, 20),
        effective_from=date(2026, 3, 1),
        kind=Decision.Kind.PUBLICATION,
        actor=None,
    )


@pytest.fixture
def approval(db):
    return record_decision(
        number="101/QĐ-UBND",
        issued_on=date(2025, 12, 20),
        effective_from=date(2026, 1, 1),
        kind=Decision.Kind.PROCESS_APPROVAL,
        actor=None,
    )
