"""Celery tasks of the documents engine part. They take ids and JSON only."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.apps import apps
from django.contrib.auth import get_user_model

from gazette.orgs.models import Organisation


@shared_task(name="documents.generate")
def generate(
    *,
    request_key: str,
    case_type: str,
    case_id: str,
    kind: str,
    title: str,
    template_name: str,
    context: dict[str, Any],
    organisation_id: int,
    actor_id: int | None = None,
    recipients: list[str] | None = None,
    numbered: bool = True,
) -> int:
    """Generate one document off the request path; returns its id.

    Safe to run twice: ``request_key`` is unique on the document row, so a redelivered or repeated task returns the
    document the first run stored and consumes no second number.
    """
    from .services import document_generate

    case = apps.get_model(case_type)._default_manager.get(pk=case_id)
    organisation = Organisation.objects.get(pk=organisation_id)
    actor = get_user_model()._default_manager.filter(pk=actor_id).first() if actor_id else None
    document = document_generate(
        case=case, kind=kind, title=title, template_name=template_name, context=context,
        organisation=organisation, actor=actor, recipients=recipients, numbered=numbered, request_key=request_key,
    )
    return document.pk
