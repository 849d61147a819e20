"""Separate output and input serializers; the reporter's identity appears only for the registering unit."""

from __future__ import annotations

from rest_framework import serializers

from gazette.permissions import user_can
from gazette.workflow.api import CaseEngineFieldsMixin

from ..models import Clue


class ClueOutSerializer(CaseEngineFieldsMixin, serializers.ModelSerializer):
    state_label = serializers.CharField(read_only=True)
    reporter = serializers.SerializerMethodField()

    class Meta:
        model = Clue
        fields = ["id", "reference", "state", "state_label", "source", "subject_name", "subject_kind",
                  "subject_region", "description", "registering_organisation", "lead_department", "fundraising_type",
                  "report_determination", "created_at", "reporter", "rule_trace", "deadlines", "actions"]

    def get_reporter(self, obj) -> dict | None:
        request = self.context.get("request")
        if request is None or not user_can(request.user, "reporter_view", obj):
            return None
        return {"name": obj.reporter_name, "phone": obj.reporter_phone}
