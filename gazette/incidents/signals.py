"""Celery signals that turn a task given up on into an incident."""

from __future__ import annotations

from typing import Any

from celery.signals import task_failure, task_rejected, task_unknown

from .models import Incident
from .services import incident_record


@task_failure.connect
def on_task_failure(sender=None, task_id=None, exception=None, args=None, kwargs=None, einfo=None,
                    **_: Any) -> None:
    # task_failure fires once, when a task fails for good: a retried attempt raises Retry instead.
    request = getattr(sender, "request", None)
    incident_record(
        kind=Incident.Kind.FAILED, task_name=getattr(sender, "name", "?"), task_id=task_id or "",
        args={"args": args, "kwargs": kwargs}, exception=exception, traceback=str(einfo or ""),
        retries=getattr(request, "retries", 0) or 0,
    )


def _headers(message: Any) -> dict[str, Any]:
    return dict(getattr(message, "headers", None) or {})


@task_rejected.connect
def on_task_rejected(message=None, exc=None, **_: Any) -> None:
    headers = _headers(message)
    incident_record(kind=Incident.Kind.REJECTED, task_name=headers.get("task", "?"), task_id=headers.get("id", ""),
                    args=headers.get("argsrepr"), exception=exc)


@task_unknown.connect
def on_task_unknown(message=None, exc=None, name=None, id=None, **_: Any) -> None:
    incident_record(kind=Incident.Kind.UNKNOWN, task_name=name or "?", task_id=id or "",
                    args=_headers(message).get("argsrepr"), exception=exc)
