from django.urls import include, path

from . import signing_views, views

app_name = "workspace"
urlpatterns = [
    path("", views.home, name="home"),
    path("cai-cach/", include("motcua.workspace.reform.urls")),
    path("danh-muc/", include("motcua.workspace.catalog.urls")),
    path("bao-cao/", include("motcua.workspace.reports.urls")),
    path("tiep-nhan/", views.desk_intake, name="desk-intake"),
    path("so-theo-doi/", views.dossier_log, name="dossier-log"),
    path("ky-so-hang-loat/", signing_views.batch, name="signing-batch"),
    path("ho-so/<str:code>/", views.dossier_detail, name="dossier"),
    path("ho-so/<str:code>/tiep-nhan/", views.receive, name="receive"),
    path("ho-so/<str:code>/tu-choi/", views.refuse, name="refuse"),
    path("ho-so/<str:code>/hoan-thanh-buoc/", views.complete, name="complete"),
    path("ho-so/<str:code>/yeu-cau-bo-sung/", views.supplement, name="supplement"),
    path("ho-so/<str:code>/nhan-bo-sung/", views.supplement_received, name="supplement-received"),
    path("ho-so/<str:code>/gia-han/", views.extend, name="extend"),
    path("ho-so/<str:code>/thao-tac/<slug:action>/", views.dossier_action, name="action"),
    path("ho-so/<str:code>/giay-to/<int:component_id>/", views.file_download, name="file"),
    path("ho-so/<str:code>/ky-so/", signing_views.sign, name="sign"),
    path("ho-so/<str:code>/ket-qua/<str:document_code>/", signing_views.result_file, name="result-file"),
]
