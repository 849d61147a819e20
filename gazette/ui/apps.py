from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UiConfig(AppConfig):
    name = "gazette.ui"
    label = "ui"
    verbose_name = _("界面")

    def ready(self) -> None:
        from .navigation import NavItem, nav_register

        nav_register(NavItem(label=_("我的待办"), url_name="ui:inbox", order=0))
