"""Property API: scoped list and detail of committees and meetings; every declared action of their workflows is
``POST …/{id}/<action>/`` (409 wrong state, 422 failed rule with its article, 403 not allowed, 404 out of reach)."""

from __future__ import annotations

from rest_framework import mixins, viewsets

from gazette.permissions import visible
from gazette.workflow.api import WorkflowActionsMixin

from ..meeting_workflow import MEETING_WORKFLOW
from ..models import Committee, Meeting
from ..workflow import WORKFLOW
from .serializers import CommitteeOutSerializer, MeetingOutSerializer


class _ReadViewSet(WorkflowActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pass


class CommitteeViewSet(_ReadViewSet):
    """物业管理委员会 of the caller's street office (or region, for housing departments)."""

    serializer_class = CommitteeOutSerializer
    workflow = WORKFLOW

    def get_queryset(self):
        return visible(self.request.user, Committee).select_related("area").order_by("-created_at")


class MeetingViewSet(_ReadViewSet):
    """物业管理委员会会议: ``adopt`` (第十五条), ``refuse``, ``order-correction`` / ``revoke`` (第二十一条)."""

    serializer_class = MeetingOutSerializer
    workflow = MEETING_WORKFLOW

    def get_queryset(self):
        return visible(self.request.user, Meeting).select_related("committee").order_by("-held_on", "-id")
