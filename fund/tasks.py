from celery import shared_task


@shared_task(name="fund.reports_schedule_due")
def reports_schedule_due() -> int:
    """Create the current quarterly and annual reports with their clocks (safe to run any number of times)."""
    from .services import reports_schedule_due as schedule

    return schedule()


@shared_task(name="fund.obligations_schedule_due")
def obligations_schedule_due() -> int:
    """Create this quarter's transfer duties (FUND-A15 insurers, FUND-A16 fines) and the year's levy-ratio duty
    with their clocks (idempotent)."""
    from .services import obligations_schedule_due as schedule

    return schedule()


@shared_task(name="fund.insurer_warnings_issue")
def insurer_warnings_issue() -> int:
    """FUND-A45 warnings and public notices; each is claimed once, so a repeated run warns nobody twice."""
    from .services import insurer_warnings_issue as issue

    return len(issue())
