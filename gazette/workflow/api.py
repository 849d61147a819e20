"""Shared DRF pieces for the APIs of cases and records: the engine's state in responses, and the declared actions
as endpoints.

A viewset mixes in :class:`WorkflowActionsMixin` and names its ``workflow``; every declared (non-system) transition
becomes ``POST /…/{id}/<action-slug>/`` (underscores become hyphens: ``request_documents`` →
``request-documents/``), its body the action's input serializer, documented in the OpenAPI schema.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gazette.api.idempotency import IDEMPOTENCY_HEADER, idempotent
from gazette.permissions import user_can

from .actions import action_run, action_serializer
from .definitions import Transition, Workflow
from .engine import transitions_available
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
        return [{"name": t.slug, "label": str(t.label)}
                for t in transitions_available(case=obj, user=request.user)]


class WorkflowActionsMixin:
    """Every declared action of the viewset's workflow as an endpoint: ``POST /…/{id}/<action-slug>/`` (the
    transition's name with hyphens: ``request_documents`` → ``request-documents/``), its body the action's own input
    serializer (``gazette.workflow.actions.action_serializer``: ``comment``, ``expected_state``, ``confirm`` where
    declared, and the declared input fields), answered with the viewset's serializer of the object.

    A wrong or stale state answers 409, a failed rule 422 with the rule trace, an action the user may not take 403,
    an object out of reach 404, bad input 400 naming the field. A transition declared ``idempotent`` (money moves)
    takes an ``Idempotency-Key`` header. The viewset sets ``workflow`` (its model's Workflow) and builds the actions
    by calling ``actions_build()`` once after the class (or declares ``workflow`` and subclasses this mixin)."""

    workflow: Workflow | None = None
    action_response_serializer: type | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("workflow") is not None:
            _actions_build(cls)

    def action_object(self, request: Request, pk: Any) -> Any:
        return self.get_object()

    def action_answer(self, obj: Any) -> Any:
        obj.refresh_from_db()
        return self.get_serializer(self.get_queryset().get(pk=obj.pk)).data


def _actions_build(cls: type) -> None:
    wf: Workflow = cls.workflow
    for t in wf.actions:
        if t.name in cls.__dict__:
            continue
        setattr(cls, t.name, _endpoint(cls, wf, t))


def _endpoint(cls: type, wf: Workflow, t: Transition):
    def perform(self, request: Request, pk: Any = None) -> Response:
        obj = self.action_object(request, pk)

        def run() -> tuple[int, Any]:
            action_run(wf=wf, t=t, obj=obj, actor=request.user, raw=request.data)
            return status.HTTP_200_OK, self.action_answer(obj)

        if t.idempotent:
            return idempotent(request, run)
        code, body = run()
        return Response(body, status=code)

    perform.__name__ = perform.__qualname__ = t.name
    perform.__doc__ = f"{t.label}{('：' + t.help) if t.help else ''}"
    response = cls.action_response_serializer or getattr(cls, "serializer_class", None)
    schema = extend_schema(
        operation_id=f"{wf.name.replace('.', '_')}_{t.name}", summary=str(t.label),
        description=_action_description(t), request=action_serializer(wf, t), responses={200: response},
        parameters=[IDEMPOTENCY_HEADER] if t.idempotent else None)
    return schema(action(detail=True, methods=["post"], url_path=t.slug, url_name=t.slug)(perform))


def _action_description(t: Transition) -> str:
    parts = [str(t.label)]
    if t.guards:
        parts.append("规则：" + "、".join(t.guards))
    if t.confirm:
        parts.append("不可撤销，须提交 confirm: true。")
    return "。".join(parts)


def may_view(user: Any, case: Any) -> bool:
    return user_can(user, "view", case)
