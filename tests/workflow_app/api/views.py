from __future__ import annotations

from rest_framework import serializers, viewsets
from rest_framework.decorators import action

from gazette.permissions import visible
from gazette.workflow.api import CaseEngineFieldsMixin, action_schema, perform_action

from ..models import Permit


class PermitOutSerializer(CaseEngineFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = Permit
        fields = ["id", "reference", "state", "applicant", "amount", "rule_trace", "deadlines", "actions"]


class PermitViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PermitOutSerializer

    def get_queryset(self):
        return visible(self.request.user, Permit).order_by("id")

    @action_schema
    @action(detail=True, methods=["post"], url_path=r"(?P<transition>[a-z][a-z-]*)")
    def perform(self, request, pk=None, transition: str = ""):
        return perform_action(self, request, self.get_object(), transition.replace("-", "_"))
