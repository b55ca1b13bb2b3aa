"""Meetings, conclusions, inspections, pilots, indices, sensitive posts, reception days, KPIs."""

from datetime import date
from decimal import Decimal

import pytest

from conftest import vn
from motcua.core.errors import InvalidInput, NotAllowed
from motcua.reform import kpis, schedule, selectors, services
from motcua.reform.models import Meeting, ReceptionCase, TaskSource


def weekdays(day: date) -> bool:
    return day.weekday() < 5


pytestmark = pytest.mark.django_db


def test_twelve_meetings_with_quarterly_online_ones_scheduled_once(reform):
    first = services.schedule_year_meetings(
        committee=reform.committee, year=2026, actor=reform.secretary, is_working_day=weekdays
    )
    again = services.schedule_year_meetings(
        committee=reform.committee, year=2026, actor=reform.secretary, is_working_day=weekdays
    )
    assert len(first) == 12
    assert again == []
    quarterly = [m.scheduled_at.month for m in first if m.kind == Meeting.Kind.QUARTERLY_ONLINE]
    assert quarterly == [3, 6, 9, 12]
    # 25 April 2026 is a Saturday: the meeting moves to Friday the 24th
    april = next(m for m in first if m.scheduled_at.month == 4)
    assert april.scheduled_at.day == 24


def test_a_conclusion_becomes_a_tracked_task_of_the_years_plan(reform):
    meeting = services.schedule_meeting(
        committee=reform.committee,
        kind="extra",
        scheduled_at=vn(2026, 2, 3, 14),
        location="Phòng họp",
        agenda="",
        actor=reform.secretary,
    )
    data = services.TaskInput(
        title="", group=reform.groups[0], owner=reform.finance, deadline=date(2026, 3, 15)
    )
    with pytest.raises(InvalidInput, match="cuộc họp đã diễn ra"):
        services.add_conclusion(
            meeting=meeting, text="Sở Tài chính ...", data=data, actor=reform.secretary, at=vn(2026, 2, 3, 17)
        )
    meeting = services.record_minutes(
        meeting=meeting, agenda="", minutes="Biên bản", held_at=vn(2026, 2, 3, 14), actor=reform.secretary
    )
    conclusion = services.add_conclusion(
        meeting=meeting,
        text="Sở Tài chính triển khai thanh toán trực tuyến",
        data=data,
        actor=reform.secretary,
        at=vn(2026, 2, 3, 17),
    )
    task = conclusion.task
    assert task.plan == reform.plan
    assert task.source == TaskSource.CONCLUSION
    assert task.title == "Sở Tài chính triển khai thanh toán trực tuyến"
    no_owner = services.TaskInput(title="", group=reform.groups[0], owner=None, deadline=date(2026, 3, 15))
    with pytest.raises(InvalidInput, match="đơn vị chủ trì"):
        services.add_conclusion(
            meeting=meeting,
            text="Thiếu chủ trì",
            data=no_owner,
            actor=reform.secretary,
            at=vn(2026, 2, 3, 17),
        )
    assert meeting.conclusions.count() == 1  # the refused conclusion left nothing behind


def test_inspection_finding_becomes_a_fix_task_of_the_inspected_unit(reform):
    inspection = services.plan_inspection(
        committee=reform.committee,
        agency=reform.finance,
        planned_on=date(2026, 5, 5),
        scope="Một cửa",
        actor=reform.secretary,
    )
    services.record_inspection(
        inspection=inspection, conducted_on=date(2026, 5, 6), summary="Đạt yêu cầu", actor=reform.secretary
    )
    finding = services.add_finding(
        inspection=inspection,
        text="Chưa niêm yết TTHC",
        required_fix="Niêm yết đầy đủ",
        data=services.TaskInput(title="", group=reform.groups[4], owner=None, deadline=date(2026, 6, 1)),
        actor=reform.secretary,
        at=vn(2026, 5, 6, 16),
    )
    assert finding.task.owner == reform.finance
    assert finding.task.source == TaskSource.INSPECTION


