"""Staff pages: login required, worklist by role, actions through the dossier page."""

from django.urls import reverse

import pytest

from conftest import vn
from motcua.dossiers.transitions import DossierStatus

pytestmark = pytest.mark.django_db


def test_workspace_without_login_redirects_to_login(client, demo):
    response = client.get(reverse("workspace:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_desk_officer_sees_new_online_dossier_in_worklist(client, demo, submit):
    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    client.force_login(demo.tiepnhan)
    assert dossier.code in client.get(reverse("workspace:home"), {"hang_doi": "to_receive"}).content.decode()
    client.force_login(demo.chuyenvien)
    assert (
        dossier.code not in client.get(reverse("workspace:home"), {"hang_doi": "to_receive"}).content.decode()
    )


def test_receive_through_the_page_then_specialist_sees_it(client, demo, submit):
    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    client.force_login(demo.tiepnhan)
    response = client.post(
        reverse("workspace:action", args=[dossier.code, "receive"]), {"version": dossier.version}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED
    client.force_login(demo.chuyenvien)
    assert dossier.code in client.get(reverse("workspace:home")).content.decode()


def test_stale_form_shows_a_conflict_message_and_changes_nothing(client, demo, submit):
    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    client.force_login(demo.tiepnhan)
    client.post(reverse("workspace:action", args=[dossier.code, "receive"]), {"version": dossier.version})
    response = client.post(
        reverse("workspace:action", args=[dossier.code, "refuse"]),
        {"version": dossier.version, "reason": "x"},
        follow=True,
    )
    assert "vừa được người khác cập nhật" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED


def test_officer_of_another_agency_cannot_see_the_dossier(client, demo, submit, django_user_model):
    from motcua.organisations.models import Agency, Position

    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    other = django_user_model.objects.create(username="yte", kind="staff")
    Position.objects.create(user=other, role="specialist", agency=Agency.objects.get(short_name="Sở Y tế"))
    client.force_login(other)
    assert client.get(reverse("workspace:dossier", args=[dossier.code])).status_code == 404


def test_worklist_query_count_is_pinned(client, demo, submit, django_assert_num_queries):
    for day in range(2, 7):
        submit(at=vn(2026, 3, day, 8, 0))
    client.force_login(demo.tiepnhan)
    client.get(reverse("workspace:home"))  # the officer's positions are now in the process cache
    # session, user, the reference revision (positions from the cache), the queue's lines, the
    # counts of every queue (one statement)
    with django_assert_num_queries(5):
        response = client.get(reverse("workspace:home"), {"hang_doi": "to_receive"})
    assert response.content.decode().count("mc-code") == 5


PAGE_QUERIES = 11


def test_dossier_page_query_count_is_pinned(client, demo, submit, django_assert_num_queries):
    from motcua.dossiers.services import receive_dossier

    dossier = receive_dossier(dossier=submit(at=vn(2026, 3, 2, 8)), actor=demo.tiepnhan, at=vn(2026, 3, 2, 9))
    client.force_login(demo.chuyenvien)
    client.get(reverse("workspace:home"))  # the officer's positions are now in the process cache
    # session, user, the reference revision (positions from the cache), dossier, events, agencies
    # to consult, the process's moves (read once for every question), results, the next steps,
    # papers, due-date changes; no consultation or transfer is read without its event
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(reverse("workspace:dossier", args=[dossier.code]))
    assert response.status_code == 200


def test_the_desk_queue_shows_when_each_online_dossier_must_be_accepted(client, demo, submit):
    from motcua.core.templatetags.motcua import vn_datetime

    later = submit(at=vn(2026, 3, 3, 8, 0))
    sooner = submit(at=vn(2026, 3, 2, 8, 0))
    client.force_login(demo.tiepnhan)
    page = client.get(reverse("workspace:home"), {"hang_doi": "to_receive"}).content.decode()
    assert vn_datetime(sooner.acceptance_due_at) in page  # 8 working hours (Art 17(2)) as the step's due
    assert page.index(sooner.code) < page.index(later.code)  # the most urgent acceptance first


def test_worklist_lines_link_the_dossier_and_flag_the_overdue_one(client, demo, submit):
    from django.utils import timezone

    from motcua.dossiers.services import receive_dossier

    late = receive_dossier(
        dossier=submit(at=vn(2026, 3, 2, 8, 0)), actor=demo.tiepnhan, at=vn(2026, 3, 2, 9, 0)
    )
    now = timezone.now()
    fresh = receive_dossier(dossier=submit(at=now), actor=demo.tiepnhan, at=now)
    client.force_login(demo.chuyenvien)
    page = client.get(reverse("workspace:home")).content.decode()
    rows = {code: page.split(f">{code}</a>")[0].rsplit("<tr", 1)[1] for code in (late.code, fresh.code)}
    assert 'class="table-danger"' in rows[late.code]
    assert 'class="table-danger"' not in rows[fresh.code]
    assert f'href="{reverse("workspace:dossier", args=[late.code])}"' in rows[late.code]
    assert late.procedure_version.procedure.name in page


def test_worklist_lines_escape_what_the_applicant_typed_and_show_vietnam_time(client, demo, submit):
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.services import receive_dossier

    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    dossier = receive_dossier(dossier=dossier, actor=demo.tiepnhan, at=vn(2026, 3, 2, 9, 0))
    Dossier.objects.filter(pk=dossier.pk).update(applicant_name='<script>alert("x")</script> Lê Văn B')
    client.force_login(demo.chuyenvien)
    page = client.get(reverse("workspace:home")).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Lê Văn B" in page
    assert f"{dossier.due_at.astimezone(vn(2026, 1, 1).tzinfo):%H:%M %d/%m/%Y}" in page


def test_specialist_requests_supplement_and_desk_records_it(client, demo, submit):
    from django.utils import timezone

    from motcua.dossiers.services import receive_dossier

    now = timezone.now()
    dossier = receive_dossier(dossier=submit(at=now), actor=demo.tiepnhan, at=now)
    client.force_login(demo.chuyenvien)
    assert (
        "Yêu cầu bổ sung, hoàn thiện hồ sơ"
        in client.get(reverse("workspace:dossier", args=[dossier.code])).content.decode()
    )
    client.post(
        reverse("workspace:action", args=[dossier.code, "supplement"]),
        {"version": dossier.version, "missing": "Bản sao giấy khai sinh"},
    )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.AWAITING_SUPPLEMENT
    client.force_login(demo.tiepnhan)
    client.post(
        reverse("workspace:action", args=[dossier.code, "supplement-received"]), {"version": dossier.version}
    )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.IN_PROGRESS
    assert dossier.events.filter(type="supplement_received").exists()


def test_late_supplement_request_shows_the_rule_and_changes_nothing(client, demo, submit):
    from motcua.dossiers.services import receive_dossier

    # received in March; asking now is long past the 3 working days of Art 19(5)
    dossier = receive_dossier(
        dossier=submit(at=vn(2026, 3, 2, 8, 0)), actor=demo.tiepnhan, at=vn(2026, 3, 2, 9, 0)
    )
    client.force_login(demo.chuyenvien)
    response = client.post(
        reverse("workspace:action", args=[dossier.code, "supplement"]),
        {"version": dossier.version, "missing": "x"},
        follow=True,
    )
    assert "quá 3 ngày làm việc" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED


def test_extension_form_with_bad_date_changes_nothing(client, demo, submit):
    from motcua.dossiers.services import receive_dossier

    dossier = receive_dossier(
        dossier=submit(at=vn(2026, 3, 2, 8, 0)), actor=demo.tiepnhan, at=vn(2026, 3, 2, 9, 0)
    )
    client.force_login(demo.lanhdao)
    response = client.post(
        reverse("workspace:action", args=[dossier.code, "extend"]),
        {"version": dossier.version, "new_due_at": "ngày mai", "reason": "x"},
        follow=True,
    )
    assert "Ngày giờ hẹn mới không hợp lệ." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.extension_count == 0


def test_queues_separate_overdue_and_search_filters_inside_a_queue(client, demo, submit):
    from motcua.dossiers.services import receive_dossier

    late = receive_dossier(
        dossier=submit(at=vn(2026, 3, 2, 8, 0)), actor=demo.tiepnhan, at=vn(2026, 3, 2, 9, 0)
    )
    other = receive_dossier(
        dossier=submit(at=vn(2026, 3, 3, 8, 0), citizen=demo.congdan2),
        actor=demo.tiepnhan,
        at=vn(2026, 3, 3, 9, 0),
    )
    client.force_login(demo.chuyenvien)
    page = client.get(reverse("workspace:home"), {"hang_doi": "overdue"}).content.decode()
    assert late.code in page
    assert other.code in page
    page = client.get(
        reverse("workspace:home"), {"hang_doi": "overdue", "q": "Trần Thị Bình"}
    ).content.decode()
    assert other.code in page
    assert late.code not in page
    page = client.get(
        reverse("workspace:home"), {"hang_doi": "overdue", "tu_ngay": "2026-03-03"}
    ).content.decode()
    assert late.code not in page
    bad = client.get(reverse("workspace:home"), {"hang_doi": "overdue", "tu_ngay": "không phải ngày"})
    assert "Ngày không hợp lệ." in bad.content.decode()


def test_consult_answer_and_transfer_through_the_dossier_page(client, demo, submit, django_user_model):
    from motcua.dossiers.services import receive_dossier
    from motcua.organisations.models import Agency, Position

    health = Agency.objects.get(short_name="Sở Y tế")
    officer = django_user_model.objects.create(username="yte", kind="staff")
    Position.objects.create(user=officer, role="specialist", agency=health)
    dossier = receive_dossier(
        dossier=submit(at=vn(2026, 3, 2, 8, 0)), actor=demo.tiepnhan, at=vn(2026, 3, 2, 9, 0)
    )
    client.force_login(demo.chuyenvien)
    client.post(
        reverse("workspace:action", args=[dossier.code, "consult"]),
        {"agencies": [health.pk], "question": "Cho ý kiến về hồ sơ", "working_days": "2"},
    )
    consultation = dossier.consultations.get()
    client.force_login(officer)
    page = client.get(reverse("workspace:dossier", args=[dossier.code])).content.decode()
    assert "Cho ý kiến về hồ sơ" in page
    assert f'name="consultation" value="{consultation.pk}"' in page  # the answer form of the consulted agency
    client.post(
        reverse("workspace:action", args=[dossier.code, "answer"]),
        {"consultation": consultation.pk, "answer": "Thống nhất"},
    )
    consultation.refresh_from_db()
    assert consultation.answer == "Thống nhất"
    # an empty transfer task is refused with a message and changes nothing
    client.force_login(demo.lanhdao)
    response = client.post(
        reverse("workspace:action", args=[dossier.code, "transfer"]),
        {"to_agency": health.pk, "task": "", "working_days": "3"},
        follow=True,
    )
    assert "Vui lòng nêu nội dung công việc" in response.content.decode()
    assert not dossier.transfers.exists()
    client.post(
        reverse("workspace:action", args=[dossier.code, "transfer"]),
        {"to_agency": health.pk, "task": "Thẩm định an toàn thực phẩm", "working_days": "3"},
    )
    transfer = dossier.transfers.get()
    client.force_login(officer)
    page = client.get(reverse("workspace:dossier", args=[dossier.code])).content.decode()
    assert f'name="transfer" value="{transfer.pk}"' in page  # the receiving agency finishes its part
    assert "Thẩm định an toàn thực phẩm" in page


def test_unknown_action_is_a_404(client, demo, submit):
    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    client.force_login(demo.tiepnhan)
    assert client.post(reverse("workspace:action", args=[dossier.code, "xoa-ho-so"])).status_code == 404


def test_dossier_log_as_page_pdf_and_excel(client, demo, submit):
    import io

    from openpyxl import load_workbook

    from motcua.dossiers.services import receive_dossier

    dossier = receive_dossier(
        dossier=submit(at=vn(2026, 3, 2, 8, 0)), actor=demo.tiepnhan, at=vn(2026, 3, 2, 9, 0)
    )
    client.force_login(demo.tiepnhan)
    period = {"tu_ngay": "2026-03-01", "den_ngay": "2026-03-31"}
    assert dossier.code in client.get(reverse("workspace:dossier-log"), period).content.decode()
    pdf = client.get(reverse("workspace:dossier-log"), {**period, "dinh_dang": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("workspace:dossier-log"), {**period, "dinh_dang": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(row=2, column=2).value == "Mã hồ sơ"
    assert sheet.cell(row=3, column=2).value == dossier.code
    bad = client.get(reverse("workspace:dossier-log"), {"tu_ngay": "2026-03-31", "den_ngay": "2026-03-01"})
    assert "phải trước hoặc bằng" in bad.content.decode()


def test_financial_obligation_request_and_payment_through_the_page(client, demo, submit):
    from motcua.dossiers.services import receive_dossier

    dossier = receive_dossier(
        dossier=submit(at=vn(2026, 3, 2, 8, 0)), actor=demo.tiepnhan, at=vn(2026, 3, 2, 9, 0)
    )
    client.force_login(demo.chuyenvien)
    response = client.post(
        reverse("workspace:action", args=[dossier.code, "payment-request"]),
        {"amount_vnd": "tám nghìn"},
        follow=True,
    )
    assert "Số tiền phải là số nguyên" in response.content.decode()
    client.post(reverse("workspace:action", args=[dossier.code, "payment-request"]), {"amount_vnd": "8.000"})
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.AWAITING_PAYMENT
    client.force_login(demo.tiepnhan)
    client.post(reverse("workspace:action", args=[dossier.code, "payment-recorded"]), {"reference": "BL-001"})
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.IN_PROGRESS


def test_every_action_is_posted_through_the_one_url(client, demo, submit):
    from motcua.workspace.views import ACTIONS

    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    client.force_login(demo.tiepnhan)
    for action in ACTIONS:
        url = reverse("workspace:action", args=[dossier.code, action])
        assert url == f"/can-bo/ho-so/{dossier.code}/thao-tac/{action}/"
        # reached: the handler parses, the service answers (here mostly with a refusal), the page reloads
        response = client.post(url, {})
        assert response.status_code == 302, action
        assert response["Location"] == reverse("workspace:dossier", args=[dossier.code])


def test_an_unknown_action_is_404_and_a_get_is_405(client, demo, submit):
    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    client.force_login(demo.tiepnhan)
    assert client.post(reverse("workspace:action", args=[dossier.code, "xoa-ho-so"])).status_code == 404
    assert client.get(reverse("workspace:action", args=[dossier.code, "receive"])).status_code == 405
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    for old in ("tiep-nhan", "tu-choi", "hoan-thanh-buoc", "yeu-cau-bo-sung", "nhan-bo-sung", "gia-han"):
        assert client.post(f"/can-bo/ho-so/{dossier.code}/{old}/").status_code == 404


def test_a_posted_action_refused_by_the_rules_shows_the_message_and_changes_nothing(client, demo, submit):
    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    client.force_login(demo.chuyenvien)  # not the desk: may not receive
    response = client.post(
        reverse("workspace:action", args=[dossier.code, "receive"]), {"version": dossier.version}, follow=True
    )
    assert response.status_code == 200
    assert "alert" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED


@pytest.fixture
def certify_at_appraisal(demo):
    from conftest import pdf_upload
    from motcua.catalog.models import ProcedureVersion
    from motcua.dossiers.services import ApplicantDetails, PaperUpload, receive_at_desk

    version = ProcedureVersion.objects.select_related("competent_agency").get(procedure__code="2.000815")
    return receive_at_desk(
        version=version,
        centre=version.competent_agency.service_centre,
        actor=demo.tiepnhan_xa,
        details=ApplicantDetails(full_name="Lê Thị Cúc", personal_id="040185001111"),
        request_summary="Chứng thực bản sao giấy khai sinh",
        papers=[PaperUpload(paper=p, upload=pdf_upload()) for p in version.papers.all()],
        at=vn(2026, 3, 2, 8, 0),
    )


def test_where_the_process_branches_the_page_asks_for_the_next_step(client, demo, certify_at_appraisal):
    dossier = certify_at_appraisal
    steps = {s.order: s for s in dossier.procedure_version.process.steps.all()}
    client.force_login(demo.tuphap_xa)
    page = client.get(reverse("workspace:dossier", args=[dossier.code])).content.decode()
    assert 'name="to_step" required' in page
    assert steps[3].name in page
    assert steps[4].name in page
    url = reverse("workspace:action", args=[dossier.code, "complete"])
    response = client.post(url, {"version": dossier.version, "to_step": ""}, follow=True)
    assert "vui lòng chọn một trong" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.current_step == steps[2]
    client.post(url, {"version": dossier.version, "to_step": steps[4].pk})
    dossier.refresh_from_db()
    assert dossier.current_step == steps[4]
    # the leader may send it back to either earlier step: a choice again
    client.force_login(demo.lanhdao_xa)
    page = client.get(reverse("workspace:dossier", args=[dossier.code])).content.decode()
    assert 'id="back-step" name="to_step" required' in page
    client.post(
        reverse("workspace:action", args=[dossier.code, "send-back"]),
        {"version": dossier.version, "to_step": steps[3].pk, "note": "Trưởng phòng kiểm tra lại"},
    )
    dossier.refresh_from_db()
    assert dossier.current_step == steps[3]


def test_a_single_next_step_needs_no_choice_and_forbidden_moves_are_not_offered(client, demo, submit):
    from motcua.dossiers.services import complete_step, receive_dossier

    dossier = receive_dossier(
        dossier=submit(at=vn(2026, 3, 2, 8, 0)), actor=demo.tiepnhan, at=vn(2026, 3, 2, 9, 0)
    )
    client.force_login(demo.chuyenvien)
    page = client.get(reverse("workspace:dossier", args=[dossier.code])).content.decode()
    assert 'name="to_step"' not in page
    assert "Gửi lấy ý kiến" in page  # appraisal of the extract may consult other agencies
    dossier = complete_step(dossier=dossier, actor=demo.chuyenvien, at=vn(2026, 3, 2, 10, 0))
    client.force_login(demo.lanhdao)
    page = client.get(reverse("workspace:dossier", args=[dossier.code])).content.decode()
    assert 'name="to_step"' not in page  # one back move, one next move
    assert "Gửi lấy ý kiến" not in page
    assert "Chuyển xử lý liên thông cho" not in page
    assert "Gửi yêu cầu bổ sung" not in page
