from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "gazette.workflow"
    label = "workflow"
    verbose_name = _("流程引擎")

    def ready(self) -> None:
        from gazette.ui.inbox import inbox_register

        # The engine registers the performer of breach transitions with the deadline services.
        from . import engine  # noqa: F401
        from .selectors import work_inbox

        inbox_register(work_inbox)
