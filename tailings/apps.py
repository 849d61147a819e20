from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TailingsConfig(AppConfig):
    """尾矿库安全监督管理 (tailings facility safety supervision), 晋政办发〔2022〕98号."""

    name = "tailings"
    label = "tailings"
    verbose_name = _("尾矿库安全监督管理")

    def ready(self) -> None:
        from gazette.celery import beat_register
        from gazette.ui.navigation import NavItem, nav_register
        from gazette.workflow.definitions import workflow_register

        from . import permissions, rules  # noqa: F401  (register rules, scopes and policies)
        from .permissions import is_department, is_tailings_side
        from .workflow import WORKFLOWS

        for workflow in WORKFLOWS:
            workflow_register(workflow)
        for order, (label, url_name, allowed) in enumerate([
            (_("尾矿库"), "tailings:facility_list", is_tailings_side),
            (_("监测报警"), "tailings:alarm_list", is_tailings_side),
            (_("隐患排查治理"), "tailings:danger_list", is_tailings_side),
            (_("尾矿库举报"), "tailings:report_list", is_department),
        ], start=50):
            nav_register(NavItem(label=label, url_name=url_name, order=order, allowed=allowed))
        beat_register("tailings-stale-stations", "tailings.stations_stale_sweep", seconds=60)
        beat_register("tailings-annual-duties", "tailings.annual_duties_ensure", seconds=6 * 3600)
