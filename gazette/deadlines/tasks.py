from __future__ import annotations

from celery import shared_task

from .services import deadlines_sweep


@shared_task(name="gazette.deadlines.sweep", ignore_result=True)
def sweep() -> dict[str, int]:
    """Every minute (beat): breach and warn due deadlines. Safe to run concurrently and repeatedly."""
    result = deadlines_sweep()
    return {"breached": result.breached, "warned": result.warned, "failed": result.failed}
