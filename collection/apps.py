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

        from . import permissions, rules  # noqa: F401  (register rules, scopes and policies)

        nav_register(NavItem(label=_("非法集资线索"), url_name="collection:clue_list", order=30))
        nav_register(NavItem(label=_("监测预警"), url_name="collection:upload_list", order=31))
        nav_register(NavItem(label=_("风险排查报告"), url_name="collection:report_list", order=32))
        nav_register(NavItem(label=_("约谈整改"), url_name="collection:supervision_list", order=33))
        nav_register(NavItem(label=_("风险提示"), url_name="collection:alert_list", order=34))
        beat_register("collection-quarterly-reports", "collection.risk_reports_schedule", seconds=6 * 3600)
