"""Reads of the working-day calendar for pages and administrators."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from . import table
from .models import CalendarOverride, OfficialYear


def year_is_official(year: int) -> bool:
    """Whether ``year`` has official data: covered by the chinesecalendar package or loaded by an administrator."""
    return table.package_covers(year) or year in table.current().official_years


def calendar_coverage_warnings(today: date) -> list[str]:
    """Chinese warnings for administrators when the current or the next year has no official holiday schedule.

    The next year is checked all year round: the State Council usually publishes it in October–December, and
    periods started late in the year already run into it.
    """
    warnings: list[str] = []
    for year in (today.year, today.year + 1):
        if year > table.LAST_DATE.year or year_is_official(year):
            continue
        if year == today.year:
            warnings.append(
                f"{year}年（本年度）官方节假日安排尚未录入，本年度相关期限均按临时日历计算"
                "（春节等农历节日及调休无法预先确定），请尽快录入。"
            )
        else:
            warnings.append(f"{year}年官方节假日安排尚未录入，相关期限按临时日历计算。")
    return warnings


def override_list(*, year: int | None = None) -> QuerySet[CalendarOverride]:
    """Overrides, optionally of one year, in date order."""
    qs = CalendarOverride.objects.select_related("created_by").order_by("date")
    return qs.filter(date__year=year) if year else qs


def official_year_list() -> QuerySet[OfficialYear]:
    return OfficialYear.objects.select_related("loaded_by").order_by("-year")
