from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OidcProviderConfig(AppConfig):
    name = "motcua.integrations.oidc_provider"
    label = "oidc_provider"
    verbose_name = _("Mô phỏng VNeID (OpenID Connect)")
