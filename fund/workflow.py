"""The application workflow (第二十九条, 第二十二条, 第二十七条, 第三十条, 第二十条, 第二十四条) as data.

received → under review (3 working days from receipt, FUND-A29) → materials being collected (the manager chases what
is missing) → awaiting approval by the office of the right level when needed (FUND-A22 / FUND-A27) → approved →
paid (2 working days, FUND-A29) or refused with reasons. Disputes go level by level (FUND-A30).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gazette.orgs.choices import OrganisationType
from gazette.orgs.models import Organisation
from gazette.workflow.definitions import Transition, Work, Workflow

from . import services
from .checklist import items_for
from .choices import OPEN_STATES, DocumentCode
from .choices import ApplicationState as S
from .clocks import MASS_48H, PAYMENT, REVIEW, SUPPLY, SUPPLY_DEFAULT_WORKDAYS
from .documents import queue_assist_notice_police, queue_refusal, queue_review_result

__all__ = ["MASS_48H", "OPEN_STATES", "PAYMENT", "REVIEW", "WORKFLOW", "S"]


# --- inputs of the actions (one parser for the page and the API) ---------------------------------------------
class RequestDocumentsInput(serializers.Serializer):
    """收集材料: which of the application's checklist documents are asked for, and by when."""

    supply_within = serializers.IntegerField(
        min_value=1, max_value=30, default=SUPPLY_DEFAULT_WORKDAYS, label=_("补正期限（工作日）"),
        help_text=_("第二十九条未规定补正期限，由管理人与申请人、医疗机构商定；期满未补正的提醒承办人。"))
    documents = serializers.ListField(
        child=serializers.ChoiceField(choices=DocumentCode.choices), required=False, label=_("需补正的材料"),
        help_text=_("不选则按材料清单列出尚缺的全部材料（接口中为材料代码列表，如 [\"cost_list\"]）。"))

    @staticmethod
    def form_key(application) -> tuple:
        """The page's form depends on the application's checklist (its kind, applicant, 7-day costs)."""
        return (application.kind, application.applicant_type, (application.post7_amount or 0) > 0)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        application = self.context.get("object")
        if application is not None:
            # Only the documents of this application's checklist can be asked for (第二十三条至第二十七条).
            codes = {str(item.code) for item in items_for(application)}
            self.fields["documents"].child.choices = [(c, label) for c, label in DocumentCode.choices if c in codes]


class TransferInput(serializers.Serializer):
    hospital = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(type=OrganisationType.HOSPITAL, is_active=True).order_by("name"),
        label=_("转入的医疗机构"), error_messages={"does_not_exist": _("请选择转入的医疗机构（第二十四条）。"),
                                             "required": _("请选择转入的医疗机构（第二十四条）。")})
    police_notice_no = serializers.CharField(required=False, allow_blank=True, max_length=64,
                                             label=_("新的垫付通知书编号"))


class ApproveInput(serializers.Serializer):
    opinion = serializers.CharField(max_length=500, required=False, default="同意垫付。", label=_("审批意见"),
                                    help_text=_("记入审批记录；不填为“同意垫付。”"))


class PayInput(serializers.Serializer):
    voucher_no = serializers.CharField(max_length=64, label=_("付款凭证号"),
                                       error_messages={"required": _("请填写付款凭证号。"),
                                                       "blank": _("请填写付款凭证号。")})
    paid_on = serializers.DateField(required=False, label=_("付款日期"), help_text=_("不填为今日。"))

    def validate_paid_on(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("付款日期不能晚于今日。"))
        return value


# --- what each step sets (inside the transition) ---------------------------------------------------------------
def _request_documents(case, *, actor, data):
    services.apply_request_documents(case, data={"documents": sorted(data.get("documents") or [])})
    case.supply_workdays = data.get("supply_within") or SUPPLY_DEFAULT_WORKDAYS  # read by the SUPPLY clock


def _documents_complete(case, *, actor, data):
    case.requested_documents = []


def _submit_for_approval(case, *, actor, data):
    case.approver_organisation = services.approver_for(case, level=case.approval_level)


def _approve(case, *, actor, data):
    case.approval_opinion = (data.get("opinion") or "").strip() or "同意垫付。"


def _refuse(case, *, actor, data):
    case.refusal_reason = data.get("reason", "") or case.refusal_reason


def _refusal_reason(case, *, actor, data, comment) -> None:
    """The reasons of 不予垫付 are the comment the refusing clerk gives (第二十九条: 书面告知并说明理由)."""
    if comment and not data.get("reason"):
        data["reason"] = comment


def _pay(case, *, actor, data):
    services.apply_payment(case, actor=actor, voucher_no=data.get("voucher_no", ""), paid_on=data.get("paid_on"))


def _dispute(case, *, actor, data):
    services.apply_dispute(case, escalate=False)


def _escalate(case, *, actor, data):
    services.apply_dispute(case, escalate=True)


def _resolve(case, *, actor, data):
    case.dispute_organisation = None
    case.dispute_level = ""


def _guarantee(case, *, actor, data):
    case.guarantee_issued_at = timezone.now()


def _transfer(case, *, actor, data):
    services.apply_transfer(case, data=data)


# --- effects after commit -------------------------------------------------------------------------------------
def _review_result_pdf(case, history):
    queue_review_result(case, history)


def _refusal_pdf(case, history):
    queue_refusal(case, history)


def _assist_notice_pdf(case, history):
    queue_assist_notice_police(case, history)


def _manager(case: Any) -> Any:
    return case.organisation


