from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gazette.workflow.definitions import Breach

from .choices import DeadlineStatus


class Deadline(models.Model):
    """One running statutory clock: the case it belongs to, the rule that sets it, when it started and falls
    due, how it was counted, and what happens on breach. Swept every minute by Celery beat; the row, not a
    Celery ETA, is the source of truth."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    case = GenericForeignKey("content_type", "object_id")
    reference = models.CharField(_("事项编号"), max_length=32, db_index=True)
    title = models.CharField(_("事项"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="deadlines"
    )
    kind = models.CharField(_("期限类型"), max_length=40)
    label = models.CharField(_("期限名称"), max_length=100)
    rule_id = models.CharField(_("依据规则"), max_length=32)
    amount = models.PositiveIntegerField(_("期间"))
    unit = models.CharField(_("单位"), max_length=16)
    started_at = models.DateTimeField(_("起算时间"))
    due_at = models.DateTimeField(_("届满时间"))
    warn_at = models.DateTimeField(_("预警时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=DeadlineStatus.choices, default=DeadlineStatus.RUNNING)
    provisional = models.BooleanField(_("按临时日历计算"), default=False)
    explanation = models.JSONField(_("计算说明"), default=dict, blank=True)
    recounts = models.JSONField(_("重新计算记录"), default=list, blank=True)
    # Pause bookkeeping: how much of the period was used before the pause (same unit as ``amount``).
    consumed = models.PositiveIntegerField(_("已用期间"), default=0)
    paused_at = models.DateTimeField(_("暂停时间"), null=True, blank=True)
    on_breach = models.CharField(_("逾期处理"), max_length=16, choices=Breach.choices, default=Breach.NOTIFY)
    breach_transition = models.CharField(_("逾期自动操作"), max_length=64, blank=True)
    breach_handler = models.CharField(_("逾期处理程序"), max_length=64, blank=True)
    escalated_to = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("已报告上级单位"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="escalated_deadlines",
    )
    warned_at = models.DateTimeField(_("已预警时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    # A breached clock stays breached (the lateness is on record); when the work is done after all, this is set and
    # the clock leaves the overdue list (逾期后办结).
    done_late_at = models.DateTimeField(_("逾期后办结时间"), null=True, blank=True)
    breach_applied_at = models.DateTimeField(_("逾期处理时间"), null=True, blank=True)
    breach_result = models.TextField(_("逾期处理结果"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("办理期限")
        verbose_name_plural = _("办理期限")
        ordering = ["due_at"]
        indexes = [
            # The sweep: running rows by due time, and running rows not yet warned by warning time.
            models.Index(fields=["due_at"], name="deadline_running_due", condition=Q(status="running")),
            models.Index(
                fields=["warn_at"], name="deadline_running_warn", condition=Q(status="running", warned_at=None)
            ),
            models.Index(fields=["content_type", "object_id", "status"], name="deadline_case_status"),
            models.Index(fields=["organisation", "status", "due_at"], name="deadline_org_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.label} {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.status in (DeadlineStatus.RUNNING, DeadlineStatus.PAUSED)
