from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "motcua.reports"
    label = "reports"
    verbose_name = _("Báo cáo, thống kê")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The reform app names dossier KPIs that only the dashboards can compute; supply them.
        if apps.is_installed("motcua.reform"):
            from .reform_kpis import register_providers

            register_providers()
