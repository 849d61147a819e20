"""What a fund application shows (pages and API alike): the checklist with its attachments, what is missing, and the
official documents issued on it — all from ``gazette.documents``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from gazette.documents.checklists import checklist_status
from gazette.documents.selectors import document_list

from .checklist import application_missing_items, items_for
from .models import Application


def application_checklist(app: Application) -> list[dict[str, Any]]:
    """Each checklist item with the article that requires it, whether it is provided and its uploaded files."""
    return [
        {"code": s.item.code, "label": str(s.item.label), "article": s.item.help, "present": s.provided,
         "attachments": s.attachments}
        for s in checklist_status(app, items_for(app))
    ]


def application_missing(app: Application) -> list[str]:
    return [str(i.label) for i in application_missing_items(app)]


def application_documents(app: Application) -> list[dict[str, Any]]:
    """The official documents issued on the application, newest first, with their permission-checked links."""
    return [
        {"id": d.pk, "kind": d.kind, "title": d.title, "number": d.number, "issued_on": d.issued_on,
         "version": d.version, "recipients": d.recipients,
         "url": reverse("documents:document-download", args=[d.pk])}
        for d in document_list(case=app, latest_only=True)
    ]
