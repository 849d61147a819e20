from __future__ import annotations

from rest_framework import serializers, viewsets

from gazette.permissions import visible
from gazette.workflow.api import CaseEngineFieldsMixin, WorkflowActionsMixin

from ..models import Permit
from ..workflow import WORKFLOW


class PermitOutSerializer(CaseEngineFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = Permit
        fields = ["id", "reference", "state", "applicant", "amount", "rule_trace", "deadlines", "actions"]


class PermitViewSet(WorkflowActionsMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PermitOutSerializer
    workflow = WORKFLOW

    def get_queryset(self):
        return visible(self.request.user, Permit).order_by("id")
