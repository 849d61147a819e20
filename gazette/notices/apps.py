from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "gazette.notices"
    label = "notices"
    verbose_name = _("公示")

    def ready(self) -> None:
        from . import services  # noqa: F401  (registers the notices.close breach handler)
