"""Recording incidents. Called from Celery signal receivers, so it must never raise."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gazette.audit.masking import mask_text

from .models import Incident

log = logging.getLogger(__name__)


def incident_record(
    *, kind: str, task_name: str, task_id: str, args: Any = None, exception: Any = None, traceback: str = "",
    retries: int = 0,
) -> Incident | None:
    """Create the incident for ``task_id`` or count one more occurrence of it. Personal data is masked."""
    fields = {
        "task_name": (task_name or "?")[:200],
        "args": mask_text(repr(args) if args is not None else "")[:4000],
        "exception": mask_text(f"{type(exception).__name__}: {exception}" if exception is not None else "")[:4000],
        "traceback": mask_text(traceback or "")[:20000],
        "retries": retries,
    }
    task_id = (task_id or "")[:64]
    try:
        with transaction.atomic():
            updated = Incident.objects.filter(task_id=task_id, kind=kind).update(
                count=F("count") + 1, last_seen=timezone.now(), resolved=False, **fields
            )
            if not updated:
                Incident.objects.create(task_id=task_id, kind=kind, **fields)
        incident = Incident.objects.get(task_id=task_id, kind=kind)
    except Exception:
        # The database may be what failed; the log line (masked by the logging filter) is then the record.
        log.exception("could not record incident %s for task %s %s", kind, task_name, task_id)
        return None
    log.error("incident %s: task %s %s: %s", kind, task_name, task_id, fields["exception"])
    return incident


def incident_resolve(*, incident: Incident, actor: Any) -> None:
    Incident.objects.filter(pk=incident.pk, resolved=False).update(
        resolved=True, resolved_at=timezone.now(), resolved_by=actor if getattr(actor, "pk", None) else None
    )
