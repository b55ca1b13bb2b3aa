"""Plans, tasks and progress through their services: rights, bad input, events, completion."""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction

import pytest

from conftest import pdf_upload, vn
from motcua.core.errors import Conflict, InvalidInput, NotAllowed
from motcua.reform import selectors
from motcua.reform.audit import GENESIS, canonical_content, chain_hash
from motcua.reform.models import ProgressReport, ReformPlan, ReformTask, ReformTaskEvent, TaskStatus
from motcua.reform.progress import completion_rate
from motcua.reform.services import (
    DEFAULT_GROUPS,
    TaskInput,
    add_group,
    cancel_task,
    create_plan,
    create_task,
    remove_group,
    rename_group,
    reopen_task,
    report_progress,
    update_task,
)

pytestmark = pytest.mark.django_db


def test_the_plan_starts_with_the_five_key_task_groups(reform):
    assert [g.name for g in reform.groups] == list(DEFAULT_GROUPS)
    assert reform.plan.status == ReformPlan.Status.ISSUED
    assert reform.plan.decision_number == "15/QĐ-UBND"


@pytest.mark.parametrize("username", ["lanhdao", "bancidao", "quantri", "congdan"])
def test_only_committee_members_create_plans(reform, demo, username):
    before = ReformPlan.objects.count()
    with pytest.raises(NotAllowed, match="Chỉ thành viên Ban Chỉ đạo"):
        create_plan(
            committee=reform.committee,
            title="Kế hoạch 2027",
            kind="yearly",
            start_year=2027,
            end_year=2027,
            actor=demo.users[username],
            at=vn(2026, 12, 1, 9),
        )
    assert ReformPlan.objects.count() == before


def test_the_chair_may_also_edit_and_groups_are_editable(reform):
    group = add_group(plan=reform.plan, name="Cải cách tài chính công", actor=reform.chair)
    rename_group(group=group, name="Cải cách tài chính công (bổ sung)", actor=reform.secretary)
    with pytest.raises(InvalidInput, match="đã có nhóm"):
        add_group(plan=reform.plan, name="Chuyển đổi số", actor=reform.secretary)
    with pytest.raises(InvalidInput, match="còn nhiệm vụ"):
        remove_group(group=reform.groups[0], actor=reform.secretary)
    remove_group(group=group, actor=reform.secretary)
    assert reform.plan.groups.count() == 5


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"owner": None}, "phải có đơn vị chủ trì"),
        ({"deadline": None}, "phải có thời hạn hoàn thành"),
        ({"title": "  "}, "nhập tên nhiệm vụ"),
        ({"deadline": date(2027, 1, 15)}, "nằm trong thời gian của kế hoạch \\(2026\\)"),
        ({"legal_basis_url": "javascript:alert(1)"}, "Liên kết văn bản căn cứ không hợp lệ"),
        ({"kpi_code": "khong.co"}, "không có trong danh mục"),
    ],
)
def test_bad_task_input_is_refused_and_changes_nothing(reform, changes, message):
    tasks, events = ReformTask.objects.count(), ReformTaskEvent.objects.count()
    fields = {
        "title": "Nhiệm vụ mới",
        "group": reform.groups[2],
        "owner": reform.justice,
        "deadline": date(2026, 9, 30),
        **changes,
    }
    with pytest.raises(InvalidInput, match=message):
        create_task(plan=reform.plan, data=TaskInput(**fields), actor=reform.secretary, at=vn(2026, 2, 1, 9))
    assert (ReformTask.objects.count(), ReformTaskEvent.objects.count()) == (tasks, events)


