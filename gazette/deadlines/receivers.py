"""Recount running deadlines when the working-day calendar changes."""

from __future__ import annotations

from django.dispatch import receiver

from gazette.workcalendar.signals import calendar_changed

from .services import deadlines_recount


@receiver(calendar_changed)
def recount_on_calendar_change(sender, years=None, reason: str = "", **kwargs) -> None:
    deadlines_recount(years=set(years or ()), reason=reason or "工作日历已更新")
