from celery import shared_task


@shared_task(name="fund.reports_schedule_due")
def reports_schedule_due() -> int:
    """Create the current quarterly and annual reports with their clocks (safe to run any number of times)."""
    from .services import reports_schedule_due as schedule

    return schedule()
