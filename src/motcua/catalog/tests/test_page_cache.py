"""Public procedure pages are cached until the catalog changes."""

from datetime import date
from decimal import Decimal

import pytest

from motcua.catalog import selectors
from motcua.catalog.services import abolish_procedure, publish_version

from .conftest import AT, make_spec

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 10)


def _publish(spec, decision, approval):
    return publish_version(spec=spec, decision=decision, process_decision=approval, actor=None, at=AT)


def test_a_page_read_again_costs_no_query(demo, publication, approval, django_assert_num_queries):
    version = _publish(make_spec(), publication, approval)
    first = selectors.get_procedure_page(code=version.procedure.code, on=DAY, full=False)
    with django_assert_num_queries(0):
        again = selectors.get_procedure_page(code=version.procedure.code, on=DAY, full=False)
    assert again.version.pk == first.version.pk
    assert [p.name for p in again.version.papers.all()] == [p.name for p in first.version.papers.all()]


def test_an_amendment_or_an_abolition_shows_on_the_next_read(demo, publication, amendment, approval):
    version = _publish(make_spec(), publication, approval)
    code = version.procedure.code
    assert selectors.get_procedure_page(code=code, on=DAY).version.time_limit == version.time_limit
    newer = _publish(make_spec(time_limit=Decimal(7), effective_from=date(2026, 3, 5)), amendment, approval)
    assert selectors.get_procedure_page(code=code, on=DAY).version.pk == newer.pk
    abolish_procedure(procedure=newer.procedure, decision=amendment, actor=None)
    assert selectors.get_procedure_page(code=code, on=DAY).is_abolished


def test_the_cache_can_be_turned_off(demo, publication, approval, settings, django_assert_max_num_queries):
    settings.MOTCUA_CATALOG_PAGE_CACHE_SECONDS = 0
    version = _publish(make_spec(), publication, approval)
    selectors.get_procedure_page(code=version.procedure.code, on=DAY)
    with django_assert_max_num_queries(20) as context:
        selectors.get_procedure_page(code=version.procedure.code, on=DAY)
    assert len(context.captured_queries) > 0
