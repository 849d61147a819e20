from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "gazette.incidents"
    label = "incidents"
    verbose_name = _("运行故障")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (Celery failure signals become incidents)
