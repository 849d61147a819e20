"""The Celery application, and the one place that defines the periodic schedule."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette.settings")

# Every task: at most 3 retries, then an incident; poison messages stopped (gazette/incidents/base.py).
app = Celery("gazette", task_cls="gazette.incidents.base:GazetteTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic tasks. django-celery-beat's DatabaseScheduler copies these into its tables at start-up; an
# administrator can pause one from the admin without a deploy.
app.conf.beat_schedule = {}


def beat_register(name: str, task: str, *, seconds: float) -> None:
    """Add a periodic task to the schedule (called from each engine part's AppConfig.ready)."""
    app.conf.beat_schedule[name] = {"task": task, "schedule": seconds}
