from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "gazette.notifications"
    label = "notifications"
    verbose_name = _("消息通知")

    def ready(self) -> None:
        from gazette.ui.inbox import inbox_register

        from .selectors import inbox_provider

        inbox_register(inbox_provider)
