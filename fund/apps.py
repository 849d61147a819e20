from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundConfig(AppConfig):
    """道路交通事故社会救助基金 — the road-accident social relief fund (晋政办发〔2022〕91号)."""

    name = "fund"
    label = "fund"
    verbose_name = _("道路交通事故社会救助基金")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gazette.ui.navigation import NavItem, nav_register
        from gazette.workflow.definitions import workflow_register

        from . import permissions, rules  # noqa: F401  (register rules, scopes and policies)
        from .permissions import is_clerk_side, is_hospital_user
        from .recovery.workflow import RECOVERY, WRITE_OFF
        from .reports.workflow import OBLIGATION, REPORT
        from .workflow import WORKFLOW

        for workflow in (WORKFLOW, RECOVERY, WRITE_OFF, REPORT, OBLIGATION):
            workflow_register(workflow)

        nav_register(NavItem(label=_("救助基金"), url_name="fund:application_list", order=20,
                             allowed=lambda u: u.is_authenticated and is_clerk_side(u)))
        nav_register(NavItem(label=_("医院垫付申请"), url_name="fund:portal_list", order=21,
                             allowed=lambda u: u.is_authenticated and is_hospital_user(u)))
        nav_register(NavItem(label=_("基金台账"), url_name="fund:ledger", order=22,
                             allowed=lambda u: u.is_authenticated and is_clerk_side(u)))
        nav_register(NavItem(label=_("垫付款追偿"), url_name="fund:recovery_list", order=23,
                             allowed=lambda u: u.is_authenticated and is_clerk_side(u)))
        from gazette.celery import beat_register

        beat_register("fund-reports-schedule", "fund.reports_schedule_due", seconds=6 * 3600)
        beat_register("fund-obligations-schedule", "fund.obligations_schedule_due", seconds=6 * 3600)
        beat_register("fund-insurer-warnings", "fund.insurer_warnings_issue", seconds=3600)
