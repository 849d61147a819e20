from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkcalendarConfig(AppConfig):
    """工作日历 (working-day calendar): holidays, make-up working days and statutory period counting."""

    name = "gazette.workcalendar"
    label = "workcalendar"
    url_prefix = "calendar"
    verbose_name = _("工作日历")

    def ready(self) -> None:
        from gazette.ui.navigation import NavItem, nav_register

        nav_register(NavItem(label=_("期限计算器"), url_name="workcalendar:calculator", order=80))
