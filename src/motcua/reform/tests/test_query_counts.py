"""The reform pages read a fixed number of queries, however many tasks a plan holds."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from motcua.reform.services import TaskInput, create_task, report_progress

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    """The queries of a page once the viewer's positions are in the process cache (core.revision)."""
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _add_tasks(reform, n: int) -> None:
    for i in range(n):
        task = create_task(
            plan=reform.plan,
            data=TaskInput(
                title=f"Nhiệm vụ bổ sung {i}",
                group=reform.groups[i % len(reform.groups)],
                owner=reform.justice if i % 2 else reform.home,
                deadline=date(2026, 9, 30),
                co_agencies=[reform.finance],
            ),
            actor=reform.secretary,
            at=reform.at,
        )
        if i % 2:
            report_progress(
                task=task,
                actor=reform.justice_reporter,
                status="in_progress",
                percent=40,
                comment="Đang triển khai",
                files=[],
                at=reform.at,
            )


@pytest.fixture
def reporter(reform):
    from motcua.accounts.models import User
    from motcua.organisations.models import Position

    user = User.objects.create(username="baocao", kind="staff", full_name="Cán bộ Sở Tư pháp")
    Position.objects.create(user=user, role="specialist", agency=reform.justice)
    reform.justice_reporter = user
    return user


@pytest.mark.parametrize(
    ("name", "args"),
    [("workspace:reform:home", []), ("workspace:reform:plans", []), ("workspace:reform:plan", ["plan"])],
)
def test_task_lists_do_not_query_per_task(client, reform, reporter, name, args):
    client.force_login(reform.secretary)
    url = reverse(name, args=[reform.plan.pk for _ in args]) + "?nam=2026"
    before = _queries(client, url)
    _add_tasks(reform, 6)
    assert _queries(client, url) == before


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("workspace:reform:home", 14),
        ("workspace:reform:plans", 7),
        ("workspace:reform:meetings", 7),
        ("workspace:reform:inspections", 8),
        ("workspace:reform:pilots", 9),
        ("workspace:reform:indices", 8),
        ("workspace:reform:posts", 10),
        ("workspace:reform:reception", 9),
    ],
)
def test_reform_list_pages_have_pinned_query_counts(client, reform, name, expected):
    client.force_login(reform.secretary)
    assert _queries(client, reverse(name)) == expected
