"""Celery tasks of the documents engine part (they take ids and JSON only) and ``document_generate_later``, which
queues them: the services render, this module runs them off the request path."""

from __future__ import annotations

import json
from typing import Any

from celery import shared_task
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models, transaction

from gazette.orgs.models import Organisation

from .links import case_key
from .services import document_generate


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
    case = apps.get_model(case_type)._default_manager.get(pk=case_id)
    organisation = Organisation.objects.get(pk=organisation_id)
    actor = get_user_model()._default_manager.filter(pk=actor_id).first() if actor_id else None
    document = document_generate(
        case=case, kind=kind, title=title, template_name=template_name, context=context,
        organisation=organisation, actor=actor, recipients=recipients, numbered=numbered, request_key=request_key,
    )
    return document.pk


def document_generate_later(
    *,
    case: models.Model,
    kind: str,
    title: str,
    template_name: str,
    context: dict[str, Any],
    organisation: Any,
    actor: Any,
    request_key: str,
    recipients: list[str] | None = None,
    numbered: bool = True,
) -> None:
    """Queue ``document_generate`` on a Celery worker once the current transaction commits (for batches and
    anything off the request path). ``context`` must be JSON; ``request_key`` makes a redelivered task harmless."""
    json.dumps(context)  # fail now, in the caller, rather than in the worker
    content_type, object_id = case_key(case)
    kwargs = {
        "request_key": request_key,
        "case_type": f"{content_type.app_label}.{content_type.model}",
        "case_id": object_id,
        "kind": kind,
        "title": title,
        "template_name": template_name,
        "context": context,
        "organisation_id": organisation.pk,
        "actor_id": getattr(actor, "pk", None),
        "recipients": list(recipients or []),
        "numbered": numbered,
    }
    transaction.on_commit(lambda: generate.delay(**kwargs))
