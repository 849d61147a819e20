"""Celery tasks: ids in, safe to run twice (the documents' request keys), thin wrappers over the documents."""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model


@shared_task(name="credit.rating_document")
def rating_document(rating_id: int, kind: str, request_key: str, actor_id: int | None = None) -> int:
    from .documents import rating_document_generate
    from .models import Rating

    rating = Rating.objects.select_related("enterprise__organisation", "province_department", "cycle").get(
        pk=rating_id)
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return rating_document_generate(rating=rating, kind=kind, request_key=request_key, actor=actor).pk


@shared_task(name="credit.star_document")
def star_document(application_id: int, request_key: str, actor_id: int | None = None) -> int:
    from .documents import star_document_generate
    from .models import StarApplication

    application = StarApplication.objects.select_related("enterprise__organisation", "decided_by").get(
        pk=application_id)
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return star_document_generate(application=application, request_key=request_key, actor=actor).pk
