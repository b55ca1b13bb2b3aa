"""The reform pages: who sees what, the secretary's plan, the owner's report, exports."""

import io
from datetime import date

from django.urls import reverse

import pytest

from conftest import MINIMAL_PDF, vn
from motcua.reform.models import ProgressReport, ReformPlan, ReformTask, TaskStatus
from motcua.reform.services import report_progress

pytestmark = pytest.mark.django_db


def test_reform_pages_need_a_staff_login(client, reform, demo):
    response = client.get(reverse("workspace:reform:home"))
    assert response.status_code == 302
    client.force_login(demo.congdan)
    assert client.get(reverse("workspace:reform:home")).status_code == 302  # citizens go to their own pages


@pytest.mark.parametrize("username", ["bancidao", "truongban", "thuky"])
def test_committee_and_steering_viewers_see_completion_and_overdue(client, reform, demo, username):
    from motcua.accounts.models import User

    client.force_login(User.objects.get(username=username))
    response = client.get(reverse("workspace:reform:home") + "?nam=2026")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Hoàn thành so với kế hoạch năm 2026" in body
    assert "Chuyển đổi số" in body


def test_agency_staff_see_only_their_units_tasks(client, reform, demo):
    client.force_login(demo.lanhdao)
    body = client.get(reverse("workspace:reform:home") + "?nam=2026").content.decode()
    assert "Số hóa 100% kết quả hộ tịch" in body
    assert "Rà soát, cắt giảm thời gian" not in body
    assert client.get(reverse("workspace:reform:task", args=[reform.procedure.pk])).status_code == 404
    assert client.get(reverse("workspace:reform:meetings")).status_code == 404
    assert client.get(reverse("workspace:reform:plan-excel", args=[reform.plan.pk])).status_code == 404
    # a co-operating unit reads the task but cannot report on it
    from motcua.accounts.models import User
    from motcua.organisations.models import Position

    finance_staff = User.objects.create(username="taichinh", kind="staff", full_name="Cán bộ Sở Tài chính")
    Position.objects.create(user=finance_staff, role="specialist", agency=reform.finance)
    client.force_login(finance_staff)
    page = client.get(reverse("workspace:reform:task", args=[reform.digital.pk])).content.decode()
    assert "Chỉ đơn vị chủ trì (Sở Tư pháp tỉnh Nghệ An) báo cáo" in page


def test_secretary_creates_a_plan_and_assigns_a_task_through_the_pages(client, reform, demo):
    client.force_login(reform.secretary)
    response = client.post(
        reverse("workspace:reform:plans"),
        {"title": "Kế hoạch CCHC năm 2027", "kind": "yearly", "start_year": 2027, "end_year": 2027},
    )
    plan = ReformPlan.objects.get(title="Kế hoạch CCHC năm 2027")
    assert response["Location"] == reverse("workspace:reform:plan", args=[plan.pk])
    url = reverse("workspace:reform:task-create", args=[plan.pk])
    group = plan.groups.first()
    # no owner, no deadline: clear errors, nothing created
    response = client.post(url, {"title": "Nhiệm vụ", "group": group.pk, "kpi_direction": "at_least"})
    assert response.status_code == 200
    assert "Nhiệm vụ phải có đơn vị chủ trì." in response.content.decode()
    assert not ReformTask.objects.filter(plan=plan).exists()
    response = client.post(
        url, {"title": "Nhiệm vụ", "group": group.pk, "owner": reform.justice.pk, "kpi_direction": "at_least"}
    )
    assert "Nhiệm vụ phải có thời hạn hoàn thành." in response.content.decode()
    response = client.post(
        url,
        {
            "title": "Chuẩn hóa dữ liệu hộ tịch",
            "group": group.pk,
            "owner": reform.justice.pk,
            "deadline": "2027-06-30",
            "co_agencies": [reform.finance.pk],
            "kpi_direction": "at_least",
        },
    )
    assert response.status_code == 302
    task = ReformTask.objects.get(plan=plan)
    assert list(task.co_agencies.all()) == [reform.finance]
    response = client.post(
        reverse("workspace:reform:plan-issue", args=[plan.pk]),
        {"decision_number": "5/QĐ-UBND", "decision_date": "2027-01-08", "issued_by": "UBND tỉnh"},
    )
    plan.refresh_from_db()
    assert plan.status == ReformPlan.Status.ISSUED


