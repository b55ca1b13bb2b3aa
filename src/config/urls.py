"""URL map: citizen portal at the root, staff workspace, API, admin, health check."""

from django.contrib import admin
from django.urls import include, path

from motcua.api.views import api, healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("quan-tri/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tai-khoan/", include("motcua.accounts.urls")),
    path("can-bo/", include("motcua.workspace.urls")),
    path("", include("motcua.portal.urls")),
]

handler404 = "motcua.portal.errors.not_found"
handler500 = "motcua.portal.errors.server_error"
