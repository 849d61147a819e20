from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", _("新分派")
    SOON_DUE = "soon_due", _("即将到期")
    BREACHED = "breached", _("已逾期")
    ESCALATED = "escalated", _("逾期上报")
    INFO = "info", _("通知")


class Notification(models.Model):
    """An in-app inbox entry for a person or for everyone in an organisation (email follows on commit)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="notifications",
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("接收单位"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="notifications",
    )
    kind = models.CharField(_("类型"), max_length=16, choices=NotificationKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=255, blank=True)
    reference = models.CharField(_("事项编号"), max_length=32, blank=True, db_index=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "read_at"], name="notification_org_unread"),
            models.Index(fields=["recipient", "read_at"], name="notification_user_unread"),
        ]

    def __str__(self) -> str:
        return self.title
