from django.apps import AppConfig


class WorkflowAppConfig(AppConfig):
    """A small case type used only by the engine's tests: every engine feature on one workflow."""

    name = "tests.workflow_app"
    label = "workflow_app"
    url_prefix = "test-permits"  # pages at /test-permits/, API at /api/v1/test-permits/

    def ready(self) -> None:
        from gazette.workflow.definitions import workflow_register

        from . import policies, rules  # noqa: F401
        from .workflow import WORKFLOW

        workflow_register(WORKFLOW)
