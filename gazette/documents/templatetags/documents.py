"""Template filters for official documents: ``{% load documents %}`` then ``{{ issued_on|chinese_date }}``."""

from __future__ import annotations

from datetime import date

from django import template

from gazette.documents.numbering import chinese_date as _chinese_date

register = template.Library()


@register.filter
def chinese_date(value: date | None) -> str:
    """``date(2026, 11, 27)`` → ``二〇二六年十一月二十七日``."""
    if not value:
        return ""
    return _chinese_date(value)


@register.filter
def arabic_date(value: date | None) -> str:
    """``date(2026, 11, 27)`` → ``2026年11月27日`` (GB/T 9704 writes the 印发日期 of the 版记 this way)."""
    if not value:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


# Text width between the margins of an A4 page laid out after GB/T 9704 (210 - 28 - 26 mm), in points.
_TYPE_AREA_PT = 156 / 25.4 * 72


@register.filter
def organ_mark_size(name: str, largest: int = 36) -> int:
    """Font size (pt) at which the issuing organ's name (发文机关标志) fits on one line, at most ``largest``."""
    length = max(1, len(str(name or "")))
    return max(16, min(largest, int(_TYPE_AREA_PT / (length * 1.06))))