def test_an_outsider_cannot_open_the_task_form(client, reform, demo):
    client.force_login(demo.bancidao)
    assert client.get(reverse("workspace:reform:task-create", args=[reform.plan.pk])).status_code == 404
    assert client.get(reverse("workspace:reform:task-edit", args=[reform.digital.pk])).status_code == 404


def test_owner_reports_progress_with_evidence_through_the_page(client, reform, demo):
    client.force_login(demo.lanhdao)
    url = reverse("workspace:reform:task-report", args=[reform.digital.pk])
    # over 100 %: a Vietnamese error, nothing changed
    response = client.post(url, {"status": "in_progress", "percent": "150", "comment": "", "version": 1})
    assert response.status_code == 422
    assert "không được vượt quá 100%" in response.content.decode()
    # a fake PDF is refused by content
    fake = io.BytesIO(b"not a pdf")
    fake.name = "bao-cao.pdf"
    response = client.post(url, {"status": "in_progress", "percent": "40", "files": fake, "version": 1})
    assert "không phải PDF, JPEG hoặc PNG" in response.content.decode()
    assert not ProgressReport.objects.exists()
    pdf = io.BytesIO(MINIMAL_PDF)
    pdf.name = "bao-cao.pdf"
    response = client.post(
        url, {"status": "completed", "percent": "100", "comment": "Đã hoàn thành", "files": pdf, "version": 1}
    )
    assert response.status_code == 302
    reform.digital.refresh_from_db()
    assert reform.digital.status == TaskStatus.COMPLETED
    stored = ProgressReport.objects.get().files.get()
    download = client.get(reverse("workspace:reform:evidence", args=[reform.digital.pk, stored.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"


def test_someone_else_cannot_report_for_the_owner(client, reform, demo):
    client.force_login(reform.secretary)
    response = client.post(
        reverse("workspace:reform:task-report", args=[reform.digital.pk]),
        {"status": "in_progress", "percent": "40", "comment": ""},
    )
    assert "Chỉ đơn vị chủ trì" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_plan_exports_as_excel_and_pdf(client, reform, demo):
    from openpyxl import load_workbook

    report_progress(
        task=reform.digital,
        status="completed",
        percent=100,
        comment="Xong",
        files=[],
        actor=demo.lanhdao,
        at=vn(2026, 3, 1, 9),
    )
    client.force_login(reform.chair)
    response = client.get(reverse("workspace:reform:plan-excel", args=[reform.plan.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    summary = book["Tiến độ"]
    rows = [[c.value for c in row] for row in summary.iter_rows(min_row=6)]
    assert rows[-1][0] == "Tổng cộng"
    assert rows[-1][1] == 2
    assert rows[-1][2] == 1
    assert rows[-1][6] == 50.0
    tasks = book["Nhiệm vụ"]
    assert tasks["D2"].value == "Số hóa 100% kết quả hộ tịch"
    assert tasks["G2"].value.date() == date(2026, 3, 31)
    response = client.get(reverse("workspace:reform:plan-pdf", args=[reform.plan.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_follow_up_pages_render_for_the_committee(client, reform, demo):
    client.force_login(reform.secretary)
    for name in ["meetings", "inspections", "pilots", "indices", "posts", "reception", "plans"]:
        response = client.get(reverse(f"workspace:reform:{name}"))
        assert response.status_code == 200, name
    response = client.post(reverse("workspace:reform:meetings") + "?nam=2026", {"action": "schedule_year"})
    assert response.status_code == 302
    page = client.get(reverse("workspace:reform:meetings") + "?nam=2026").content.decode()
    assert page.count("Trực tuyến với các sở, ngành và UBND cấp xã") == 4
