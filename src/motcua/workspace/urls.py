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
    # every action on a dossier, one URL (views.ACTIONS); the signing views need a PIN and stay apart
    path("ho-so/<str:code>/thao-tac/<slug:action>/", views.dossier_action, name="action"),
    path("ho-so/<str:code>/giay-to/<int:component_id>/", views.file_download, name="file"),
    path("ho-so/<str:code>/ky-so/", signing_views.sign, name="sign"),
    path("ho-so/<str:code>/ket-qua/<str:document_code>/", signing_views.result_file, name="result-file"),
]
