from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gazette.accounts"
    label = "accounts"
    verbose_name = _("用户与登录")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects login/logout/lockout audit receivers)
