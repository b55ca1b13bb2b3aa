from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReformConfig(AppConfig):
    name = "motcua.reform"
    label = "reform"
    verbose_name = _("Cải cách hành chính")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import kpis

        kpis.register_builtin_providers()
