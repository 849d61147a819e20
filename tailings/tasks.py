"""Celery tasks: ids in, safe to run twice, thin wrappers over services."""

from __future__ import annotations

from celery import shared_task
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from .documents import tailings_document_generate


@shared_task(name="tailings.document")
def tailings_document(model_label: str, pk: int, kind: str, request_key: str, actor_id: int | None = None) -> int:
    """Generate one official document; the request key makes a repeat return the first document."""
    obj = apps.get_model(model_label).objects.get(pk=pk)
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return tailings_document_generate(obj=obj, kind=kind, request_key=request_key, actor=actor).pk


@shared_task(name="tailings.stations_stale_sweep")
def stations_stale_sweep() -> int:
    """Raise the alarm of every station that stopped reporting (each once)."""
    from .monitoring import stations_stale_sweep as sweep

    return sweep(now=timezone.now())


@shared_task(name="tailings.annual_duties_ensure")
def annual_duties_ensure() -> int:
    """This year's drill and flood-routing clocks, due before the flood season (idempotent)."""
    from .services import annual_duties_ensure as ensure

    return ensure(on=timezone.localdate())
