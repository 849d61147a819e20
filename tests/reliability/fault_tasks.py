"""Tasks the fault harness's worker subprocess loads with ``--include`` (they exist only there)."""

from __future__ import annotations

import time

from celery import shared_task
from django.core.cache import cache


@shared_task(name="tests.reliability.slow_step", bind=True)
def slow_step(self, token: str, seconds: float = 1.5) -> None:
    """Counts its starts, takes a while (so the harness can kill it mid-way), then records that it finished."""
    cache.add(f"faults:{token}:starts", 0, timeout=3600)
    cache.incr(f"faults:{token}:starts")
    time.sleep(seconds)
    cache.set(f"faults:{token}:done", 1, timeout=3600)
