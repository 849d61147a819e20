"""Forms of the working-day calendar: the deadline calculator and the admin's year upload."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Unit

TZ = ZoneInfo("Asia/Shanghai")


class PeriodCalculatorForm(forms.Form):
    """期限计算器: a start date (and time, for hours), an amount and a unit."""

    start_date = forms.DateField(
        label=_("起算日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("请填写起算日期。"), "invalid": _("起算日期格式应为 YYYY-MM-DD。")},
    )
    start_time = forms.TimeField(
        label=_("起算时刻"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("仅按小时计算时使用；不填则自当日0时起算。"),
        error_messages={"invalid": _("起算时刻格式应为 HH:MM。")},
    )
    amount = forms.IntegerField(
        label=_("期间数额"),
        min_value=1,
        error_messages={
            "required": _("请填写期间数额。"),
            "invalid": _("期间数额应为正整数。"),
            "min_value": _("期间数额应为正整数，不能为零或负数。"),
        },
    )
    unit = forms.ChoiceField(
        label=_("单位"),
        choices=Unit.choices,
        initial=Unit.WORKDAYS,
        error_messages={"required": _("请选择单位。"), "invalid_choice": _("请选择有效的单位。")},
    )

    def start(self) -> date | datetime:
        """The start to count from: a date, or an aware datetime when a time is given."""
        day = self.cleaned_data["start_date"]
        moment = self.cleaned_data.get("start_time")
        if moment is None:
            return day
        return datetime.combine(day, moment, tzinfo=TZ)


class OfficialYearLoadForm(forms.Form):
    """Upload of a year's official holiday schedule as CSV (date,is_working_day,name)."""

    year = forms.IntegerField(label=_("年份"), min_value=2004, max_value=2099)
    source = forms.CharField(
        label=_("依据文件"),
        max_length=200,
        help_text=_("如：国务院办公厅关于2027年部分节假日安排的通知。"),
    )
    file = forms.FileField(
        label=_("CSV 文件"),
        help_text=_("UTF-8 编码，表头为 date,is_working_day,name；每行一天，1 表示上班（调休上班日），0 表示休息。"),
    )
    replace = forms.BooleanField(
        label=_("删除该年份中不在文件内的节假日调整"),
        required=False,
        help_text=_("文件是该年完整的官方安排时勾选；不勾选则保留该年已有的其他调整记录。"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 256 * 1024:
            raise forms.ValidationError(_("文件过大（最大 256 KB）。"))
        return upload
