"""The catalog pages, included by the workspace under ``danh-muc/`` (namespace ``workspace:catalog``)."""

from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.index, name="index"),
    path("xuat-excel/", views.excel_export, name="excel"),
    path("quy-trinh/<int:version_id>/", views.process_editor, name="process"),
    path("quy-trinh/<int:version_id>/phe-duyet/", views.approve, name="approve"),
    path("quy-trinh/<int:version_id>/bpmn/", views.bpmn_download, name="bpmn"),
    path("quy-trinh/<int:version_id>/nhap-bpmn/", views.bpmn_upload, name="bpmn-upload"),
    path("mau-don/<int:version_id>/", views.template_files, name="templates"),
]
