"""Shared DRF pieces for case APIs: the engine's state in responses, and explicit action endpoints.

A case viewset mixes in :class:`WorkflowActionsMixin`; every declared (non-system) transition becomes
``POST /…/{id}/<name>/`` (underscores become hyphens: ``request_materials`` → ``request-materials/``) with body
``{"comment": "...", "expected_state": "...", "data": {...}}``. A wrong or stale state answers 409, a failed rule
422 with the rule trace, an action the user may not take 403, an object out of reach 404.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from gazette.api.serializers import RejectUnknownFieldsMixin
from gazette.permissions import user_can

from .engine import transition_perform, transitions_available
from .presenters import deadline_rows


class RuleTraceEntrySerializer(serializers.Serializer):
    rule = serializers.CharField()
    article = serializers.CharField()
    doc_number = serializers.CharField(required=False)
    outcome = serializers.ChoiceField(choices=["passed", "failed", "not_applicable"])
    message = serializers.CharField()
    message_en = serializers.CharField(required=False, allow_blank=True)
    figures = serializers.DictField(required=False)
    regulation_status = serializers.CharField(required=False)


class DeadlineOutSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    rule_id = serializers.CharField()
    status = serializers.CharField()
    due_at = serializers.DateTimeField()
    provisional = serializers.BooleanField()
    summary = serializers.CharField()


class ActionSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()


class CaseEngineFieldsMixin(serializers.Serializer):
    """Output fields every case response carries: rule_trace, deadlines and the caller's actions. With the context
    ``just_created`` (the case was created by this request) the clocks are those ``case_create`` started."""

    rule_trace = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    def get_rule_trace(self, obj) -> list[dict[str, Any]]:
        return [
            {k: e.get(k, "") for k in ("rule", "article", "doc_number", "outcome", "message", "message_en",
                                       "figures", "regulation_status")}
            for e in obj.rule_trace or []
        ]

    def get_deadlines(self, obj) -> list[dict[str, Any]]:
        return [
            {"kind": d["kind"], "label": d["label"], "rule_id": d["rule_id"], "status": d["status"],
             "due_at": timezone.localtime(d["due_at"]).isoformat(), "provisional": d["provisional"],
             "summary": d["summary"]}
            for d in deadline_rows(obj, getattr(obj, "started_deadlines", None) if self.context.get("just_created")
                                   else None)
        ]

    def get_actions(self, obj) -> list[dict[str, str]]:
        request = self.context.get("request")
        if request is None:
            return []
        return [{"name": t.name.replace("_", "-"), "label": t.label}
                for t in transitions_available(case=obj, user=request.user)]


class ActionInputSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, label=_("意见"))
    expected_state = serializers.CharField(required=False, allow_blank=True, max_length=40)
    data = serializers.DictField(required=False, default=dict)


def perform_action(view, request: Request, case: Any, name: str, *, data: dict[str, Any] | None = None,
                   facts: dict[str, Any] | None = None) -> Response:
    """Run one transition for an API request and answer with the case's new representation."""
    payload = ActionInputSerializer(data=request.data)
    payload.is_valid(raise_exception=True)
    transition_perform(
        case=case, name=name, actor=request.user, comment=payload.validated_data.get("comment", ""),
        expected_state=payload.validated_data.get("expected_state") or None,
        data=data if data is not None else payload.validated_data.get("data") or {}, facts=facts,
    )
    case.refresh_from_db()
    return Response(view.get_serializer(case).data)


def may_view(user: Any, case: Any) -> bool:
    return user_can(user, "view", case)


action_schema = extend_schema(request=ActionInputSerializer)
