"""The admin-edited calendar: override rows and office hours feed `get_calendar`, through services."""

from __future__ import annotations

import importlib
from datetime import date, datetime, time

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

import pytest
from structlog.testing import capture_logs

from motcua.organisations.models import Agency
from motcua.workdays import selectors, services
from motcua.workdays.calendar import DEFAULT_OFFICE_HOURS, VN_TZ, DayKind, WorkingCalendar
from motcua.workdays.deadlines import WorkingDays, WorkingHours, compute_due
from motcua.workdays.models import CalendarOverride, OfficeHours
from motcua.workdays.official_days import OFFICIAL_OVERRIDES

pytestmark = pytest.mark.django_db

JUSTICE = "000.00.12.H41"  # Sở Tư pháp in the demo province


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


@pytest.fixture
def justice() -> Agency:
    return Agency.objects.get(electronic_id=JUSTICE)


# -- seeding (data migration 0002) -------------------------------------------------------------


def test_migration_seeds_the_announced_swaps_and_the_default_office_hours():
    # given: a migrated database (the test database)
    # then: every announced swap of official_days is a row, with its kind and name
    rows = {o.date: (o.kind, o.name) for o in CalendarOverride.objects.all()}
    for day, kind, name in OFFICIAL_OVERRIDES:
        assert rows[day] == (kind, name)
    # and the province default office hours is 07:00–11:30, 13:30–17:00 (domain.md §4.2)
    default = OfficeHours.objects.get(agency=None)
    assert default.describe() == "07:00–11:30, 13:30–17:00"


def test_seed_migration_is_reversible_and_idempotent():
    # given: the seed migration's functions, run against the current models
    migration = importlib.import_module("motcua.workdays.migrations.0002_seed_calendar")
    count = CalendarOverride.objects.count()
    # when: reversed
    migration.unseed(apps, None)
    # then: the seeded rows are gone
    assert not CalendarOverride.objects.filter(date__in=[d for d, _k, _n in OFFICIAL_OVERRIDES]).exists()
    assert not OfficeHours.objects.filter(agency=None).exists()
    # when: applied twice
    migration.seed(apps, None)
    migration.seed(apps, None)
    # then: one row per swap and one default row, as before
    assert CalendarOverride.objects.count() == count
    assert OfficeHours.objects.filter(agency=None).count() == 1


# -- get_calendar reads the rows (Labour Code 2019 Art 112 + announced swaps) --------------------


def test_get_calendar_without_arguments_is_the_province_calendar():
    # when
    calendar = selectors.get_calendar()
    # then: holidays from the package, swaps from the rows, default office hours
    assert isinstance(calendar, WorkingCalendar)
    assert calendar.first_year == 2020
    assert calendar.last_year == 2035
    assert calendar.office_hours == DEFAULT_OFFICE_HOURS
    assert calendar.is_working_day(date(2026, 8, 22))  # make-up Saturday for 31/08/2026
    assert not calendar.is_working_day(date(2026, 8, 31))
    assert not calendar.is_working_day(date(2026, 2, 17))  # Tết 2026


def test_make_up_saturday_added_through_the_service_is_picked_up_without_restart():
    # given: the calendar is built and cached; Saturday 7/3/2026 is an ordinary weekend day
    before = selectors.get_calendar()
    assert not before.is_working_day(date(2026, 3, 7))
    assert compute_due(before, start=vn(2026, 3, 6, 9, 0), duration=WorkingDays(1)) == vn(2026, 3, 9, 9, 0)
    # when: an administrator declares it a make-up working day (ngày làm bù)
    services.set_override(
        date=date(2026, 3, 7), kind="make_up", name="Làm bù (thử)", source="Công văn thử", actor=None
    )
    # then: the next call sees it: Friday 09:00 + 1 working day = Saturday 09:00
    after = selectors.get_calendar()
    assert after is not before
    assert after.day_info(date(2026, 3, 7)).kind is DayKind.MAKE_UP
    assert compute_due(after, start=vn(2026, 3, 6, 9, 0), duration=WorkingDays(1)) == vn(2026, 3, 7, 9, 0)


def test_day_off_added_through_the_service_pushes_due_dates():
    # given: Wednesday 4/3/2026 is an ordinary working day
    start = vn(2026, 3, 2, 9, 0)
    assert compute_due(selectors.get_calendar(), start=start, duration=WorkingDays(3)) == vn(2026, 3, 5, 9, 0)
    # when: the province announces an extra day off on it
    services.set_override(date=date(2026, 3, 4), kind="day_off", name="Nghỉ đột xuất", actor=None)
    # then: 3 working days from Monday 09:00 end on Friday 09:00
    assert compute_due(selectors.get_calendar(), start=start, duration=WorkingDays(3)) == vn(2026, 3, 6, 9, 0)


