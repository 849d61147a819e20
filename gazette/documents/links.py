"""The generic link from a document or attachment to its case, which lives in another app."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models


def case_key(case: models.Model) -> tuple[ContentType, str]:
    """The generic link of a case: its content type (cached by Django) and its primary key as text."""
    return ContentType.objects.get_for_model(case, for_concrete_model=False), str(case.pk)