def test_owner_reports_progress_then_completion_with_evidence(reform, demo):
    task = reform.digital
    report_progress(
        task=task,
        status="in_progress",
        percent="40",
        comment="Đã số hóa 40% sổ hộ tịch",
        files=[],
        actor=demo.chuyenvien,
        at=vn(2026, 2, 10, 9),
    )
    report = report_progress(
        task=task,
        status="completed",
        percent=100,
        comment="Hoàn thành",
        files=[pdf_upload("bao-cao.pdf")],
        actor=demo.lanhdao,
        at=vn(2026, 3, 20, 15),
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.COMPLETED
    assert task.completed_on == date(2026, 3, 20)
    assert report.files.get().content_type == "application/pdf"
    assert [e.type for e in task.events.order_by("seq")] == ["created", "progress", "completed"]
    assert task.events.get(seq=3).data["to"] == {"status": "completed", "percent": 100}


@pytest.mark.parametrize(
    ("status", "percent", "message"),
    [
        ("in_progress", 120, "không được vượt quá 100%"),
        ("in_progress", -5, "không được vượt quá 100%"),
        ("in_progress", "abc", "số nguyên từ 0 đến 100"),
        ("completed", 90, "phải có tiến độ 100%"),
        ("in_progress", 100, "nghĩa là đã hoàn thành"),
        ("not_started", 0, "Vui lòng chọn tình trạng"),
    ],
)
def test_bad_progress_is_refused_and_changes_nothing(reform, demo, status, percent, message):
    with pytest.raises(InvalidInput, match=message):
        report_progress(
            task=reform.digital,
            status=status,
            percent=percent,
            comment="",
            files=[],
            actor=demo.lanhdao,
            at=vn(2026, 2, 10, 9),
        )
    reform.digital.refresh_from_db()
    assert (reform.digital.status, reform.digital.progress_percent) == ("not_started", 0)
    assert not ProgressReport.objects.exists()
    assert reform.digital.events.count() == 1


def test_completion_needs_a_result_or_evidence(reform, demo):
    with pytest.raises(InvalidInput, match="nêu kết quả hoặc kèm tệp minh chứng"):
        report_progress(
            task=reform.digital,
            status="completed",
            percent=100,
            comment="",
            files=[],
            actor=demo.lanhdao,
            at=vn(2026, 2, 10, 9),
        )


@pytest.mark.parametrize("username", ["tiepnhan", "bancidao", "quantri"])
def test_only_the_owner_unit_reports_progress(reform, demo, username):
    with pytest.raises(NotAllowed, match="Chỉ đơn vị chủ trì \\(Sở Tư pháp tỉnh Nghệ An\\)"):
        report_progress(
            task=reform.digital,
            status="in_progress",
            percent=10,
            comment="",
            files=[],
            actor=demo.users[username],
            at=vn(2026, 2, 10, 9),
        )
    # the secretary (Sở Nội vụ) edits the plan but does not report for Sở Tư pháp
    with pytest.raises(NotAllowed):
        report_progress(
            task=reform.digital,
            status="in_progress",
            percent=10,
            comment="",
            files=[],
            actor=reform.secretary,
            at=vn(2026, 2, 10, 9),
        )


def test_outsiders_cannot_edit_a_task(reform, demo):
    data = TaskInput(
        title="Đổi tên", group=reform.groups[0], owner=reform.justice, deadline=date(2026, 3, 31)
    )
    with pytest.raises(NotAllowed):
        update_task(task=reform.digital, data=data, actor=demo.lanhdao, at=vn(2026, 2, 1, 9))
    reform.digital.refresh_from_db()
    assert reform.digital.title == "Số hóa 100% kết quả hộ tịch"


def test_new_deadline_needs_a_reason_and_every_change_is_one_event(reform):
    task = reform.digital
    data = TaskInput(
        title=task.title,
        group=reform.groups[0],
        owner=reform.justice,
        deadline=date(2026, 4, 30),
        co_agencies=[reform.finance, reform.home],
        expected_output="Báo cáo kết quả",
    )
    with pytest.raises(InvalidInput, match="lý do điều chỉnh thời hạn"):
        update_task(task=task, data=data, actor=reform.secretary, at=vn(2026, 3, 1, 9))
    task = update_task(
        task=task,
        data=data,
        actor=reform.secretary,
        at=vn(2026, 3, 1, 9),
        reason="Chờ kết nối CSDL hộ tịch",
        expected_version=task.version,
    )
    event = task.events.get(type="updated")
    assert event.data["changes"]["deadline"] == ["2026-03-31", "2026-04-30"]
    assert event.data["changes"]["co_agencies"][1] == sorted([reform.finance.pk, reform.home.pk])
    assert event.note == "Chờ kết nối CSDL hộ tịch"
    with pytest.raises(Conflict):
        update_task(task=task, data=data, actor=reform.secretary, at=vn(2026, 3, 2, 9), expected_version=1)


def test_cancel_and_reopen_are_recorded_and_cancelled_tasks_do_not_count(reform):
    cancel_task(
        task=reform.procedure,
        reason="Chuyển sang kế hoạch giai đoạn",
        actor=reform.secretary,
        at=vn(2026, 5, 1, 9),
    )
    summary = selectors.get_progress(as_of=date(2026, 12, 31), year=2026)
    assert summary.total.planned == 1
    reopen_task(task=reform.procedure, reason="Tiếp tục thực hiện", actor=reform.chair, at=vn(2026, 5, 2, 9))
    reform.procedure.refresh_from_db()
    assert reform.procedure.status == TaskStatus.NOT_STARTED
    assert [e.type for e in reform.procedure.events.order_by("seq")] == ["created", "cancelled", "reopened"]


def test_completion_rate_per_group_and_overall_with_overdue(reform, demo):
    report_progress(
        task=reform.digital,
        status="completed",
        percent=100,
        comment="Xong",
        files=[],
        actor=demo.lanhdao,
        at=vn(2026, 4, 2, 9),
    )
    summary = selectors.get_progress(as_of=date(2026, 7, 15), year=2026)
    assert summary.total.planned == 2
    assert summary.total.completed == 1
    assert summary.total.completed_late == 1  # due 31/03, done 02/04
    assert summary.total.overdue == 1  # the procedure task, due 30/06
    assert summary.total.rate == Decimal("50.00")
    assert [(g.label, g.planned, g.completed) for g in summary.groups] == [
        ("Chuyển đổi số", 1, 1),
        ("Cải cách thủ tục hành chính", 1, 0),
    ]
    # as of an earlier day, nothing was done yet
    assert selectors.get_progress(as_of=date(2026, 3, 1), year=2026).total.completed == 0
    # one unit
    assert selectors.get_progress(
        as_of=date(2026, 7, 15), year=2026, agency=reform.home
    ).total.rate == Decimal("0.00")
    overdue = list(selectors.list_overdue(user=reform.chair, on=date(2026, 7, 15)))
    assert overdue == [reform.procedure]


def test_the_reported_figure_296_of_845_is_35_03_percent():
    assert completion_rate(296, 845) == Decimal("35.03")
    assert completion_rate(1384, 3003) == Decimal("46.09")
    assert completion_rate(0, 0) is None


def test_draft_plans_do_not_count_and_cannot_be_reported(reform, demo):
    draft = create_plan(
        committee=reform.committee,
        title="Kế hoạch 2027",
        kind="yearly",
        start_year=2027,
        end_year=2027,
        actor=reform.secretary,
        at=vn(2026, 12, 1, 9),
    )
    task = create_task(
        plan=draft,
        data=TaskInput(
            title="Nhiệm vụ 2027", group=draft.groups.first(), owner=reform.justice, deadline=date(2027, 3, 1)
        ),
        actor=reform.secretary,
        at=vn(2026, 12, 1, 9),
    )
    assert selectors.get_progress(as_of=date(2027, 6, 1), year=2027).total.planned == 0
    with pytest.raises(NotAllowed, match="chưa được ban hành"):
        report_progress(
            task=task,
            status="in_progress",
            percent=5,
            comment="",
            files=[],
            actor=demo.lanhdao,
            at=vn(2027, 1, 5, 9),
        )


def test_task_events_are_append_only_and_hash_chained(reform, demo):
    report_progress(
        task=reform.digital,
        status="in_progress",
        percent=30,
        comment="",
        files=[],
        actor=demo.lanhdao,
        at=vn(2026, 2, 1, 9),
    )
    events = list(reform.digital.events.order_by("seq"))
    prev = GENESIS
    for e in events:
        content = canonical_content(
            task_id=e.task_id,
            seq=e.seq,
            type=e.type,
            at_iso=e.at.astimezone(vn(2026, 1, 1).tzinfo).isoformat(),
            actor_id=e.actor_id,
            note=e.note,
            data=e.data,
        )
        assert e.prev_hash == prev
        assert e.hash == chain_hash(prev, content)
        prev = e.hash
    with pytest.raises(IntegrityError), transaction.atomic():
        ReformTaskEvent.objects.filter(pk=events[0].pk).update(note="sửa")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReformTaskEvent.objects.filter(pk=events[0].pk).delete()
