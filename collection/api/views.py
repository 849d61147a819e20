"""Clue API: scoped list and detail, and explicit action endpoints (409 wrong state, 422 failed rule, 404 out of
reach)."""

from __future__ import annotations

from rest_framework import mixins, viewsets

from gazette.permissions import visible
from gazette.workflow.api import WorkflowActionsMixin

from ..models import Clue
from ..workflow import WORKFLOW
from .serializers import ClueOutSerializer


class ClueViewSet(WorkflowActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """非法集资线索: scoped list and detail; every declared action of the clue workflow is ``POST …/{id}/<action>/``."""

    serializer_class = ClueOutSerializer
    workflow = WORKFLOW

    def get_queryset(self):
        return visible(self.request.user, Clue).select_related(
            "registering_organisation", "lead_department").order_by("-created_at")