WORKFLOW = Workflow(
    name="fund.application",
    title=_("救助基金申请"),
    facts=services.application_facts,
    # 职责分离 (issue 7): the account that filed the application ("create", a hospital) or put it before the joint
    # meeting office ("submit_for_approval") does not approve it, and the approver does not pay it. No single
    # account can therefore submit, approve and pay the same application.
    separation_of_duties=(("create", "approve"), ("submit_for_approval", "approve"), ("approve", "pay")),
    work={
        S.RECEIVED: Work(_("待开始审核"), rule_id="FUND-A29"),
        # Under review: the 3-day review clock, or after collected materials are complete the 2-day payment
        # clock (第二十九条第二款), whichever is open.
        S.UNDER_REVIEW: Work(_("待审核"), rule_id="FUND-A29"),
        # 收集材料: the hospital that applied is asked for what is missing; otherwise the manager chases it.
        S.COLLECTING: Work(_("待补正材料"), responsible=lambda a: a.hospital or a.organisation, clock="documents",
                           rule_id="FUND-A29"),
        S.AWAITING_APPROVAL: Work(_("待审批"), responsible=lambda a: a.approver_organisation or a.organisation,
                                  rule_id="FUND-A22"),
        S.DISPUTED: Work(_("待协调争议"), responsible=lambda a: a.dispute_organisation or a.organisation,
                         rule_id="FUND-A30"),
        S.APPROVED: Work(_("待划拨"), clock="payment", rule_id="FUND-A29"),
    },
    transitions=[
        Transition("start_review", source=S.RECEIVED, target=S.UNDER_REVIEW, label=_("开始审核"),
                   label_en="Start review", style="primary"),
        Transition("request_documents", source=S.UNDER_REVIEW, target=S.COLLECTING, label=_("收集材料"),
                   label_en="Collect missing documents", guards=("FUND-A21", "FUND-A27"),
                   stop_deadlines=("review", "payment"),
                   start_deadlines=(SUPPLY,), apply=_request_documents, requires_comment=True,
                   input=RequestDocumentsInput,
                   help=_("请申请人或医疗机构补正材料；审核期限停止计算。")),
        Transition("documents_complete", source=S.COLLECTING, target=S.UNDER_REVIEW, label=_("材料已齐全"),
                   label_en="Documents complete", guards=("FUND-A29",), stop_deadlines=("documents",),
                   start_deadlines=(PAYMENT,), apply=_documents_complete,
                   help=_("第二十九条第二款：相关材料齐全后，两个工作日内划拨，划拨期限自材料齐全之日起计算。")),
        Transition("submit_for_approval", source=S.UNDER_REVIEW, target=S.AWAITING_APPROVAL, label=_("报联席办审批"),
                   label_en="Submit for approval", guards=("FUND-A21", "FUND-A27", "FUND-A29", "FUND-A10"),
                   stop_deadlines=("review",), apply=_submit_for_approval, style="primary"),
        Transition("approve", source=[S.UNDER_REVIEW, S.AWAITING_APPROVAL], target=S.APPROVED, label=_("批准垫付"),
                   label_en="Approve", guards=("FUND-A21", "FUND-A22", "FUND-A27", "FUND-A29", "FUND-A11"),
                   stop_deadlines=("review",), start_deadlines=(PAYMENT,), input=ApproveInput, apply=_approve,
                   effects=(_review_result_pdf,), style="primary"),
        Transition("refuse", source=[S.UNDER_REVIEW, S.COLLECTING, S.AWAITING_APPROVAL, S.DISPUTED],
                   target=S.REFUSED, label=_("不予垫付"), label_en="Refuse", stop_deadlines=("*",), apply=_refuse,
                   prepare=_refusal_reason, effects=(_refusal_pdf,), requires_comment=True, style="danger",
                   confirm=_("不予垫付决定将书面告知申请人并说明理由，办理后不能撤回。")),
        Transition("pay", source=S.APPROVED, target=S.PAID, label=_("划拨"), label_en="Pay",
                   stop_deadlines=("payment", "mass_48h"), apply=_pay, input=PayInput, idempotent=True,
                   effects=(_review_result_pdf, _assist_notice_pdf), style="primary",
                   confirm=_("核定金额将从救助基金专户划拨至收款账户，每件申请只能划拨一次，办理后不能撤回。")),
        Transition("dispute", source=[S.UNDER_REVIEW, S.AWAITING_APPROVAL], target=S.DISPUTED,
                   label=_("报请协调争议"), label_en="Refer dispute", guards=("FUND-A30",), apply=_dispute,
                   requires_comment=True),
        Transition("escalate", source=S.DISPUTED, target=S.DISPUTED, label=_("逐级上报"), label_en="Escalate",
                   guards=("FUND-A30",), apply=_escalate, requires_comment=True),
        Transition("resolve", source=S.DISPUTED, target=S.UNDER_REVIEW, label=_("协调决定"),
                   label_en="Resolve dispute", apply=_resolve, requires_comment=True),
        # State stays as it is (django-fsm target None): the act is recorded in the history.
        Transition("guarantee", source=[S.RECEIVED, S.UNDER_REVIEW, S.COLLECTING], target=None,
                   label=_("出具垫付担保"), label_en="Issue guarantee", guards=("FUND-A20",),
                   stop_deadlines=("mass_48h",), apply=_guarantee),
        Transition("transfer", source=list(OPEN_STATES), target=None, label=_("转院对接"),
                   label_en="Hospital transfer", apply=_transfer, requires_comment=True, input=TransferInput),
    ],
)
