"""The base class of every Gazette task (``Celery(task_cls=…)`` in gazette/celery.py).

- At most 3 retries (``max_retries``); a task that still fails becomes an incident (see signals.py). Tasks retry
  only calls to the outside world (STYLE.md): they opt in with ``autoretry_for`` or ``self.retry``.
- Poison messages: with ``acks_late`` and ``task_reject_on_worker_lost`` a message whose task kills the worker is
  delivered again and again. Each start is counted per task id and retry in the cache; past
  ``GAZETTE_TASK_MAX_DELIVERIES`` the message is acknowledged without running and recorded as an incident.
"""

from __future__ import annotations

from typing import Any

from celery import Task
from django.conf import settings

DELIVERY_KEY = "gazette:task-deliveries:{id}:{retries}"


class GazetteTask(Task):
    max_retries = 3
    default_retry_delay = 30
    retry_backoff = True
    retry_jitter = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        task_id = getattr(self.request, "id", None)
        if task_id and not getattr(self.request, "is_eager", False):
            from django.core.cache import cache

            key = DELIVERY_KEY.format(id=task_id, retries=self.request.retries or 0)
            cache.add(key, 0, timeout=24 * 3600)
            deliveries = cache.incr(key)
            limit = getattr(settings, "GAZETTE_TASK_MAX_DELIVERIES", 5)
            if deliveries > limit:
                from .models import Incident
                from .services import incident_record

                incident_record(
                    kind=Incident.Kind.POISON, task_name=self.name, task_id=task_id,
                    args={"args": args, "kwargs": kwargs},
                    exception=RuntimeError(f"started {deliveries} times without finishing; not run again"),
                    retries=self.request.retries or 0,
                )
                return None
        return super().__call__(*args, **kwargs)

    def after_return(self, status: str, retval: Any, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        # Finished (either way): only starts that never finish count towards the poison limit.
        if task_id and not getattr(self.request, "is_eager", False):
            from django.core.cache import cache

            cache.delete(DELIVERY_KEY.format(id=task_id, retries=self.request.retries or 0))
        super().after_return(status, retval, task_id, args, kwargs, einfo)