def test_a_row_written_by_another_process_is_picked_up_too():
    # given: a cached calendar
    selectors.get_calendar()
    # when: a row is saved without the service (as another process or the shell would)
    CalendarOverride.objects.create(date=date(2026, 3, 14), kind="make_up", name="Làm bù")
    # then: the calendar version moved, so the next call rebuilds
    assert selectors.get_calendar().is_working_day(date(2026, 3, 14))


def test_removing_an_override_restores_the_ordinary_day():
    # given: Saturday 7/3/2026 declared a make-up day
    services.set_override(date=date(2026, 3, 7), kind="make_up", name="Làm bù", actor=None)
    assert selectors.get_calendar().is_working_day(date(2026, 3, 7))
    # when
    removed = services.remove_override(date=date(2026, 3, 7), actor=None)
    # then: it is a weekend day again; removing it twice removes nothing
    assert removed is True
    assert not selectors.get_calendar().is_working_day(date(2026, 3, 7))
    assert services.remove_override(date=date(2026, 3, 7), actor=None) is False


def test_removing_a_swap_the_holidays_package_knows_keeps_it():
    # given: holidays 0.109 lists 31/8/2026 as "Day off (substituted from 22/08/2026)", which
    # implies the make-up Saturday 22/8 even without the seeded row
    # when
    services.remove_override(date=date(2026, 8, 22), actor=None)
    # then: still worked; undoing a package swap takes an explicit opposite override
    assert selectors.get_calendar().is_working_day(date(2026, 8, 22))
    services.set_override(date=date(2026, 8, 22), kind="day_off", name="Không làm bù", actor=None)
    assert not selectors.get_calendar().is_working_day(date(2026, 8, 22))


def test_make_up_override_beats_a_public_holiday():
    # given: 24/11/2026 (Ngày Văn hóa Việt Nam) is a day off in holidays 0.109, unconfirmed in law
    assert not selectors.get_calendar().is_working_day(date(2026, 11, 24))
    # when: the province confirms it is worked
    services.set_override(
        date=date(2026, 11, 24), kind="make_up", name="Ngày làm việc bình thường", actor=None
    )
    # then
    assert selectors.get_calendar().is_working_day(date(2026, 11, 24))


def test_calendar_is_cached_between_calls_and_costs_one_query(django_assert_num_queries):
    # given: a built calendar
    first = selectors.get_calendar()
    # when / then: the next call only reads the version
    with django_assert_num_queries(1):
        second = selectors.get_calendar()
    assert second is first


def test_empty_tables_fall_back_to_the_announced_swaps_and_default_hours():
    # given: no rows at all (a database flushed by a transactional test, or never seeded)
    CalendarOverride.objects.all().delete()
    OfficeHours.objects.all().delete()
    # when
    calendar = selectors.get_calendar()
    # then: official_days still applies, with 07:00–11:30, 13:30–17:00
    assert calendar.is_working_day(date(2026, 1, 10))
    assert not calendar.is_working_day(date(2026, 1, 2))
    assert calendar.office_hours == DEFAULT_OFFICE_HOURS


def test_set_override_refuses_bad_input_and_changes_nothing():
    count = CalendarOverride.objects.count()
    with pytest.raises(ValidationError) as error:
        services.set_override(date=date(2019, 5, 4), kind="make_up", name="Làm bù", actor=None)
    assert "date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.set_override(date=date(2026, 3, 7), kind="holiday", name="Làm bù", actor=None)
    assert "kind" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.set_override(date=date(2026, 3, 7), kind="make_up", name="  ", actor=None)
    assert "name" in error.value.message_dict
    assert CalendarOverride.objects.count() == count


def test_set_override_replaces_the_entry_of_the_same_date_and_logs_the_actor(demo):
    # given: the seeded entry for 22/8/2026
    with capture_logs() as logs:
        # when
        services.set_override(
            date=date(2026, 8, 22), kind="day_off", name="Đổi ý", source="Thông báo mới", actor=demo.quantri
        )
    # then: still one row for the date, now a day off; the change is logged with its actor
    row = CalendarOverride.objects.get(date=date(2026, 8, 22))
    assert (row.kind, row.name, row.source) == ("day_off", "Đổi ý", "Thông báo mới")
    event = next(e for e in logs if e["event"] == "calendar_override_set")
    assert event["actor_id"] == demo.quantri.pk
    assert event["previous"][0] == "make_up"


