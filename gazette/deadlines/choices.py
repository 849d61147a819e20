from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadlineStatus(models.TextChoices):
    RUNNING = "running", _("计时中")
    PAUSED = "paused", _("已暂停")
    MET = "met", _("已按期办结")
    BREACHED = "breached", _("已逾期")
    CANCELLED = "cancelled", _("已取消")


OPEN_STATUSES = (DeadlineStatus.RUNNING, DeadlineStatus.PAUSED)
