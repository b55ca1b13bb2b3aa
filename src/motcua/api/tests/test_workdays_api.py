"""GET /api/v1/workdays/due-date and /calendar, exercised on the router with ninja's test client."""

from __future__ import annotations

from datetime import date, time
from urllib.parse import urlencode

import pytest
from ninja.testing import TestClient

from motcua.api.workdays import router
from motcua.organisations.models import Agency
from motcua.workdays import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> TestClient:
    return TestClient(router)


def get(api: TestClient, path: str, **params: str):
    return api.get(f"{path}?{urlencode(params)}")


def test_due_date_returns_due_instant_clock_start_and_explanation(api):
    # when: received at the desk Monday 09:00, 3 working days (Decree 118 Art 17(3), 18(2))
    response = get(api, "/due-date", start="2026-03-02T09:00", working_days="3", channel="counter")
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["due_at"] == "2026-03-05T09:00:00+07:00"
    assert body["clock_start"] == "2026-03-02T09:00:00+07:00"
    assert body["explanation"][-1] == "Hẹn trả kết quả: 09:00 Thứ Năm 05/03/2026."
    assert body["duration"] == "3 ngày làm việc"


def test_due_date_channel_decides_the_clock_start(api):
    # Decree 118 Art 18(2): the 15:00 cut-off applies at the desk only
    counter = get(api, "/due-date", start="2026-03-02T15:30", working_hours="1", channel="counter").json()
    online = get(api, "/due-date", start="2026-03-02T15:30", working_hours="1", channel="online").json()
    assert counter["clock_start"] == "2026-03-03T07:00:00+07:00"
    assert counter["due_at"] == "2026-03-03T08:00:00+07:00"
    assert online["clock_start"] == "2026-03-02T15:30:00+07:00"
    assert online["due_at"] == "2026-03-02T16:30:00+07:00"


@pytest.mark.parametrize(
    ("params", "due_at"),
    [
        ({"working_hours": "8"}, "2026-03-03T09:00:00+07:00"),
        # Civil Code 2015 Art 147–148: close of office hours of the last day
        ({"calendar_days": "15"}, "2026-03-17T17:00:00+07:00"),
        ({"same_day": "true"}, "2026-03-02T17:00:00+07:00"),
        ({"working_days": "0,5"}, "2026-03-02T15:00:00+07:00"),  # Vietnamese decimal comma
    ],
)
def test_due_date_accepts_every_duration_kind(api, params, due_at):
    response = get(api, "/due-date", start="2026-03-02T09:00", **params)
    assert response.status_code == 200
    assert response.json()["due_at"] == due_at


def test_due_date_accepts_an_offset_whose_plus_was_not_url_encoded(api):
    # "+07:00" sent raw in a query string arrives as " 07:00"
    response = api.get("/due-date?start=2026-03-02T09:00+07:00&working_days=3")
    assert response.status_code == 200
    assert response.json()["due_at"] == "2026-03-05T09:00:00+07:00"


def test_due_date_uses_the_agency_office_hours(api):
    # given: Sở Tư pháp opens 07:30–11:30, 13:00–16:00
    services.set_office_hours(
        agency=Agency.objects.get(electronic_id="000.00.12.H41"),
        morning_start=time(7, 30),
        morning_end=time(11, 30),
        afternoon_start=time(13, 0),
        afternoon_end=time(16, 0),
        actor=None,
    )
    response = get(api, "/due-date", start="2026-03-02T09:00", working_hours="8", agency="000.00.12.H41")
    assert response.json()["due_at"] == "2026-03-03T10:00:00+07:00"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-13-45", "working_days": "3"}, "Thời điểm bắt đầu không hợp lệ"),
        ({"working_days": "3"}, "Thiếu thời điểm bắt đầu"),
        ({"start": "2026-03-02T09:00"}, "đúng một loại thời hạn"),
        ({"start": "2026-03-02T09:00", "working_days": "3", "calendar_days": "3"}, "đúng một loại thời hạn"),
        ({"start": "2026-03-02T09:00", "working_days": "-1"}, "không được âm"),
        ({"start": "2026-03-02T09:00", "working_hours": "abc"}, "phải là một số"),
        ({"start": "2026-03-02T09:00", "same_day": "maybe"}, "same_day"),
        ({"start": "2026-03-02T09:00", "working_days": "3", "channel": "fax"}, "Kênh tiếp nhận"),
        ({"start": "2026-03-02T09:00", "working_days": "3", "agency": "không-có"}, "Không tìm thấy cơ quan"),
        ({"start": "2040-01-01T09:00", "working_days": "3"}, "ngoài phạm vi lịch làm việc"),
    ],
)
def test_due_date_bad_input_is_422_with_a_vietnamese_message(api, params, message):
    response = get(api, "/due-date", **params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert message in body["message"]


def test_calendar_lists_days_off_and_make_up_days_with_names(api):
    # when
    response = get(api, "/calendar", year="2026")
    # then: Tết, the announced swaps and the make-up Saturdays, named
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2026
    days_off = {d["date"]: d["name"] for d in body["days_off"]}
    assert "2026-02-17" in days_off
    assert days_off["2026-09-02"] == "Quốc khánh"
    assert days_off["2026-08-31"].startswith("Nghỉ bù Quốc khánh")
    assert body["make_up_days"] == [
        {"date": "2026-01-10", "name": "Làm bù cho ngày nghỉ 02/01/2026"},
        {"date": "2026-08-22", "name": "Làm bù cho ngày nghỉ 31/08/2026"},
    ]


def test_calendar_shows_an_override_added_in_the_admin(api):
    services.set_override(date=date(2026, 3, 7), kind="make_up", name="Làm bù thử", actor=None)
    body = get(api, "/calendar", year="2026").json()
    assert {"date": "2026-03-07", "name": "Làm bù thử"} in body["make_up_days"]


@pytest.mark.parametrize("year", ["2019", "2036", "năm nay", ""])
def test_calendar_year_outside_the_range_is_422(api, year):
    response = get(api, "/calendar", year=year)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert "2020" in response.json()["message"]


def test_due_date_costs_a_bounded_number_of_queries(api, django_assert_max_num_queries):
    get(api, "/due-date", start="2026-03-02T09:00", working_days="3")  # warm the calendar cache
    with django_assert_max_num_queries(2):  # calendar version + agency lookup
        get(api, "/due-date", start="2026-03-02T09:00", working_days="3", agency="000.00.12.H41")
