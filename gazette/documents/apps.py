from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Attachments with required-document checklists, official documents rendered to PDF, Excel exports."""

    name = "gazette.documents"
    label = "documents"
    verbose_name = _("文书与材料")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        import logging

        # WeasyPrint reports every layout step at INFO; keep worker logs for what matters.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
