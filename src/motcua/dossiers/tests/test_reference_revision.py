"""core.revision: the reference token moves with every write to the reference tables, never otherwise."""

from django.apps import apps
from django.db import connection, transaction

import pytest

from motcua.core import revision

pytestmark = pytest.mark.django_db


def test_a_write_to_a_catalog_table_moves_the_token(demo):
    before = revision.current()
    paper = demo.version.papers.first()
    paper.name = paper.name + " (bản chính)"
    paper.save()
    assert revision.current() not in (None, before)


def test_bulk_updates_and_deletes_move_it_too(demo):
    from motcua.organisations.models import Agency, Position

    before = revision.current()
    Agency.objects.filter(pk=demo.version.competent_agency_id).update(name="Sở Tư pháp tỉnh Nghệ An")
    middle = revision.current()
    assert middle != before
    Position.objects.filter(user=demo.chuyenvien).delete()
    assert revision.current() != middle


def test_a_calendar_change_moves_it(demo):
    from datetime import date

    from motcua.workdays.models import CalendarOverride

    before = revision.current()
    CalendarOverride.objects.create(date=date(2026, 9, 3), kind=CalendarOverride.Kind.DAY_OFF, name="Nghỉ bù")
    assert revision.current() != before


def test_a_change_rolled_back_leaves_the_token_as_it_was(demo):
    before = revision.current()
    with transaction.atomic():
        sid = transaction.savepoint()
        demo.version.papers.update(count=3)
        assert revision.current() != before  # the writing transaction sees its own change
        transaction.savepoint_rollback(sid)
    assert revision.current() == before


def test_other_writes_do_not_move_it(demo, submit):
    from conftest import vn

    before = revision.current()
    submit(at=vn(2026, 3, 2, 8, 0))
    assert revision.current() == before


def test_pinned_reads_the_token_once(demo, django_assert_num_queries):
    with django_assert_num_queries(1), revision.pinned() as token:
        assert revision.current() == token
        assert revision.current() == token


@pytest.mark.skipif(connection.vendor != "postgresql", reason="checks PostgreSQL's trigger catalog")
def test_every_table_of_the_reference_apps_has_the_trigger():
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid")
        with_trigger = {table for table, name in cursor.fetchall() if name == revision.trigger_name(table)}
    tables = {
        model._meta.db_table
        for label in revision.REFERENCE_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }
    assert tables - with_trigger == set()


def test_the_cache_keeps_values_while_the_token_stays_and_rebuilds_after_a_change(demo):
    cache = revision.TokenCache()
    built = []

    def build():
        built.append(1)
        return len(built)

    assert cache.get("k", build) == 1
    assert cache.get("k", build) == 1
    demo.version.papers.update(count=2)
    assert cache.get("k", build) == 2


def test_without_the_revision_row_nothing_is_cached(demo):
    from motcua.core.models import ReferenceRevision

    ReferenceRevision.objects.all().delete()
    cache = revision.TokenCache()
    built = []
    cache.get("k", lambda: built.append(1))
    cache.get("k", lambda: built.append(1))
    assert len(built) == 2
