"""Separate output and input serializers; the reporter's identity appears only for the registering unit."""

from __future__ import annotations

from rest_framework import serializers

from gazette.api.serializers import RejectUnknownFieldsMixin
from gazette.workflow.api import CaseEngineFieldsMixin

from ..models import Clue
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


class ActionInSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    expected_state = serializers.CharField(required=False, allow_blank=True, max_length=40)
    fundraising_type = serializers.CharField(required=False, allow_blank=True)
    verification_summary = serializers.CharField(required=False, allow_blank=True)
    report_facts = serializers.CharField(required=False, allow_blank=True)
    report_determination = serializers.CharField(required=False, allow_blank=True)
    report_legal_basis = serializers.CharField(required=False, allow_blank=True)
    report_proposed_penalty = serializers.CharField(required=False, allow_blank=True)
    penalty_decision = serializers.CharField(required=False, allow_blank=True)
    consultation_record = serializers.CharField(required=False, allow_blank=True)
    police_unit = serializers.CharField(required=False, allow_blank=True)
    referred_to = serializers.CharField(required=False, allow_blank=True)
