from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeStatus(models.TextChoices):
    OPEN = "open", _("公示中")
    CLOSED = "closed", _("公示期满")
    WITHDRAWN = "withdrawn", _("已撤回")


class ObjectionOutcome(models.TextChoices):
    PENDING = "pending", _("待核查")
    UPHELD = "upheld", _("异议成立")
    REJECTED = "rejected", _("异议不成立")


class PublicNotice(models.Model):
    """A public notice (公示) about a case: content, where it was posted, its window, and objections.
    Its end is a deadline; when it falls due the notice closes and the case may move on."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    case = GenericForeignKey("content_type", "object_id")
    reference = models.CharField(_("事项编号"), max_length=32, db_index=True)
    organisation = models.ForeignKey("orgs.Organisation", verbose_name=_("公示单位"), on_delete=models.PROTECT)
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("内容"))
    rule_id = models.CharField(_("依据规则"), max_length=32)
    starts_at = models.DateTimeField(_("公示开始"))
    amount = models.PositiveIntegerField(_("公示期"))
    unit = models.CharField(_("单位"), max_length=16)
    ends_at = models.DateTimeField(_("公示届满"))
    provisional = models.BooleanField(_("按临时日历计算"), default=False)
    status = models.CharField(_("状态"), max_length=16, choices=NoticeStatus.choices, default=NoticeStatus.OPEN)
    on_close_transition = models.CharField(_("期满后自动操作"), max_length=64, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["-starts_at"]
        # notice_type_start: an app's public notice board, newest first, pages by (starts_at, id) without a sort.
        indexes = [models.Index(fields=["content_type", "object_id"], name="notice_case"),
                   models.Index(fields=["content_type", "-starts_at", "-id"], name="notice_type_start")]

    def __str__(self) -> str:
        return self.title

    @property
    def has_pending_objections(self) -> bool:
        return self.objections.filter(outcome=ObjectionOutcome.PENDING).exists()


class NoticePlace(models.Model):
    notice = models.ForeignKey(PublicNotice, on_delete=models.CASCADE, related_name="places")
    place = models.CharField(_("张贴地点"), max_length=200)
    posted_at = models.DateTimeField(_("张贴时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("公示地点")
        verbose_name_plural = _("公示地点")

    def __str__(self) -> str:
        return self.place


class Objection(models.Model):
    """An objection received during the window, and how it was handled."""

    notice = models.ForeignKey(PublicNotice, on_delete=models.CASCADE, related_name="objections")
    received_at = models.DateTimeField(_("收到时间"))
    objector = models.CharField(_("异议人"), max_length=100)
    contact = models.CharField(_("联系方式"), max_length=64, blank=True)
    content = models.TextField(_("异议内容"))
    outcome = models.CharField(
        _("核查结论"), max_length=16, choices=ObjectionOutcome.choices, default=ObjectionOutcome.PENDING
    )
    handling = models.TextField(_("处理情况"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["received_at"]

    def __str__(self) -> str:
        return f"{self.objector}: {self.content[:20]}"
