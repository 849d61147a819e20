from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PropertyConfig(AppConfig):
    """物业管理委员会组建运行 (property management committees), 晋建房规字〔2022〕191号."""

    name = "property"
    label = "property"
    verbose_name = _("物业管理委员会")

    def ready(self) -> None:
        from gazette.ui.navigation import NavItem, nav_register
        from gazette.workflow.definitions import workflow_register

        from . import permissions, rules  # noqa: F401  (register rules, scopes and policies)
        from .meeting_workflow import MEETING_WORKFLOW
        from .permissions import is_property_side
        from .workflow import WORKFLOW

        workflow_register(WORKFLOW)
        workflow_register(MEETING_WORKFLOW)
        nav_register(NavItem(label=_("物业管理委员会"), url_name="property:committee_list", order=50,
                             allowed=is_property_side))
        nav_register(NavItem(label=_("物业管理区域"), url_name="property:area_list", order=51,
                             allowed=is_property_side))
        nav_register(NavItem(label=_("物管会公示栏"), url_name="property:board", order=52))
