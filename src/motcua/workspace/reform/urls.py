"""Reform pages, mounted in the workspace at /can-bo/cai-cach/ (namespace workspace:reform)."""

from django.urls import path

from . import views

app_name = "reform"
urlpatterns = [
    path("", views.home, name="home"),
    path("ke-hoach/", views.plans, name="plans"),
    path("ke-hoach/<int:plan_id>/", views.plan_detail, name="plan"),
    path("ke-hoach/<int:plan_id>/ban-hanh/", views.plan_issue, name="plan-issue"),
    path("ke-hoach/<int:plan_id>/nhom/", views.group_add, name="group-add"),
    path("ke-hoach/<int:plan_id>/nhom/<int:group_id>/", views.group_change, name="group-change"),
    path("ke-hoach/<int:plan_id>/giao-nhiem-vu/", views.task_create, name="task-create"),
    path("ke-hoach/<int:plan_id>/excel/", views.plan_excel, name="plan-excel"),
    path("ke-hoach/<int:plan_id>/pdf/", views.plan_pdf, name="plan-pdf"),
    path("nhiem-vu/<int:task_id>/", views.task_detail, name="task"),
    path("nhiem-vu/<int:task_id>/bao-cao/", views.task_report, name="task-report"),
    path("nhiem-vu/<int:task_id>/dieu-chinh/", views.task_edit, name="task-edit"),
    path("nhiem-vu/<int:task_id>/khong-thuc-hien/", views.task_cancel, name="task-cancel"),
    path("nhiem-vu/<int:task_id>/mo-lai/", views.task_reopen, name="task-reopen"),
    path("nhiem-vu/<int:task_id>/minh-chung/<int:file_id>/", views.evidence, name="evidence"),
    path("hop/", views.meetings, name="meetings"),
    path("hop/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("kiem-tra/", views.inspections, name="inspections"),
    path("kiem-tra/<int:inspection_id>/", views.inspection_detail, name="inspection"),
    path("chi-dao-diem/", views.pilots, name="pilots"),
    path("chi-so/", views.indices, name="indices"),
    path("vi-tri-nhay-cam/", views.posts, name="posts"),
    path("tiep-cong-dan/", views.reception, name="reception"),
    path("tiep-cong-dan/ngay/<int:day_id>/", views.reception_day, name="reception-day"),
    path("tiep-cong-dan/vu-viec/<int:case_id>/", views.reception_case, name="reception-case"),
]