def test_pilot_units_show_their_tally_and_kpis_side_by_side(reform, demo):
    member = reform.committee.members.get(role="chair")
    services.designate_pilot_unit(
        committee=reform.committee,
        year=2026,
        agency=reform.justice,
        member_in_charge=member,
        focus="Số hóa",
        actor=reform.secretary,
    )
    with pytest.raises(InvalidInput, match="đã là đơn vị chỉ đạo điểm"):
        services.designate_pilot_unit(
            committee=reform.committee,
            year=2026,
            agency=reform.justice,
            member_in_charge=member,
            focus="",
            actor=reform.secretary,
        )
    rows = selectors.list_pilot_units(user=demo.bancidao, year=2026, as_of=date(2026, 12, 31))
    assert rows[0].tally.planned == 1
    codes = {r.definition.code: r for r in rows[0].readings}
    assert codes["reform.completion_rate"].value == Decimal("0.00")
    assert codes["dossiers.online_rate"].value is None  # placeholder until the dashboards register
    with pytest.raises(selectors.NotVisible):
        selectors.list_pilot_units(user=demo.lanhdao, year=2026, as_of=date(2026, 12, 31))


def test_a_task_naming_a_kpi_reads_it_live_and_compares_with_the_target(reform, demo):
    services.report_progress(
        task=reform.digital,
        status="completed",
        percent=100,
        comment="Xong",
        files=[],
        actor=demo.lanhdao,
        at=vn(2026, 3, 1, 9),
    )
    reading = kpis.read(
        code="reform.completion_rate",
        agency=reform.justice,
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
        target=Decimal("90"),
        direction="at_least",
    )
    assert reading.value == Decimal("100.00")
    assert reading.met is True
    assert kpis.is_met(Decimal("12"), Decimal("10"), "at_most") is False


def test_dashboards_can_replace_a_placeholder_provider(reform):
    original = kpis.get_definition("dossiers.online_rate")
    try:
        kpis.register(
            "dossiers.online_rate",
            label="Online",
            unit="%",
            replace=True,
            provider=lambda *, agency, start, end: kpis.KpiValue(value=Decimal("61.5")),
        )
        reading = kpis.read(
            code="dossiers.online_rate",
            agency=reform.justice,
            start=date(2026, 1, 1),
            end=date(2026, 12, 31),
            target=Decimal("60"),
            direction="at_least",
        )
        assert reading.met is True
        with pytest.raises(ValueError, match="already registered"):
            kpis.register("dossiers.online_rate", label="x", unit="%", provider=original.provider)
    finally:
        kpis.register(
            original.code,
            label=original.label,
            unit=original.unit,
            provider=original.provider,
            is_placeholder=True,
            replace=True,
        )


def test_index_results_and_targets_validate_their_figures(reform, demo):
    with pytest.raises(InvalidInput, match="vượt quá thang điểm"):
        services.record_index_result(
            committee=reform.committee, kind="par_index", year=2025, score="101", actor=reform.secretary
        )
    with pytest.raises(InvalidInput, match="Thứ hạng phải từ 1"):
        services.record_index_result(
            committee=reform.committee,
            kind="pci",
            year=2025,
            score="66",
            national_rank=40,
            ranked_count=34,
            actor=reform.secretary,
        )
    result = services.record_index_result(
        committee=reform.committee,
        kind="pci",
        year=2025,
        score="66,5",
        national_rank=13,
        ranked_count=34,
        components=[services.ComponentInput(name="Gia nhập thị trường", score=Decimal("7.1"))],
        actor=reform.secretary,
        is_illustrative=True,
    )
    assert result.score == Decimal("66.5")
    assert result.components.count() == 1
    with pytest.raises(InvalidInput, match="thứ hạng hoặc điểm"):
        services.set_index_target(committee=reform.committee, kind="pci", year=2026, actor=reform.secretary)
    with pytest.raises(NotAllowed):
        services.set_index_target(
            committee=reform.committee, kind="pci", year=2026, target_rank=10, actor=demo.lanhdao
        )


def test_rotation_states_follow_the_provinces_term():
    today = date(2026, 11, 20)
    assert schedule.rotation_state(
        started_on=date(2023, 6, 1), rotation_months=36, warning_months=3, today=today
    ) == (schedule.RotationState.OVERDUE, date(2026, 6, 1))
    assert (
        schedule.rotation_state(
            started_on=date(2024, 1, 15), rotation_months=36, warning_months=3, today=today
        )[0]
        == schedule.RotationState.DUE
    )
    assert (
        schedule.rotation_state(
            started_on=date(2025, 1, 1), rotation_months=36, warning_months=3, today=today
        )[0]
        == schedule.RotationState.OK
    )


