"""Catalog figures for reform reports: by level, agency, sector, online level, centre; cuts; publication."""

from datetime import date
from decimal import Decimal

import pytest

from motcua.catalog import statistics
from motcua.catalog.models import Procedure
from motcua.catalog.services import publish_version

from .conftest import AT, make_spec, steps

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 2)


def test_the_demo_catalog_is_counted_every_way(demo):
    stats = statistics.get_catalog_statistics(on=TODAY)
    total = Procedure.objects.count()
    assert stats.total == total
    for tallies in (stats.by_level, stats.by_online_level, stats.by_sector):
        assert sum(t.count for t in tallies) == total
    # A procedure counts for each agency that handles it (every demo commune's People's Committee).
    handled = sum(v.competent_agencies.count() for v in statistics.versions_in_force(TODAY))
    assert handled > total
    assert sum(t.count for t in stats.by_agency) == handled
    assert sum(t.count for t in stats.by_service_centre) == handled
    assert {t.label for t in stats.by_level} == {"Cấp tỉnh", "Cấp xã"}
    assert stats.with_approved_process == total
    centre = next(t for t in stats.by_service_centre if t.key == "000.01.01.H41")
    assert centre.label == "Trung tâm Phục vụ hành chính công tỉnh Nghệ An"


def test_the_demo_time_cut_is_reported_in_one_sentence(demo):
    report = statistics.get_time_cut_report(start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert (report.units, report.procedures, report.days) == (1, 1, Decimal(2))
    assert report.sentence == "1 đơn vị cắt giảm thời gian giải quyết 1 thủ tục, tổng cộng 2 ngày."


def test_cuts_are_summed_per_unit_within_the_period(demo, publication, amendment, approval):
    publish_version(spec=make_spec(), decision=publication, process_decision=approval, actor=None, at=AT)
    publish_version(
        spec=make_spec(
            time_limit=Decimal("3.5"), effective_from=date(2026, 3, 1), process=steps("4", "20", "4")
        ),
        decision=amendment,
        process_decision=approval,
        actor=None,
        at=AT,
    )
    publish_version(
        spec=make_spec(code="1.999003", name="Thủ tục khác", statutory_time_limit=Decimal(10)),
        decision=publication,
        process_decision=approval,
        actor=None,
        at=AT,
    )
    report = statistics.get_time_cut_report(start=date(2026, 1, 1), end=date(2026, 12, 31))
    assert (report.units, report.procedures, report.days) == (1, 2, Decimal("6.5"))
    assert report.sentence.endswith("tổng cộng 6,5 ngày.")
    assert report.by_agency[0].agency == "Sở Tư pháp tỉnh Nghệ An"
    assert statistics.get_time_cut_report(start=date(2027, 1, 1), end=date(2027, 12, 31)).units == 0


def test_publication_report_counts_decisions_and_what_they_did(demo):
    report = statistics.get_publication_report(start=date(2025, 1, 1), end=date(2025, 12, 31))
    total = Procedure.objects.count()
    assert report.publication_decisions == 2
    assert report.procedures_published == total
    assert report.process_decisions == 2
    assert report.processes_approved == total


def test_statistics_take_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        statistics.get_catalog_statistics(on=TODAY)
