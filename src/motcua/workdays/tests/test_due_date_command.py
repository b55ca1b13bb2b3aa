"""``motcua due_date``: one ISO 8601 line on stdout, or one message on stderr and exit status 2."""

from __future__ import annotations

import io
from datetime import date, time

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

import pytest

from motcua.organisations.models import Agency
from motcua.workdays import services
from motcua.workdays.management.commands.due_date import Command

pytestmark = pytest.mark.django_db


def due_date(*args: str) -> str:
    out = io.StringIO()
    call_command("due_date", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # the documented example: Monday 09:00 + 3 working days (8 h each) → Thursday 09:00
        (["--start", "2026-03-02T09:00", "--working-days", "3"], "2026-03-05T09:00:00+07:00"),
        # Decree 118 Art 18(2): at the desk at or after 15:00 → counts from 07:00 next working day
        (["--start", "2026-03-02T15:00", "--working-days", "1"], "2026-03-03T17:00:00+07:00"),
        # … online and by post there is no cut-off: the next working instant (Art 17(2)(3))
        (
            ["--start", "2026-03-02T15:00", "--working-days", "1", "--channel", "online"],
            "2026-03-03T15:00:00+07:00",
        ),
        (
            ["--start", "2026-03-02T15:00", "--working-days", "1", "--channel", "postal"],
            "2026-03-03T15:00:00+07:00",
        ),
        # an aware start is converted: 02:00 UTC = 09:00 in Vietnam
        (["--start", "2026-03-02T02:00:00Z", "--working-days", "3"], "2026-03-05T09:00:00+07:00"),
        (["--start", "2026-03-02T09:00:00+07:00", "--working-days", "3"], "2026-03-05T09:00:00+07:00"),
        # fractional working days: 0.5 day = 4 working hours (1 day = daily office time)
        (["--start", "2026-03-02T09:00", "--working-days", "0.5"], "2026-03-02T15:00:00+07:00"),
        # working hours count only inside sessions (lunch 11:30–13:30 skipped)
        (["--start", "2026-03-02T09:00", "--working-hours", "4"], "2026-03-02T15:00:00+07:00"),
        # a due instant that lands exactly at a session end stays there
        (["--start", "2026-03-02T09:00", "--working-hours", "2.5"], "2026-03-02T11:30:00+07:00"),
        # Labour Code 2019 Art 112: Tết 2026 (16–20/2) and the weekends around it are skipped
        (["--start", "2026-02-13T09:00", "--working-days", "1"], "2026-02-23T09:00:00+07:00"),
        # make-up Saturday 22/8/2026 (ngày làm bù) is a working day
        (["--start", "2026-08-21T09:00", "--working-days", "1"], "2026-08-22T09:00:00+07:00"),
        # Civil Code 2015 Art 147–148: start day not counted, ends at close of office hours of day 15
        (["--start", "2026-03-02T09:00", "--calendar-days", "15"], "2026-03-17T17:00:00+07:00"),
        # … moved to the close of the next working day when the last day is a Sunday (Art 148(5))
        (["--start", "2026-03-02T09:00", "--calendar-days", "6"], "2026-03-09T17:00:00+07:00"),
        # "trong ngày": close of office hours of the clock-start day…
        (["--start", "2026-03-02T10:00", "--same-day"], "2026-03-02T17:00:00+07:00"),
        # … which, at the desk after 15:00, is the next working day (Art 18(2))
        (["--start", "2026-03-02T15:30", "--same-day"], "2026-03-03T17:00:00+07:00"),
    ],
)
def test_due_date_prints_the_due_instant_on_one_line(args, expected):
    assert due_date(*args) == expected + "\n"


def test_due_date_uses_the_agency_office_hours():
    # given: Sở Tư pháp works 07:30–11:30 and 13:00–16:00
    justice = Agency.objects.get(electronic_id="000.00.12.H41")
    services.set_office_hours(
        agency=justice,
        morning_start=time(7, 30),
        morning_end=time(11, 30),
        afternoon_start=time(13, 0),
        afternoon_end=time(16, 0),
        actor=None,
    )
    args = ["--start", "2026-03-02T09:00", "--working-hours", "8"]
    # then: its sessions count; without --agency the province default applies
    assert due_date(*args, "--agency", "000.00.12.H41") == "2026-03-03T10:00:00+07:00\n"
    assert due_date(*args) == "2026-03-03T09:00:00+07:00\n"


