"""Off-request work: documents generated on a worker after the transition commits (idempotent per request key)."""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model

from .documents import committee_document_generate
from .models import Committee, Meeting


@shared_task(name="property.committee_document")
def committee_document(committee_id: int, kind: str, request_key: str, actor_id: int | None = None,
                       meeting_id: int | None = None) -> int:
    """Generate one document of a committee (or of one of its meetings); a repeat returns the first document."""
    committee = Committee.objects.select_related("organisation", "area").get(pk=committee_id)
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    meeting = Meeting.objects.filter(pk=meeting_id).first() if meeting_id else None
    return committee_document_generate(committee=committee, kind=kind, request_key=request_key, actor=actor,
                                       meeting=meeting).pk
