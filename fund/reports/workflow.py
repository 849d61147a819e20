"""What the ledger page tracks as records on the engine.

- A statutory report (第四十二条, 第四十四条): due → submitted. Submitting stops its clock and, for the manager's
  quarterly and annual reports, renders the report PDF from the ledger after commit.
- A duty owed to the fund (第十五条, 第十六条): due → fulfilled; an insurer's transfer can be recorded as reminded
  (催缴), and one still short 3 working days after the reminder is warned and publicly named by the system
  (第四十五条, ``services.insurer_warnings_issue``)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gazette.workflow.definitions import Transition, Work, Workflow

from ..choices import ObligationKind, ObligationState, ReportKind, ReportState
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


class FulfilInput(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"), required=False,
                                      allow_null=True, label=_("到账金额（元）"),
                                      help_text=_("提取比例确定等无金额的事项不填。"))


def _fulfilled(obligation, *, actor, data) -> None:
    obligation.fulfilled_at, obligation.amount = timezone.now(), data.get("amount")


def _prepare_remind(obligation, *, actor, data, comment) -> None:
    if obligation.kind != ObligationKind.LEVY_TRANSFER:
        raise ValidationError(_("只有保险公司的转入义务可以催缴（第四十五条）。"))


def _reminded(obligation, *, actor, data) -> None:
    obligation.reminded_at = timezone.now()


def _warned(obligation, *, actor, data) -> None:
    obligation.warned_at = timezone.now()
    obligation.rule_trace = list(data.get("trace") or [])


DUTY = ObligationState
OBLIGATION = Workflow(
    name="fund.fundobligation",
    title=_("救助基金缴存义务"),
    work={DUTY.DUE: Work(_("待履行"))},
    transitions=[
        Transition("fulfil", source=DUTY.DUE, target=DUTY.FULFILLED, label=_("已履行"), label_en="Fulfilled",
                   input=FulfilInput, apply=_fulfilled, stop_deadlines=("*",), style="primary"),
        Transition("remind", source=DUTY.DUE, target=None, label=_("已催缴"), label_en="Reminded", apply=_reminded,
                   prepare=_prepare_remind,
                   when=lambda o: o.kind == ObligationKind.LEVY_TRANSFER and not o.reminded_at,
                   when_not=_("该义务已登记催缴，或不是保险公司的转入义务。")),
        Transition("warn", source=DUTY.DUE, target=None, label=_("警告并公告"), label_en="Warned", apply=_warned,
                   system=True, when=lambda o: o.warned_at is None, when_not=_("已给予警告。")),
    ],
)
