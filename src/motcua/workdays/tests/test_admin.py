"""Admin screens of the calendar: they load for a superuser and save through the services."""

from __future__ import annotations

from datetime import date, time

from django.urls import reverse

import pytest
from structlog.testing import capture_logs

from motcua.organisations.models import Agency
from motcua.workdays import selectors
from motcua.workdays.models import CalendarOverride, OfficeHours

pytestmark = pytest.mark.django_db

NOTE = "KHÔNG tự động thay đổi"


@pytest.fixture
def superuser_client(client, demo):
    # given: the demo provincial administrator (a superuser)
    assert demo.quantri.is_superuser
    client.force_login(demo.quantri)
    return client


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:workdays_calendaroverride_changelist",
        "admin:workdays_calendaroverride_add",
        "admin:workdays_officehours_changelist",
        "admin:workdays_officehours_add",
    ],
)
def test_calendar_admin_pages_load_for_a_superuser(superuser_client, url_name):
    response = superuser_client.get(reverse(url_name))
    assert response.status_code == 200


def test_change_forms_warn_that_received_dossiers_keep_their_due_dates(superuser_client):
    override = CalendarOverride.objects.get(date=date(2026, 8, 22))
    default = OfficeHours.objects.get(agency=None)
    for url in (
        reverse("admin:workdays_calendaroverride_change", args=[override.pk]),
        reverse("admin:workdays_officehours_change", args=[default.pk]),
        reverse("admin:workdays_calendaroverride_add"),
    ):
        assert NOTE in superuser_client.get(url).content.decode()


def test_adding_an_override_in_the_admin_goes_through_the_service(superuser_client, demo):
    # when: the administrator adds Saturday 7/3/2026 as a make-up day
    with capture_logs() as logs:
        response = superuser_client.post(
            reverse("admin:workdays_calendaroverride_add"),
            {"date": "2026-03-07", "kind": "make_up", "name": "Làm bù thử", "source": "Công văn 1/UBND"},
        )
    # then: saved by set_override with the administrator as actor, and the calendar follows
    assert response.status_code == 302
    assert CalendarOverride.objects.get(date=date(2026, 3, 7)).source == "Công văn 1/UBND"
    events = [e for e in logs if e["event"] == "calendar_override_set"]
    assert len(events) == 1
    assert events[0]["actor_id"] == demo.quantri.pk
    assert selectors.get_calendar().is_working_day(date(2026, 3, 7))


def test_admin_refuses_an_override_outside_the_calendar_years(superuser_client):
    response = superuser_client.post(
        reverse("admin:workdays_calendaroverride_add"),
        {"date": "2040-03-03", "kind": "day_off", "name": "Nghỉ", "source": ""},
    )
    assert response.status_code == 200  # the form again, with the error
    assert "2020–2035" in response.content.decode()
    assert not CalendarOverride.objects.filter(date=date(2040, 3, 3)).exists()


def test_deleting_an_override_in_the_admin_goes_through_the_service(superuser_client):
    override = CalendarOverride.objects.get(date=date(2026, 1, 10))
    with capture_logs() as logs:
        response = superuser_client.post(
            reverse("admin:workdays_calendaroverride_delete", args=[override.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not CalendarOverride.objects.filter(pk=override.pk).exists()
    assert [e["event"] for e in logs].count("calendar_override_removed") == 1


def test_bulk_delete_action_goes_through_the_service(superuser_client):
    ids = list(CalendarOverride.objects.filter(date__year=2025).values_list("pk", flat=True))
    with capture_logs() as logs:
        superuser_client.post(
            reverse("admin:workdays_calendaroverride_changelist"),
            {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
        )
    assert not CalendarOverride.objects.filter(pk__in=ids).exists()
    assert [e["event"] for e in logs].count("calendar_override_removed") == len(ids)


def test_changing_the_default_office_hours_in_the_admin_goes_through_the_service(superuser_client, demo):
    default = OfficeHours.objects.get(agency=None)
    with capture_logs() as logs:
        response = superuser_client.post(
            reverse("admin:workdays_officehours_change", args=[default.pk]),
            {
                "morning_start": "07:30",
                "morning_end": "11:30",
                "afternoon_start": "13:30",
                "afternoon_end": "17:30",
            },
        )
    assert response.status_code == 302
    event = next(e for e in logs if e["event"] == "office_hours_set")
    assert event["actor_id"] == demo.quantri.pk
    assert event["agency_id"] is None
    assert selectors.get_calendar().office_hours.describe() == "07:30–11:30, 13:30–17:30"


def test_adding_agency_office_hours_in_the_admin(superuser_client):
    justice = Agency.objects.get(electronic_id="000.00.12.H41")
    response = superuser_client.post(
        reverse("admin:workdays_officehours_add"),
        {
            "agency": justice.pk,
            "morning_start": "07:30",
            "morning_end": "11:30",
            "afternoon_start": "13:00",
            "afternoon_end": "16:00",
        },
    )
    assert response.status_code == 302
    assert selectors.get_calendar(agency=justice).office_hours.opening == time(7, 30)


def test_admin_refuses_reversed_sessions_and_a_second_default(superuser_client):
    url = reverse("admin:workdays_officehours_add")
    reversed_ = superuser_client.post(
        url,
        {
            "morning_start": "11:30",
            "morning_end": "07:00",
            "afternoon_start": "13:30",
            "afternoon_end": "17:00",
        },
    )
    assert reversed_.status_code == 200
    assert "Buổi sáng phải kết thúc sau khi bắt đầu" in reversed_.content.decode()
    second_default = superuser_client.post(
        url,
        {
            "morning_start": "07:00",
            "morning_end": "11:30",
            "afternoon_start": "13:30",
            "afternoon_end": "17:00",
        },
    )
    assert second_default.status_code == 200
    assert "Đã có giờ làm việc cho cơ quan này" in second_default.content.decode()
    assert OfficeHours.objects.filter(agency=None).count() == 1


def test_the_default_office_hours_cannot_be_deleted_in_the_admin(superuser_client):
    default = OfficeHours.objects.get(agency=None)
    response = superuser_client.post(
        reverse("admin:workdays_officehours_delete", args=[default.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert OfficeHours.objects.filter(pk=default.pk).exists()
