from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    PASSED = "passed", _("符合")
    FAILED = "failed", _("不符合")
    NOT_APPLICABLE = "not_applicable", _("不适用")


class RegulationStatus(models.TextChoices):
    IN_FORCE = "in_force", _("现行有效")
    NOT_YET = "not_yet", _("尚未施行")
    LAPSED = "lapsed", _("已失效")
    SUPERSEDED = "superseded", _("已被替代")
