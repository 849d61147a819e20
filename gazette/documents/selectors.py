"""Reads of the documents engine part."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from gazette.permissions import user_can

from .links import case_key
from .models import Attachment, GeneratedDocument


def attachment_list(*, case: models.Model) -> QuerySet[Attachment]:
    """The attachments of a case, oldest first. The caller has checked that the user may view the case."""
    content_type, object_id = case_key(case)
    return Attachment.objects.filter(content_type=content_type, object_id=object_id).select_related("uploaded_by")


def document_list(*, case: models.Model, latest_only: bool = False) -> QuerySet[GeneratedDocument]:
    """The generated documents of a case, newest first; ``latest_only`` hides superseded versions."""
    content_type, object_id = case_key(case)
    qs = GeneratedDocument.objects.filter(content_type=content_type, object_id=object_id).select_related(
        "organisation"
    )
    if latest_only:
        qs = qs.filter(superseded_by__isnull=True)
    return qs


def _case_viewable(user: Any, item: Attachment | GeneratedDocument) -> bool:
    model = item.content_type.model_class()
    if model is None:
        return False
    case = model._default_manager.filter(pk=item.object_id).first()
    return case is not None and user_can(user, "view", case)


def attachment_get_for_user(*, user: Any, pk: int) -> Attachment:
    """The attachment if ``user`` may view its case; Http404 otherwise (never 403: existence is not revealed)."""
    attachment = Attachment.objects.select_related("content_type").filter(pk=pk).first()
    if attachment is None or not _case_viewable(user, attachment):
        raise Http404
    return attachment


def document_get_for_user(*, user: Any, pk: int) -> GeneratedDocument:
    """The generated document if ``user`` may view its case; Http404 otherwise."""
    document = GeneratedDocument.objects.select_related("content_type").filter(pk=pk).first()
    if document is None or not _case_viewable(user, document):
        raise Http404
    return document