def test_sensitive_posts_refuse_terms_outside_two_to_five_years(reform, demo):
    with pytest.raises(InvalidInput, match="từ 24 đến 60 tháng"):
        services.register_sensitive_post(
            committee=reform.committee,
            name="Địa chính xã",
            agency=reform.justice,
            personnel_agency=reform.home,
            rotation_months=12,
            actor=reform.secretary,
        )
    post = services.register_sensitive_post(
        committee=reform.committee,
        name="Địa chính xã",
        agency=reform.justice,
        personnel_agency=reform.home,
        actor=reform.secretary,
    )
    assert post.rotation_months == 36  # the province default
    holding = services.record_holding(
        committee=reform.committee,
        post=post,
        official_name="Trần Văn Lợi",
        started_on=date(2023, 1, 2),
        actor=reform.secretary,
    )
    rows = selectors.list_holdings(user=demo.bancidao, today=date(2026, 11, 20))
    assert rows[0].state == schedule.RotationState.OVERDUE
    with pytest.raises(InvalidInput, match="sau ngày bắt đầu"):
        services.end_holding(
            committee=reform.committee, holding=holding, ended_on=date(2022, 1, 1), actor=reform.secretary
        )
    with pytest.raises(NotAllowed):
        services.record_holding(
            committee=reform.committee,
            post=post,
            official_name="X",
            started_on=date(2024, 1, 1),
            actor=demo.tiepnhan,
        )


def test_reception_days_fall_on_the_5th_and_15th_or_the_next_working_day():
    days = schedule.reception_days(2026, [4, 7], days_of_month=(5, 15), is_working_day=weekdays)
    # 5 April 2026 is a Sunday → Monday 6th; 5 July is a Sunday → Monday 6th; 15 July Wednesday
    assert days == [date(2026, 4, 6), date(2026, 4, 15), date(2026, 7, 6), date(2026, 7, 15)]


def test_reception_case_is_assigned_followed_up_and_closed(reform, demo):
    created = services.schedule_reception_days(
        committee=reform.committee,
        year=2026,
        months=[3],
        host=reform.chair,
        location="Trụ sở tiếp công dân",
        actor=reform.secretary,
        is_working_day=weekdays,
    )
    assert [d.date for d in created] == [date(2026, 3, 5), date(2026, 3, 16)]
    case = services.record_reception_case(
        day=created[0],
        citizen_name="Nguyễn Văn Bình",
        citizen_contact="",
        content="Chậm cấp sổ đỏ",
        actor=reform.secretary,
        at=vn(2026, 3, 5, 8),
    )
    with pytest.raises(InvalidInput, match="hạn xử lý"):
        services.assign_reception_case(
            case=case,
            agency=reform.justice,
            deadline=None,
            note="",
            actor=reform.secretary,
            at=vn(2026, 3, 5, 10),
        )
    case = services.assign_reception_case(
        case=case,
        agency=reform.justice,
        deadline=date(2026, 3, 20),
        note="",
        actor=reform.secretary,
        at=vn(2026, 3, 5, 10),
    )
    # the assigned agency follows up; another agency may not
    services.follow_up_reception_case(
        case=case, note="Đã mời công dân làm việc", actor=demo.lanhdao, at=vn(2026, 3, 10, 9)
    )
    with pytest.raises(NotAllowed):
        services.follow_up_reception_case(case=case, note="x", actor=demo.tiepnhan, at=vn(2026, 3, 10, 9))
    with pytest.raises(NotAllowed):
        services.close_reception_case(case=case, result="x", actor=demo.lanhdao, at=vn(2026, 3, 12, 9))
    case = services.close_reception_case(
        case=case, result="Đã cấp giấy chứng nhận", actor=reform.secretary, at=vn(2026, 3, 12, 9)
    )
    assert case.status == ReceptionCase.Status.CLOSED
    assert case.closed_on == date(2026, 3, 12)
    assert [u.status for u in case.updates.all()] == ["received", "assigned", "assigned", "closed"]
    assert list(selectors.list_reception_cases(user=demo.lanhdao)) == [case]
    assert list(selectors.list_reception_cases(user=demo.tiepnhan)) == []
