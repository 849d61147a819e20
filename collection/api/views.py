"""Collection API: scoped list and detail of clues, measures, quarterly reports and warning talks / rectification
orders; every declared action of their workflows is ``POST …/{id}/<action>/`` (409 wrong state, 422 failed rule,
403 not allowed or a duty conflict, 404 out of reach)."""

from __future__ import annotations

from rest_framework import mixins, viewsets

from gazette.permissions import visible
from gazette.workflow.api import WorkflowActionsMixin

from ..measures.workflow import MEASURE_WORKFLOW
from ..models import Clue, Measure, RiskReport, SupervisionAction
from ..prevention.workflow import REPORT_WORKFLOW, SUPERVISION_WORKFLOW
from ..workflow import WORKFLOW
from .serializers import (
    ClueOutSerializer,
    MeasureOutSerializer,
    RiskReportOutSerializer,
    SupervisionActionOutSerializer,
)


class _ReadViewSet(WorkflowActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pass


class ClueViewSet(_ReadViewSet):
    """非法集资线索: scoped list and detail; every declared action of the clue workflow is ``POST …/{id}/<action>/``."""

    serializer_class = ClueOutSerializer
    workflow = WORKFLOW

    def get_queryset(self):
        return visible(self.request.user, Clue).select_related(
            "registering_organisation", "lead_department").order_by("-created_at")


class MeasureViewSet(_ReadViewSet):
    """调查、处置措施 of the clues the caller sees: ``approve`` / ``refuse`` (the head of the handling lead
    department, never the requester), ``execute`` (the handling unit; ``confirm: true``)."""

    serializer_class = MeasureOutSerializer
    workflow = MEASURE_WORKFLOW

    def get_queryset(self):
        return visible(self.request.user, Measure).select_related("clue__organisation__region").order_by("-id")


class RiskReportViewSet(_ReadViewSet):
    """季度风险排查处置情况报告 (COLL-A23): ``submit`` by the unit that owes it."""

    serializer_class = RiskReportOutSerializer
    workflow = REPORT_WORKFLOW

    def get_queryset(self):
        return visible(self.request.user, RiskReport).select_related("organisation", "lead_department").order_by(
            "-year", "-quarter", "id")


class SupervisionActionViewSet(_ReadViewSet):
    """警示约谈、责令整改 (COLL-A27) of the caller's unit: ``complete``."""

    serializer_class = SupervisionActionOutSerializer
    workflow = SUPERVISION_WORKFLOW

    def get_queryset(self):
        return visible(self.request.user, SupervisionAction).order_by("-issued_at")
