"""Workflows of the prevention records: the quarterly risk-screening report (COLL-A23: due → submitted, the clock
closing as met) and the warning talk / rectification order (COLL-A27: open → done, the rectification clock
closing as met). Created by ``collection.prevention.services`` through ``record_create``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gazette.workflow.definitions import Transition, Work, Workflow

from ..choices import ReportStatus, SupervisionStatus
from .services import quarter_bounds


def report_facts(report) -> dict[str, Any]:
    """第二十三条: submitted by the quarter's end?"""
    _year, _quarter, _start, end = quarter_bounds(date(report.year, 3 * report.quarter, 1))
    return {"submitted_on_time": timezone.localdate() <= end, "content": report.content}


class SubmitReportInput(serializers.Serializer):
    # Blank is the rule's to refuse (COLL-A23 names the article), not the parser's.
    content = serializers.CharField(required=True, allow_blank=True, max_length=20000, label=_("排查处置情况"))


def _prepare_submit(report, *, actor, data, comment) -> dict[str, Any]:
    """The guard judges the text being submitted."""
    return {"content": data.get("content", "")}


def _submitted(report, *, actor, data) -> None:
    report.content = (data.get("content") or "").strip()
    report.submitted_at = timezone.now()


REPORT_WORKFLOW = Workflow(
    name="collection.riskreport",
    field="status",
    title=_("季度风险排查报告"),
    facts=report_facts,
    work={ReportStatus.DUE: Work(_("待报送季度风险排查报告"), clock="risk_report", rule_id="COLL-A23")},
    transitions=[
        Transition("submit", source=ReportStatus.DUE, target=ReportStatus.SUBMITTED, label=_("报送"),
                   guards=("COLL-A23",), input=SubmitReportInput, prepare=_prepare_submit, apply=_submitted,
                   stop_deadlines=("risk_report",), style="primary",
                   help=_("报送同级防范和处置非法集资牵头部门（第二十三条）。")),
    ],
)


def _completed(action, *, actor, data) -> None:
    action.completed_at = timezone.now()


SUPERVISION_WORKFLOW = Workflow(
    name="collection.supervisionaction",
    field="status",
    title=_("警示约谈、责令整改"),
    work={SupervisionStatus.OPEN: Work(_("待确认整改完成"), clock="rectification", rule_id="COLL-A27")},
    transitions=[
        Transition("complete", source=SupervisionStatus.OPEN, target=SupervisionStatus.DONE, label=_("整改完成"),
                   apply=_completed, stop_deadlines=("rectification",), style="primary"),
    ],
)
