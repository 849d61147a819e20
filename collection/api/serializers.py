"""Separate output and input serializers; the reporter's identity appears only for the registering unit."""

from __future__ import annotations

from rest_framework import serializers

from gazette.workflow.api import CaseEngineFieldsMixin

from ..models import Clue, Measure, RiskReport, SupervisionAction
from ..services import reporter_identity


class ClueOutSerializer(CaseEngineFieldsMixin, serializers.ModelSerializer):
    state_label = serializers.CharField(read_only=True)
    reporter = serializers.SerializerMethodField()

    class Meta:
        model = Clue
        fields = ["id", "reference", "state", "state_label", "source", "subject_name", "subject_kind",
                  "subject_region", "description", "registering_organisation", "lead_department", "fundraising_type",
                  "report_determination", "created_at", "reporter", "rule_trace", "deadlines", "actions"]

    def get_reporter(self, obj) -> dict | None:
        """COLL-A25: the identity goes through ``reporter_identity``, which audits every showing (as the page)."""
        request = self.context.get("request")
        if request is None:
            return None
        identity = reporter_identity(clue=obj, user=request.user)
        return None if identity is None else {"name": identity["name"], "phone": identity["phone"]}


class MeasureOutSerializer(CaseEngineFieldsMixin, serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    state_label = serializers.CharField(read_only=True)

    class Meta:
        model = Measure
        fields = ["id", "reference", "clue", "kind", "target", "reason", "status", "state_label", "requested_by",
                  "requested_at", "approved_by", "approved_at", "executed_at", "refusal_note", "rule_trace",
                  "deadlines", "actions"]


class RiskReportOutSerializer(CaseEngineFieldsMixin, serializers.ModelSerializer):
    state_label = serializers.CharField(read_only=True)

    class Meta:
        model = RiskReport
        fields = ["id", "reference", "organisation", "lead_department", "year", "quarter", "status", "state_label",
                  "content", "submitted_at", "rule_trace", "deadlines", "actions"]


class SupervisionActionOutSerializer(CaseEngineFieldsMixin, serializers.ModelSerializer):
    state_label = serializers.CharField(read_only=True)

    class Meta:
        model = SupervisionAction
        fields = ["id", "reference", "kind", "organisation", "target_name", "content", "days", "status",
                  "state_label", "issued_at", "completed_at", "rule_trace", "deadlines", "actions"]
