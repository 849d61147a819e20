from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditConfig(AppConfig):
    """房地产企业信用评价 (晋建房规字〔2022〕156号) and 住宅物业服务质量星级评价 (159号)."""

    name = "credit"
    label = "credit"
    verbose_name = _("房地产企业信用评价")

    def ready(self) -> None:
        from gazette.ui.navigation import NavItem, nav_register
        from gazette.workflow.definitions import workflow_register

        from . import permissions, rules  # noqa: F401  (register rules, scopes and policies)
        from .permissions import is_credit_side
        from .star.workflow import STAR_WORKFLOW
        from .workflow import WORKFLOW

        for workflow in (WORKFLOW, STAR_WORKFLOW):
            workflow_register(workflow)
        for order, (label, url_name) in enumerate([
            (_("信用评价"), "credit:rating_list"),
            (_("房地产企业"), "credit:enterprise_list"),
            (_("星级评价"), "credit:star_list"),
            (_("企业申报"), "credit:portal"),
        ], start=50):
            nav_register(NavItem(label=label, url_name=url_name, order=order, allowed=is_credit_side))
        nav_register(NavItem(label=_("信用评价结果公布"), url_name="credit:grades", order=59,
                             allowed=lambda user: True))
