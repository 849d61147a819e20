"""The application workflow (第二十九条, 第二十二条, 第二十七条, 第三十条, 第二十条, 第二十四条) as data.

received → under review (3 working days from receipt, FUND-A29) → materials being collected (the manager chases what
is missing) → awaiting approval by the office of the right level when needed (FUND-A22 / FUND-A27) → approved →
paid (2 working days, FUND-A29) or refused with reasons. Disputes go level by level (FUND-A30).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from gazette.workflow.definitions import Breach, DeadlineSpec, Transition, Workflow


class S(models.TextChoices):
    RECEIVED = "received", _("已接收")
    UNDER_REVIEW = "under_review", _("审核中")
    COLLECTING = "collecting", _("材料收集中")
    AWAITING_APPROVAL = "awaiting_approval", _("待联席办审批")
    DISPUTED = "disputed", _("争议协调中")
    APPROVED = "approved", _("已批准待划拨")
    PAID = "paid", _("已划拨")
    REFUSED = "refused", _("不予垫付")


OPEN_STATES = (S.RECEIVED, S.UNDER_REVIEW, S.COLLECTING, S.AWAITING_APPROVAL, S.DISPUTED, S.APPROVED)

REVIEW = DeadlineSpec(kind="review", label="审核期限", rule_id="FUND-A29", amount=3, unit="workdays",
                      on_breach=Breach.ESCALATE)
PAYMENT = DeadlineSpec(kind="payment", label="划拨期限", rule_id="FUND-A29", amount=2, unit="workdays",
                       on_breach=Breach.ESCALATE)
MASS_48H = DeadlineSpec(kind="mass_48h", label="群死群伤48小时应急时限", rule_id="FUND-A20", amount=48, unit="hours",
                        on_breach=Breach.ESCALATE)


def application_facts(case: Any) -> dict[str, Any]:
    from .services import application_facts as facts

    return facts(case)


def _request_documents(case, *, actor, data):
    from .services import apply_request_documents

    apply_request_documents(case, data=data)


def _documents_complete(case, *, actor, data):
    case.requested_documents = []


def _submit_for_approval(case, *, actor, data):
    from .services import approver_for

    case.approver_organisation = approver_for(case, level=case.approval_level)


def _approve(case, *, actor, data):
    pass


def _refuse(case, *, actor, data):
    case.refusal_reason = (data or {}).get("reason", "") or case.refusal_reason


def _pay(case, *, actor, data):
    from .services import apply_payment

    apply_payment(case, actor=actor)


def _dispute(case, *, actor, data):
    from .services import apply_dispute

    apply_dispute(case, escalate=False)


def _escalate(case, *, actor, data):
    from .services import apply_dispute

    apply_dispute(case, escalate=True)


def _resolve(case, *, actor, data):
    case.dispute_organisation = None
    case.dispute_level = ""


def _guarantee(case, *, actor, data):
    from django.utils import timezone

    case.guarantee_issued_at = timezone.now()


def _transfer(case, *, actor, data):
    from .services import apply_transfer

    apply_transfer(case, data=data)


def _review_result_pdf(case, history):
    from .documents import queue_review_result

    queue_review_result(case, history)


def _refusal_pdf(case, history):
    from .documents import queue_refusal

    queue_refusal(case, history)


def _assist_notice_pdf(case, history):
    from .documents import queue_assist_notice_police

    queue_assist_notice_police(case, history)


WORKFLOW = Workflow(
    name="fund.application",
    facts=application_facts,
    # 职责分离 (issue 7): the account that filed the application ("create", a hospital) or put it before the joint
    # meeting office ("submit_for_approval") does not approve it, and the approver does not pay it. No single
    # account can therefore submit, approve and pay the same application.
    separation_of_duties=(("create", "approve"), ("submit_for_approval", "approve"), ("approve", "pay")),
    transitions=[
        Transition("start_review", source=S.RECEIVED, target=S.UNDER_REVIEW, label="开始审核", label_en="Start review",
                   style="primary"),
        Transition("request_documents", source=S.UNDER_REVIEW, target=S.COLLECTING, label="收集材料",
                   label_en="Collect missing documents", guards=("FUND-A21", "FUND-A27"), stop_deadlines=("review",),
                   apply=_request_documents, requires_comment=True),
        Transition("documents_complete", source=S.COLLECTING, target=S.UNDER_REVIEW, label="材料已齐全",
                   label_en="Documents complete", guards=("FUND-A29",), apply=_documents_complete),
        Transition("submit_for_approval", source=S.UNDER_REVIEW, target=S.AWAITING_APPROVAL, label="报联席办审批",
                   label_en="Submit for approval", guards=("FUND-A21", "FUND-A27", "FUND-A29", "FUND-A10"),
                   stop_deadlines=("review",), apply=_submit_for_approval, style="primary"),
        Transition("approve", source=[S.UNDER_REVIEW, S.AWAITING_APPROVAL], target=S.APPROVED, label="批准垫付",
                   label_en="Approve", guards=("FUND-A21", "FUND-A22", "FUND-A27", "FUND-A29", "FUND-A11"),
                   stop_deadlines=("review",), start_deadlines=(PAYMENT,), apply=_approve,
                   effects=(_review_result_pdf,), style="primary"),
        Transition("refuse", source=[S.UNDER_REVIEW, S.COLLECTING, S.AWAITING_APPROVAL, S.DISPUTED],
                   target=S.REFUSED, label="不予垫付", label_en="Refuse", stop_deadlines=("*",), apply=_refuse,
                   effects=(_refusal_pdf,), requires_comment=True, style="danger"),
        Transition("pay", source=S.APPROVED, target=S.PAID, label="划拨", label_en="Pay",
                   stop_deadlines=("payment", "mass_48h"), apply=_pay,
                   effects=(_review_result_pdf, _assist_notice_pdf), style="primary"),
        Transition("dispute", source=[S.UNDER_REVIEW, S.AWAITING_APPROVAL], target=S.DISPUTED, label="报请协调争议",
                   label_en="Refer dispute", guards=("FUND-A30",), apply=_dispute, requires_comment=True),
        Transition("escalate", source=S.DISPUTED, target=S.DISPUTED, label="逐级上报", label_en="Escalate",
                   guards=("FUND-A30",), apply=_escalate, requires_comment=True),
        Transition("resolve", source=S.DISPUTED, target=S.UNDER_REVIEW, label="协调决定",
                   label_en="Resolve dispute", apply=_resolve, requires_comment=True),
        # State stays as it is (django-fsm target None): the act is recorded in the history.
        Transition("guarantee", source=[S.RECEIVED, S.UNDER_REVIEW, S.COLLECTING], target=None,
                   label="出具垫付担保", label_en="Issue guarantee", guards=("FUND-A20",),
                   stop_deadlines=("mass_48h",), apply=_guarantee),
        Transition("transfer", source=list(OPEN_STATES), target=None, label="转院对接", label_en="Hospital transfer",
                   apply=_transfer, requires_comment=True),
    ],
)
