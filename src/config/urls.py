"""URL map: citizen portal at the root, staff workspace, API, admin, health check."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from motcua.api.views import api, healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    # the admin signs in through the site's login, which asks staff for their second factor
    path("quan-tri/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("quan-tri/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tai-khoan/", include("motcua.accounts.urls")),
    path("tai-khoan/", include("motcua.accounts.urls_oidc")),
    path("tai-khoan/", include("motcua.accounts.urls_totp")),
    path("can-bo/", include("motcua.workspace.urls")),
    path("", include("motcua.portal.urls")),
]

if settings.USE_VNPAY_SANDBOX:
    urlpatterns.insert(0, path("sandbox/vnpay/", include("motcua.payments.sandbox.urls")))
if settings.USE_OIDC_SIMULATOR:
    urlpatterns.insert(0, path("mo-phong/vneid/", include("motcua.integrations.oidc_provider.urls")))

handler404 = "motcua.portal.errors.not_found"
handler500 = "motcua.portal.errors.server_error"
