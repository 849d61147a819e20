"""Output serializers of the committee and meeting API (actions are the engine's)."""

from __future__ import annotations

from rest_framework import serializers

from gazette.workflow.api import CaseEngineFieldsMixin

from ..models import Committee, Meeting


class CommitteeOutSerializer(CaseEngineFieldsMixin, serializers.ModelSerializer):
    state_label = serializers.CharField(read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)

    class Meta:
        model = Committee
        fields = ["id", "reference", "state", "state_label", "area", "area_name", "trigger", "reference_date",
                  "established_on", "filed_on", "filing_number", "dissolved_on", "created_at", "rule_trace",
                  "deadlines", "actions"]


class MeetingOutSerializer(CaseEngineFieldsMixin, serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    state_label = serializers.CharField(read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "reference", "committee", "number", "kind", "state", "state_label", "held_on", "subject",
                  "decision", "reserved_to_owners", "correction_due", "rule_trace", "deadlines", "actions"]
