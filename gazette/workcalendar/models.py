"""Reference data of the working-day calendar, kept by administrators."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarOverride(models.Model):
    """One day whose status differs from the base calendar (节假日调整): a holiday, or a make-up working day (调休上班).

    The override wins over the ``chinesecalendar`` package and over the provisional calendar.
    """

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(
        _("是否工作日"), help_text=_("勾选表示当天上班（如调休上班日）；不勾选表示当天休息。")
    )
    name = models.CharField(_("名称"), max_length=60, blank=True, help_text=_("如：春节、国庆节。"))
    note = models.TextField(_("备注"), blank=True)
    source = models.CharField(
        _("依据文件"),
        max_length=200,
        blank=True,
        help_text=_("如：国务院办公厅关于2027年部分节假日安排的通知。"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["date"]

    def __str__(self) -> str:
        kind = _("上班") if self.is_working_day else _("休息")
        return f"{self.date:%Y-%m-%d} {self.name or ''} {kind}".replace("  ", " ")


class OfficialYear(models.Model):
    """A year whose official holiday schedule (国务院办公厅节假日安排) an administrator has loaded.

    A year that neither the ``chinesecalendar`` package covers nor is recorded here is counted on the provisional
    calendar, and every result touching it is flagged provisional.
    """

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("依据文件"), max_length=200)
    loaded_at = models.DateTimeField(_("录入时间"), auto_now=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("官方节假日安排（年度）")
        verbose_name_plural = _("官方节假日安排（年度）")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}"
