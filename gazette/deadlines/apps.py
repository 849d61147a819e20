from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "gazette.deadlines"
    label = "deadlines"
    verbose_name = _("办理期限")

    def ready(self) -> None:
        from gazette.celery import beat_register
        from gazette.ui.navigation import NavItem, nav_register

        from . import receivers  # noqa: F401  (recount on calendar changes)

        beat_register("deadlines-sweep", "gazette.deadlines.sweep", seconds=60)
        nav_register(NavItem(label=_("逾期事项"), url_name="deadlines:overdue", order=80))
