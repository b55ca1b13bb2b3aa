"""Public reads: the procedure page by any code, with a pinned query budget."""

from datetime import date

import pytest

from motcua.catalog import selectors
from motcua.catalog.models import Procedure

pytestmark = pytest.mark.django_db


def test_the_page_of_a_procedure_reads_a_fixed_number_of_queries(demo, settings, django_assert_num_queries):
    # versions with their procedure, six lists (papers, fees, results, legal bases, steps, the
    # competent agencies with their centres) and the former codes; with the page cache off
    settings.MOTCUA_CATALOG_PAGE_CACHE_SECONDS = 0
    with django_assert_num_queries(8):
        page = selectors.get_procedure_page(code="1.004222", on=date(2026, 3, 2), full=False)
        assert [p.order for p in page.version.papers.all()] == [1, 2, 3]
        assert len(page.version.process.steps.all()) == 6
        assert page.former_codes == []


def test_a_former_code_opens_the_current_procedure(demo):
    page = selectors.get_procedure_page(code="2.000488", on=date(2026, 3, 2))
    assert page.procedure.code == "3.000333"
    assert [c.code for c in page.former_codes] == ["2.000488"]


def test_nothing_before_the_first_version_takes_effect(demo):
    with pytest.raises(Procedure.DoesNotExist):
        selectors.get_procedure_page(code="1.001193", on=date(2025, 6, 30))
