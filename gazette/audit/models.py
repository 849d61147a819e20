from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One append-only audit row: a sign-in or failure, a lockout, a transition, a document generated or
    downloaded, a view or export of personal data. On PostgreSQL a trigger refuses UPDATE and DELETE."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.DO_NOTHING, null=True, blank=True,
        related_name="+", db_constraint=False,
    )
    actor_name = models.CharField(_("操作人账号"), max_length=150, blank=True)
    action = models.CharField(_("事件"), max_length=64, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    summary = models.CharField(_("摘要"), max_length=255, blank=True)
    data = models.JSONField(_("详情"), default=dict, blank=True)
    ip = models.CharField(_("IP地址"), max_length=64, blank=True)
    # Hash chain (PostgreSQL): sealed at commit by a deferred trigger, in commit order. See ADR 0004.
    chain_seq = models.BigIntegerField(_("链序号"), null=True, blank=True, unique=True, editable=False)
    prev_hash = models.CharField(_("前一哈希"), max_length=64, blank=True, default="", editable=False)
    hash = models.CharField(_("哈希"), max_length=64, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.actor_name}"
