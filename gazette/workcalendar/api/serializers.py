"""Input and output serializers of the calendar API."""

from __future__ import annotations

from datetime import date, datetime

from django.utils.dateparse import parse_date, parse_datetime
from rest_framework import serializers

from ..choices import Unit


class PeriodEndQuerySerializer(serializers.Serializer):
    """Query parameters of ``GET period-end/``."""

    start = serializers.CharField(
        help_text="起算日期 YYYY-MM-DD，或 ISO 8601 日期时间（按小时计算时使用，无时区的按北京时间）。",
        error_messages={"required": "请提供起算日期 start。", "blank": "起算日期 start 不能为空。"},
    )
    amount = serializers.IntegerField(
        min_value=1,
        help_text="期间数额，正整数。",
        error_messages={
            "required": "请提供期间数额 amount。",
            "invalid": "期间数额 amount 应为正整数。",
            "min_value": "期间数额 amount 应为正整数，不能为零或负数。",
            "max_string_length": "期间数额 amount 过大。",
        },
    )
    unit = serializers.ChoiceField(
        choices=Unit.choices,
        help_text="期间单位：workdays（工作日）、days（日）、hours（小时）、months（月）。",
        error_messages={
            "required": "请提供期间单位 unit。",
            "invalid_choice": "期间单位“{input}”无效，应为 workdays、days、hours 或 months。",
        },
    )

    def validate_start(self, value: str) -> date | datetime:
        value = value.strip()
        try:
            parsed = parse_date(value) if len(value) == 10 else parse_datetime(value)
        except ValueError:
            parsed = None
        if parsed is None:
            raise serializers.ValidationError(
                f"起算日期“{value}”无效，应为 YYYY-MM-DD 格式的真实日期或 ISO 8601 日期时间。"
            )
        return parsed


class ExplainedDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    counted = serializers.BooleanField()
    ordinal = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField(help_text="中文说明，如 周六、国庆节、调休上班日（国庆节）、起算日不计入。")


class PeriodEndResultSerializer(serializers.Serializer):
    """Response of ``GET period-end/`` (documentation only: the view returns ``PeriodResult.as_dict()``)."""

    start = serializers.DateTimeField()
    amount = serializers.IntegerField()
    unit = serializers.ChoiceField(choices=Unit.choices)
    end = serializers.DateTimeField(help_text="届满时刻（北京时间）；按日计算的为届满日 23:59:59.999999。")
    provisional = serializers.BooleanField(help_text="是否按临时日历计算（所涉年度官方节假日安排尚未录入）。")
    summary = serializers.CharField(help_text="一句话中文说明。")
    explanation = ExplainedDaySerializer(many=True)
