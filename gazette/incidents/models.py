from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Incident(models.Model):
    """A background task that failed for good: retries exhausted, message rejected or unknown, or delivered too
    often without finishing. One row per task id; repeated reports of the same task raise ``count``.
    Administrators see and resolve incidents in the admin; a failed task is never dropped silently."""

    class Kind(models.TextChoices):
        FAILED = "failed", _("重试后仍失败")
        REJECTED = "rejected", _("消息被拒绝")
        UNKNOWN = "unknown", _("未知任务")
        POISON = "poison", _("多次投递未完成")

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.FAILED)
    task_name = models.CharField(_("任务"), max_length=200, db_index=True)
    task_id = models.CharField(_("任务编号"), max_length=64)
    args = models.TextField(_("参数"), blank=True)
    exception = models.TextField(_("异常"), blank=True)
    traceback = models.TextField(_("堆栈"), blank=True)
    retries = models.PositiveIntegerField(_("已重试次数"), default=0)
    first_seen = models.DateTimeField(_("首次发生"), auto_now_add=True)
    last_seen = models.DateTimeField(_("最近发生"), auto_now=True, db_index=True)
    count = models.PositiveIntegerField(_("次数"), default=1)
    resolved = models.BooleanField(_("已处理"), default=False, db_index=True)
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("处理人"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("运行故障")
        verbose_name_plural = _("运行故障")
        ordering = ["resolved", "-last_seen"]
        constraints = [models.UniqueConstraint(fields=["task_id", "kind"], name="incident_one_per_task_kind")]

    def __str__(self) -> str:
        return f"{self.task_name} {self.task_id} ({self.get_kind_display()})"
