from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "gazette.audit"
    label = "audit"
    verbose_name = _("审计日志")

    def ready(self) -> None:
        from .masking import install_log_masking

        install_log_masking()