# -- office hours (domain.md §4.2; 1 working day = the agency's daily office time) ----------------


def test_agency_office_hours_override_the_province_default(justice):
    # given: Sở Tư pháp works 07:30–11:30 and 13:00–16:00 (7 hours a day)
    services.set_office_hours(
        agency=justice,
        morning_start=time(7, 30),
        morning_end=time(11, 30),
        afternoon_start=time(13, 0),
        afternoon_end=time(16, 0),
        actor=None,
    )
    # when
    own = selectors.get_calendar(agency=justice)
    default = selectors.get_calendar()
    other = selectors.get_calendar(agency=Agency.objects.exclude(pk=justice.pk).first())
    # then: the agency's sessions count, the others keep the default (and share one calendar)
    assert own.office_hours.describe() == "07:30–11:30, 13:00–16:00"
    assert other is default
    start = vn(2026, 3, 2, 9, 0)
    # 8 working hours from Monday 09:00: 2.5 h + 3 h on Monday, 2.5 h on Tuesday morning
    assert compute_due(own, start=start, duration=WorkingHours(8)) == vn(2026, 3, 3, 10, 0)
    assert compute_due(default, start=start, duration=WorkingHours(8)) == vn(2026, 3, 3, 9, 0)
    # 1 working day is the agency's daily office time: 09:00 → 09:00 next working day
    assert compute_due(own, start=start, duration=WorkingDays(1)) == vn(2026, 3, 3, 9, 0)
    assert selectors.get_office_hours(agency=justice) == own.office_hours


def test_changing_the_province_default_changes_agencies_without_their_own_hours(justice):
    # when: the province opens at 07:30 and closes at 17:30
    services.set_office_hours(
        agency=None,
        morning_start=time(7, 30),
        morning_end=time(11, 30),
        afternoon_start=time(13, 30),
        afternoon_end=time(17, 30),
        actor=None,
    )
    # then
    assert selectors.get_calendar().office_hours.describe() == "07:30–11:30, 13:30–17:30"
    assert selectors.get_calendar(agency=justice).office_hours.describe() == "07:30–11:30, 13:30–17:30"
    assert OfficeHours.objects.filter(agency=None).count() == 1


def test_removing_agency_hours_returns_it_to_the_default(justice):
    services.set_office_hours(
        agency=justice,
        morning_start=time(8, 0),
        morning_end=time(12, 0),
        afternoon_start=time(13, 0),
        afternoon_end=time(17, 0),
        actor=None,
    )
    assert services.remove_office_hours(agency=justice, actor=None) is True
    assert selectors.get_calendar(agency=justice) is selectors.get_calendar()
    with pytest.raises(ValidationError):
        services.remove_office_hours(agency=None, actor=None)


@pytest.mark.parametrize(
    ("sessions", "field"),
    [
        ((time(11, 30), time(7, 0), time(13, 30), time(17, 0)), "morning_end"),  # morning ends before start
        ((time(7, 0), time(11, 30), time(17, 0), time(13, 30)), "afternoon_end"),  # afternoon reversed
        ((time(7, 0), time(12, 0), time(11, 30), time(17, 0)), "afternoon_start"),  # sessions overlap
    ],
)
def test_office_hours_must_be_two_ordered_sessions(justice, sessions, field):
    morning_start, morning_end, afternoon_start, afternoon_end = sessions
    with pytest.raises(ValidationError) as error:
        services.set_office_hours(
            agency=justice,
            morning_start=morning_start,
            morning_end=morning_end,
            afternoon_start=afternoon_start,
            afternoon_end=afternoon_end,
            actor=None,
        )
    assert field in error.value.message_dict
    assert not OfficeHours.objects.filter(agency=justice).exists()


def test_database_refuses_a_second_province_default():
    # given: the seeded default row; when: a second row without an agency is inserted raw
    with pytest.raises(IntegrityError), transaction.atomic():
        OfficeHours.objects.create(agency=None)


def test_model_validation_reports_a_second_province_default():
    with pytest.raises(ValidationError):
        OfficeHours(agency=None).full_clean()


def test_list_calendar_days_names_days_off_and_make_up_days():
    # when
    days = selectors.list_calendar_days(2026)
    # then: date-ordered, named, without plain weekends
    assert days == sorted(days, key=lambda d: d["date"])
    by_date = {d["date"]: d for d in days}
    assert by_date[date(2026, 8, 22)]["kind"] == "make_up"
    assert by_date[date(2026, 9, 2)] == {"date": date(2026, 9, 2), "kind": "day_off", "name": "Quốc khánh"}
    assert date(2026, 3, 7) not in by_date  # an ordinary Saturday
