from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    """Units a statutory period (期间) is counted in."""

    WORKDAYS = "workdays", _("工作日")
    DAYS = "days", _("日")
    HOURS = "hours", _("小时")
    MONTHS = "months", _("月")
