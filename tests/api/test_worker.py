from __future__ import annotations

import pytest
from django.core.cache import cache

from gazette.api.tasks import HEARTBEAT_KEY, worker_heartbeat


@pytest.mark.worker
def test_a_real_worker_consumes_tasks_from_redis(celery_worker):
    cache.delete(HEARTBEAT_KEY)
    result = worker_heartbeat.apply_async()
    # No result backend: wait for the side effect the worker leaves behind.
    import time

    for _ in range(100):
        if cache.get(HEARTBEAT_KEY):
            break
        time.sleep(0.1)
    assert cache.get(HEARTBEAT_KEY), f"worker did not run task {result.id}"
