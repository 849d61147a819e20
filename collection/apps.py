from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectionConfig(AppConfig):
    """防范和处置非法集资 (illegal-fundraising prevention and handling), 晋政发〔2022〕26号."""

    name = "collection"
    label = "collection"
    verbose_name = _("防范和处置非法集资")

    def ready(self) -> None:
        from gazette.celery import beat_register
        from gazette.ui.navigation import NavItem, nav_register
        from gazette.workflow.definitions import workflow_register

        from . import permissions, rules  # noqa: F401  (register rules, scopes and policies)
        from .measures.workflow import MEASURE_WORKFLOW
        from .permissions import is_collection_side
        from .prevention.workflow import REPORT_WORKFLOW, SUPERVISION_WORKFLOW
        from .workflow import WORKFLOW

        for workflow in (WORKFLOW, MEASURE_WORKFLOW, REPORT_WORKFLOW, SUPERVISION_WORKFLOW):
            workflow_register(workflow)

        # Shown to the fundraising mechanism's units (and administrators), not to fund or hospital staff.
        for order, (label, url_name) in enumerate([
            (_("非法集资线索"), "collection:clue_list"),
            (_("监测预警"), "collection:upload_list"),
            (_("风险排查报告"), "collection:report_list"),
            (_("约谈整改"), "collection:supervision_list"),
            (_("风险提示"), "collection:alert_list"),
        ], start=30):
            nav_register(NavItem(label=label, url_name=url_name, order=order, allowed=is_collection_side))
        beat_register("collection-quarterly-reports", "collection.risk_reports_schedule", seconds=6 * 3600)