def test_due_date_follows_an_override_added_in_the_admin():
    # given: Saturday 7/3/2026 becomes a make-up working day
    services.set_override(date=date(2026, 3, 7), kind="make_up", name="Làm bù", actor=None)
    # then: Friday 09:00 + 1 working day = Saturday 09:00
    assert due_date("--start", "2026-03-06T09:00", "--working-days", "1") == "2026-03-07T09:00:00+07:00\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "hôm qua", "--working-days", "3"], "Thời điểm bắt đầu không hợp lệ"),
        (["--start", "2026-03-02T09:00"], "Cần chỉ định đúng một loại thời hạn"),
        (["--start", "2026-03-02T09:00", "--working-days", "3", "--same-day"], "đúng một loại thời hạn"),
        (["--start", "2026-03-02T09:00", "--working-days", "1", "--working-hours", "2"], "đúng một loại"),
        (["--start", "2026-03-02T09:00", "--working-days", "-3"], "không được âm"),
        (["--start", "2026-03-02T09:00", "--working-days", "ba"], "phải là một số"),
        (["--start", "2026-03-02T09:00", "--working-days", "nan"], "phải là một số"),
        (["--start", "2026-03-02T09:00", "--working-days", "1e999999"], "quá lớn"),
        (["--start", "2026-03-02T09:00", "--working-days", "1e-999999"], "6 chữ số thập phân"),
        (["--start", "2026-03-02T09:00", "--calendar-days", "1.5"], "số nguyên"),
        (
            ["--start", "2026-03-02T09:00", "--working-days", "3", "--agency", "000.00.99.Z99"],
            "Không tìm thấy cơ quan",
        ),
        (
            ["--start", "2026-03-02T09:00", "--working-days", "3", "--channel", "fax"],
            "Kênh tiếp nhận không hợp lệ",
        ),
        (["--start", "2019-03-01T09:00", "--working-days", "3"], "ngoài phạm vi lịch làm việc"),
        (["--start", "2035-12-28T09:00", "--working-days", "30"], "ngoài phạm vi lịch làm việc"),
        (["--working-days", "3"], "Thiếu --start"),
    ],
)
def test_due_date_refuses_bad_arguments_with_status_2(args, message):
    with pytest.raises(CommandError) as error:
        due_date(*args)
    assert error.value.returncode == 2
    assert message in str(error.value)
    assert "\n" not in str(error.value)


@pytest.fixture
def keep_test_connection(monkeypatch):
    """run_from_argv closes every connection when it ends; the test transaction needs its own."""
    monkeypatch.setattr(connections, "close_all", lambda: None)


@pytest.mark.usefixtures("keep_test_connection")
def test_due_date_from_the_command_line_exits_2_with_one_line_on_stderr(capsys):
    # when: run the way `motcua due_date …` runs it
    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["motcua", "due_date", "--start", "2026-03-02T09:00", "--working-days", "-1"])
    # then
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0
    assert "Số ngày làm việc không được âm" in err


@pytest.mark.usefixtures("keep_test_connection")
def test_due_date_from_the_command_line_exits_2_on_an_unknown_option(capsys):
    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["motcua", "due_date", "--start", "2026-03-02T09:00", "--weeks", "1"])
    assert exit_.value.code == 2


@pytest.mark.usefixtures("keep_test_connection")
def test_due_date_from_the_command_line_prints_only_the_instant(capsys):
    Command().run_from_argv(["motcua", "due_date", "--start", "2026-03-02T09:00", "--working-days", "3"])
    assert capsys.readouterr().out == "2026-03-05T09:00:00+07:00\n"


def test_due_date_explain_goes_to_stderr_and_keeps_stdout_one_line():
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "due_date", "--start", "2026-03-02T15:30", "--working-days", "1", "--explain", stdout=out, stderr=err
    )
    assert out.getvalue() == "2026-03-03T17:00:00+07:00\n"
    assert "Điều 18 khoản 2" in err.getvalue()
