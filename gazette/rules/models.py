from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import RegulationStatus


class Regulation(models.Model):
    """A normative document published in the gazette (规范性文件) with its 文号 and period of validity."""

    code = models.CharField(_("代码"), max_length=16, unique=True)
    rule_prefix = models.CharField(
        _("规则编号前缀"), max_length=8, unique=True, help_text=_("如 FUND，规则编号为 FUND-A22")
    )
    title = models.CharField(_("标题"), max_length=200)
    doc_number = models.CharField(_("文号"), max_length=64)
    issuer = models.CharField(_("发布机关"), max_length=100)
    issue_date = models.DateField(_("印发日期"))
    effective_from = models.DateField(_("施行日期"))
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", verbose_name=_("被替代为"), on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )
    source_file = models.CharField(_("原文文件"), max_length=100, blank=True)
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("规章（规范性文件）")
        verbose_name_plural = _("规章（规范性文件）")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.title}（{self.doc_number}）"

    def valid_until(self) -> date | None:
        """The last day of validity, counting recorded extensions (None: no end)."""
        extensions = list(self.extensions.all())
        if any(e.extended_until is None for e in extensions):
            return None
        dates = [d for d in [self.expires_on, *(e.extended_until for e in extensions)] if d is not None]
        if self.expires_on is None:
            return None
        return max(dates)

    def extended_on(self, day: date) -> bool:
        """True when a recorded extension covers ``day``: an extension applies from its own date
        (``effective_from``; blank: straight on from the original last day) to ``extended_until`` (blank: no end),
        so the days between the lapse and a later extension stay lapsed."""
        if self.expires_on is None:
            return True
        for e in self.extensions.all():
            start = e.effective_from or self.expires_on + timedelta(days=1)
            if start <= day and (e.extended_until is None or day <= e.extended_until):
                return True
        return False

    def status_on(self, day: date) -> str:
        if day < self.effective_from:
            return RegulationStatus.NOT_YET
        if self.expires_on is None or day <= self.expires_on or self.extended_on(day):
            return RegulationStatus.IN_FORCE
        if self.superseded_by_id:
            return RegulationStatus.SUPERSEDED
        return RegulationStatus.LAPSED


class RegulationExtension(models.Model):
    """An administrator's record that a regulation's validity was extended (e.g. a 延期 notice)."""

    regulation = models.ForeignKey(
        Regulation, verbose_name=_("规章"), on_delete=models.CASCADE, related_name="extensions"
    )
    effective_from = models.DateField(
        _("自何日起适用"), null=True, blank=True,
        help_text=_("延期或替代文件自身的生效日期；此前已失效的日期仍显示为失效。留空表示自原有效期届满次日起连续有效"),
    )
    extended_until = models.DateField(_("延长至"), null=True, blank=True, help_text=_("留空表示长期有效"))
    basis = models.CharField(_("依据文件"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, null=True, blank=True
    )
    recorded_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("规章延期记录")
        verbose_name_plural = _("规章延期记录")

    def __str__(self) -> str:
        return f"{self.regulation.code} → {self.extended_until or '长期'}"
