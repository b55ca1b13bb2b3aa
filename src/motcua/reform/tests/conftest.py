"""Fixtures of the committee's work: a committee with a chair and a secretary, an issued plan."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from conftest import vn
from motcua.accounts.models import User
from motcua.organisations.models import Agency, Position


def _staff(username: str, full_name: str, *, agency: Agency | None, role: str, email: str = "") -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, "kind": User.Kind.STAFF, "email": email}
    )
    if created:
        Position.objects.create(user=user, role=role, agency=agency, title="")
    return user


@pytest.fixture
def reform(demo):
    """A committee (chair, secretary), its 2026 plan with two tasks, issued; Sở Tư pháp owns one."""
    from motcua.reform.services import (
        TaskInput,
        add_member,
        create_committee,
        create_plan,
        create_task,
        issue_plan,
    )

    justice = Agency.objects.get(electronic_id="000.00.12.H41")
    home = Agency.objects.get(electronic_id="000.00.02.H41")
    finance = Agency.objects.get(electronic_id="000.00.03.H41")
    committee = create_committee(
        name="Ban Chỉ đạo CCHC tỉnh Nghệ An", decision="QĐ 1/QĐ-UBND", actor=demo.quantri
    )
    chair = _staff("truongban", "Nguyễn Văn Chủ", agency=None, role="steering_viewer")
    secretary = _staff("thuky", "Trần Thị Thư", agency=home, role="specialist", email="thuky@example.vn")
    add_member(committee=committee, user=chair, role="chair", actor=demo.quantri, title="Chủ tịch UBND tỉnh")
    add_member(committee=committee, user=secretary, role="secretary", actor=demo.quantri, agency=home)
    at = vn(2026, 1, 5, 9)
    plan = create_plan(
        committee=committee,
        title="Kế hoạch CCHC năm 2026",
        kind="yearly",
        start_year=2026,
        end_year=2026,
        actor=secretary,
        at=at,
    )
    groups = list(plan.groups.order_by("order"))
    digital = create_task(
        plan=plan,
        data=TaskInput(
            title="Số hóa 100% kết quả hộ tịch",
            group=groups[0],
            owner=justice,
            deadline=date(2026, 3, 31),
            co_agencies=[finance],
            expected_output="Báo cáo kết quả",
        ),
        actor=secretary,
        at=at,
    )
    procedure = create_task(
        plan=plan,
        data=TaskInput(
            title="Rà soát, cắt giảm thời gian giải quyết TTHC",
            group=groups[1],
            owner=home,
            deadline=date(2026, 6, 30),
        ),
        actor=secretary,
        at=at,
    )
    issue_plan(
        plan=plan,
        decision_number="15/QĐ-UBND",
        decision_date=date(2026, 1, 10),
        issued_by="UBND tỉnh",
        actor=secretary,
    )
    plan.refresh_from_db()
    return SimpleNamespace(
        committee=committee,
        chair=chair,
        secretary=secretary,
        plan=plan,
        groups=groups,
        justice=justice,
        home=home,
        finance=finance,
        digital=digital,
        procedure=procedure,
        at=at,
    )
