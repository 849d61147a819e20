from __future__ import annotations

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "gazette:worker-heartbeat"


@shared_task(name="gazette.api.worker_heartbeat")
def worker_heartbeat() -> str:
    """Record that a worker is consuming the queue; /healthz reports how long ago it last ran."""
    now = timezone.now().isoformat()
    cache.set(HEARTBEAT_KEY, now, timeout=None)
    return now
