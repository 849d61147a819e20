"""Template tags of the working-day calendar."""

from __future__ import annotations

from django import template
from django.utils import timezone

from ..selectors import calendar_coverage_warnings

register = template.Library()


@register.simple_tag
def calendar_warnings() -> list[str]:
    """Coverage warnings for today (Asia/Shanghai); an empty list when the calendar is official."""
    return calendar_coverage_warnings(timezone.localdate())
