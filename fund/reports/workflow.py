"""A statutory report (第四十二条, 第四十四条): due → submitted. Submitting stops its clock and, for the manager's
quarterly and annual reports, renders the report PDF from the ledger after commit."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gazette.workflow.definitions import Transition, Work, Workflow

from ..choices import ReportKind, ReportState
from ..documents import REGULATION, report_queue
from ..selectors import report_figures

REPORTS_WITH_PDF = (ReportKind.QUARTERLY, ReportKind.ANNUAL)


def _submitted(report, *, actor, data) -> None:
    report.submitted_at = timezone.now()


def _report_pdf(report, history) -> None:
    if report.kind in REPORTS_WITH_PDF:
        report_queue(report=report, context={**report_figures(report), "regulation": REGULATION}, actor=history.actor)


REPORT = Workflow(
    name="fund.fundreport",
    title=_("报告"),
    work={ReportState.DUE: Work(_("待报送"))},
    transitions=[
        Transition("submit", source=ReportState.DUE, target=ReportState.SUBMITTED, label=_("报送"), label_en="Submit",
                   apply=_submitted, stop_deadlines=("*",), effects=(_report_pdf,), style="primary"),
    ],
)
