from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "gazette.api"
    label = "api"
    verbose_name = _("接口")

    def ready(self) -> None:
        from gazette.celery import beat_register

        beat_register("worker-heartbeat", "gazette.api.worker_heartbeat", seconds=60)
