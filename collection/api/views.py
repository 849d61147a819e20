"""Clue API: scoped list and detail, and explicit action endpoints (409 wrong state, 422 failed rule, 404 out of
reach)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from gazette.permissions import get_visible_or_404, visible

from .. import services
from ..models import Clue
from .serializers import ActionInSerializer, ClueOutSerializer


class ClueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ClueOutSerializer

    def get_queryset(self):
        return visible(self.request.user, Clue).select_related(
            "registering_organisation", "lead_department").order_by("-created_at")

    @extend_schema(request=ActionInSerializer, responses=ClueOutSerializer)
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<name>[a-z_]+)")
    def act(self, request, pk=None, name=None):
        clue = get_visible_or_404(request.user, Clue, pk=pk)
        payload = ActionInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        comment = data.pop("comment", "")
        expected = data.pop("expected_state", "") or None
        services.clue_act(clue=clue, name=name, actor=request.user, comment=comment, data=data,
                          expected_state=expected)
        clue.refresh_from_db()
        return Response(ClueOutSerializer(clue, context={"request": request}).data)
