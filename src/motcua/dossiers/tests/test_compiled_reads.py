"""core.compiled: a values_list read compiled once returns what the ORM returns."""

from django.db import connection

import pytest

from motcua.core.compiled import Compiled
from motcua.organisations.models import Agency

pytestmark = pytest.mark.django_db


def test_a_compiled_read_returns_the_rows_the_orm_returns(demo):
    read = Compiled(
        lambda eid: Agency.objects.filter(electronic_id=eid).values_list("pk", "name", "electronic_id"),
        "\x00eid\x00",
    )
    for agency in Agency.objects.all()[:5]:
        expected = list(
            Agency.objects.filter(electronic_id=agency.electronic_id).values_list(
                "pk", "name", "electronic_id"
            )
        )
        assert read.rows(agency.electronic_id) == expected
    assert read.rows("no-such-id") == []


def test_a_compiled_read_converts_columns_as_the_orm_does(demo, submit):
    from django.utils import timezone

    from conftest import vn
    from motcua.dossiers.models import IntakeRequest

    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    row = IntakeRequest.objects.create(
        user=demo.tiepnhan,
        key="k",
        request_hash="h",
        dossier=dossier,
        receipt={"code": dossier.code},
        created_at=timezone.now(),
    )
    read = Compiled(
        lambda pk: IntakeRequest.objects.filter(pk=pk).values_list("receipt", "created_at"), -7_000_000_007
    )
    assert read.rows(row.pk) == list(
        IntakeRequest.objects.filter(pk=row.pk).values_list("receipt", "created_at")
    )
    assert read.rows(row.pk)[0][0] == {"code": dossier.code}  # JSON decoded, as values_list does


def test_without_its_marker_in_the_statement_the_read_runs_through_the_orm(demo):
    agency = Agency.objects.first()
    read = Compiled(
        lambda eid: Agency.objects.filter(electronic_id=eid.replace("\x00", "")).values_list("pk"),
        "\x00eid\x00",
    )  # the marker is changed before it reaches the statement
    assert read.rows(agency.electronic_id) == [(agency.pk,)]
    assert read.rows("nothing") == []


def test_a_read_that_matches_nothing_by_construction_returns_no_row(demo):
    read = Compiled(lambda eid: Agency.objects.none().values_list("pk"), "\x00eid\x00")
    assert read.rows("x") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
@pytest.mark.parametrize("plan_each_time", [False, True])
def test_a_read_planned_each_time_is_never_kept_prepared(demo, plan_each_time):
    marker = "\x00eid\x00"
    read = Compiled(
        lambda eid: Agency.objects.filter(electronic_id=eid).values_list("name"),
        marker,
        plan_each_time=plan_each_time,
    )
    agency = Agency.objects.first()
    for _ in range(12):  # more than the connection's prepare threshold
        assert read.rows(agency.electronic_id) == [(agency.name,)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [s for (s,) in cursor.fetchall() if '"organisations_agency"."electronic_id"' in s]
    assert bool(prepared) is not plan_each_time
