"""Recovery (追偿, 第三十一条至第三十八条) and write-off (核销, 第四十条) as data.

A paid advance opens a recovery: the manager names the obligor and the amount (第三十一条), serves the 协助追偿通知书
(7 working days, 第三十二条), records repayments, and hands what is still owed after 12 months to the trustee, who
records what it collects and deposits it within 3 days (第三十八条). What cannot be recovered goes to the joint
meeting for write-off (第四十条). Every step is a declared action: the page's forms, the API's endpoints and the
engine's tests come from here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gazette.orgs.choices import OrganisationType
from gazette.orgs.models import Organisation
from gazette.workflow.definitions import Transition, Work, Workflow

from .. import services
from ..choices import Liability, RecoveryState, WriteOffGround, WriteOffState
from ..documents import assist_notice_queue, settlement_queue
from ..models import TrusteeCollection

R = RecoveryState
MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0.01"), "max_value": services.ABSURD_AMOUNT}


# --- inputs (one parser for the page and the API) --------------------------------------------------------------
class DetermineInput(serializers.Serializer):
    obligor_name = serializers.CharField(max_length=128, label=_("偿还义务人"),
                                         error_messages={"blank": _("请填写偿还义务人。"),
                                                         "required": _("请填写偿还义务人。")})
    liability = serializers.ChoiceField(choices=Liability.choices, label=_("事故责任"),
                                        error_messages={"invalid_choice": _("请选择事故责任（第三十一条）。"),
                                                        "required": _("请选择事故责任（第三十一条）。")})
    insured = serializers.BooleanField(required=False, default=False, label=_("偿还义务人已投保交强险"))
    insurer = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(type=OrganisationType.INSURER, is_active=True).order_by("name"),
        required=False, allow_null=True, label=_("承保保险公司"))
    court_share = serializers.DecimalField(max_digits=4, decimal_places=2, required=False, allow_null=True,
                                           min_value=Decimal("0"), max_value=Decimal("1"),
                                           label=_("生效判决追偿比例"), help_text=_("0至1之间，如0.70；无判决不填。"))


class HandOverInput(serializers.Serializer):
    trustee = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(type=OrganisationType.RECOVERY_TRUSTEE, is_active=True),
        required=False, allow_null=True, label=_("追偿受托人"), help_text=_("不选则为已配置的追偿受托人。"))


class RepaymentInput(serializers.Serializer):
    amount = serializers.DecimalField(**MONEY, label=_("还款金额（元）"))
    source_ref = serializers.CharField(max_length=64, required=False, allow_blank=True, label=_("凭证号"))


class CollectionInput(serializers.Serializer):
    amount = serializers.DecimalField(**MONEY, label=_("追回金额（元）"))
    collected_at = serializers.DateTimeField(required=False, label=_("追回时间"), help_text=_("不填为现在。"))

    def validate_collected_at(self, value):
        if value > timezone.now():
            raise serializers.ValidationError(_("追回时间不能晚于现在。"))
        return value


class DepositInput(serializers.Serializer):
    collection = serializers.PrimaryKeyRelatedField(
        queryset=TrusteeCollection.objects.filter(deposited_at__isnull=True), label=_("追回款"),
        error_messages={"does_not_exist": _("请选择尚未缴入专户的追回款。"), "required": _("请选择追回款。")})


class WriteOffSubmitInput(serializers.Serializer):
    ground = serializers.ChoiceField(choices=WriteOffGround.choices, label=_("核销情形（第四十条）"))
    no_assets_certified = serializers.BooleanField(required=False, default=False,
                                                   label=_("已依法认定无财产可供追偿"))
    explanation = serializers.CharField(required=False, allow_blank=True, max_length=2000, label=_("说明"))


class WriteOffDecideInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("approve", _("批准核销")), ("reject", _("不予核销"))],
                                       label=_("联席会议决定"))


# --- preparing, applying, choosing the next state ------------------------------------------------------------
def _determine(recovery, *, actor, data) -> None:
    services.recovery_determine_apply(recovery, obligor_name=data["obligor_name"].strip(),
                                      liability=data["liability"], insured=bool(data.get("insured")),
                                      insurer=data.get("insurer"), court_share=data.get("court_share"))


def _insurer_notice(recovery, history) -> None:
    """第三十三条: the insurer gets its own 协助追偿通知书 (once: the request key names the recovery's case)."""
    if recovery.insured and recovery.insurer_id:
        assist_notice_queue(application=recovery.application, to="insurer", actor=history.actor,
                            insurer=recovery.insurer)


def _assist_notice(recovery, *, actor, data) -> None:
    recovery.assist_notice_sent_at = timezone.now()


def _prepare_hand_over(recovery, *, actor, data, comment) -> None:
    trustee = data.get("trustee") or Organisation.objects.filter(
        type=OrganisationType.RECOVERY_TRUSTEE, is_active=True).order_by("id").first()
    if trustee is None:
        raise ValidationError({"trustee": [_("未配置追偿受托人。")]})
    data["trustee"] = trustee


def _hand_over(recovery, *, actor, data) -> None:
    recovery.organisation, recovery.handed_over_at = data["trustee"], timezone.now()


def _prepare_repayment(recovery, *, actor, data, comment) -> None:
    services.repayment_check(recovery, amount=data["amount"])


def _repayment(recovery, *, actor, data) -> None:
    services.recovery_repayment_apply(recovery, actor=actor, amount=data["amount"],
                                      source_ref=data.get("source_ref") or "")


def _settled_or_same(recovery, data) -> str:
    return R.SETTLED if recovery.settled_at else recovery.state


def _settlement_certificate(recovery, history) -> None:
    if history.to_state == R.SETTLED:
        settlement_queue(recovery=recovery, actor=history.actor)  # 结清证明 (第三十八条)


def _collection(recovery, *, actor, data) -> None:
    services.trustee_collection_record(recovery=recovery, actor=actor, amount=data["amount"],
                                       collected_at=data.get("collected_at"))


def _prepare_deposit(recovery, *, actor, data, comment) -> None:
    collection = data["collection"]
    if collection.recovery_id != recovery.pk:
        raise ValidationError({"collection": [_("请选择本追偿尚未缴入专户的追回款。")]})
    services.repayment_check(recovery, amount=collection.amount)


def _deposit(recovery, *, actor, data) -> None:
    services.trustee_deposit_apply(recovery, collection=data["collection"], actor=actor)


def _prepare_write_off(recovery, *, actor, data, comment) -> dict[str, Any]:
    """The facts of 第四十条 for the FUND-A40 guard."""
    app = recovery.application
    return {"ground": data["ground"], "recovery_attempted": recovery.assist_notice_sent_at is not None,
            "hit_and_run": app.hit_and_run, "accident_on": timezone.localtime(app.accident_at).date(),
            "today": timezone.localdate(), "no_assets_certified": bool(data.get("no_assets_certified"))}


def _write_off_submit(recovery, *, actor, data) -> None:
    services.write_off_open(recovery=recovery, actor=actor, ground=data["ground"],
                            explanation=data.get("explanation") or "",
                            no_assets_certified=bool(data.get("no_assets_certified")))


def _prepare_decide(recovery, *, actor, data, comment) -> None:
    pending = recovery.write_offs.filter(state=WriteOffState.SUBMITTED).first()
    if pending is None:
        raise ValidationError({"decision": [_("没有待决定的核销申请。")]})
    data["write_off"] = pending


def _write_off_decide(recovery, *, actor, data) -> None:
    services.write_off_decide_apply(recovery, write_off=data["write_off"], approve=data["decision"] == "approve",
                                    actor=actor)


def _after_decision(recovery, data) -> str:
    if data.get("decision") == "approve":
        return R.WRITTEN_OFF
    return R.WITH_TRUSTEE if recovery.handed_over_at else R.OPEN


def _has_undeposited(recovery) -> bool:
    return recovery.collections.filter(deposited_at__isnull=True).exists()


RECOVERY = Workflow(
    name="fund.recovery",
    title=_("垫付款追偿"),
    # 职责分离: who applies for a write-off does not decide it (the joint meeting decides, 第四十条).
    separation_of_duties=(("write_off_submit", "write_off_decide"),),
    work={
        R.OPEN: Work(_("追偿中"), rule_id="FUND-A31"),
        R.WITH_TRUSTEE: Work(_("受托人追偿中"), rule_id="FUND-A38"),
        R.WRITE_OFF_PENDING: Work(_("待联席会议核销决定"), rule_id="FUND-A40",
                                  responsible=lambda r: services.joint_meeting() or r.organisation),
    },
    transitions=[
        Transition("determine", source=[R.OPEN, R.WITH_TRUSTEE], target=None, label=_("认定偿还义务人"),
                   label_en="Name the obligor", input=DetermineInput, apply=_determine, effects=(_insurer_notice,),
                   help=_("按道路交通事故认定书认定偿还义务人和应追偿金额（第三十一条）。")),
        Transition("assist_notice", source=[R.OPEN, R.WITH_TRUSTEE], target=None, label=_("协助追偿通知书已送达"),
                   label_en="Assistance notice served", stop_deadlines=("assist_notice",), apply=_assist_notice,
                   when=lambda r: r.assist_notice_sent_at is None, when_not=_("协助追偿通知书已登记送达。")),
        Transition("hand_over", source=R.OPEN, target=R.WITH_TRUSTEE, label=_("移交追偿受托人"),
                   label_en="Hand over to the trustee", input=HandOverInput, prepare=_prepare_hand_over,
                   apply=_hand_over, stop_deadlines=("trustee_handover",),
                   help=_("垫付之日起12个月内未全额追偿的，移交追偿受托人（第三十一条）。")),
        Transition("repayment", source=[R.OPEN, R.WITH_TRUSTEE], target=_settled_or_same,
                   targets=(R.OPEN, R.WITH_TRUSTEE, R.SETTLED), label=_("登记还款"), label_en="Record a repayment",
                   input=RepaymentInput, prepare=_prepare_repayment, apply=_repayment,
                   effects=(_settlement_certificate,), idempotent=True,
                   help=_("还款计入救助基金收入；不得超过尚欠金额；全额偿还后出具结清证明（第三十八条）。")),
        Transition("collection", source=R.WITH_TRUSTEE, target=None, label=_("登记追回款"),
                   label_en="Record a collection", input=CollectionInput, apply=_collection, idempotent=True,
                   help=_("追回款须在3日内缴入救助基金专户（第三十八条）。")),
        Transition("deposit", source=R.WITH_TRUSTEE, target=_settled_or_same, targets=(R.WITH_TRUSTEE, R.SETTLED),
                   label=_("追回款已缴入专户"), label_en="Collection deposited", input=DepositInput,
                   prepare=_prepare_deposit, apply=_deposit, effects=(_settlement_certificate,), idempotent=True,
                   when=_has_undeposited, when_not=_("没有待缴入专户的追回款。")),
        Transition("write_off_submit", source=[R.OPEN, R.WITH_TRUSTEE], target=R.WRITE_OFF_PENDING,
                   label=_("提请核销"), label_en="Apply for write-off", guards=("FUND-A40",),
                   input=WriteOffSubmitInput, prepare=_prepare_write_off, apply=_write_off_submit),
        Transition("write_off_decide", source=R.WRITE_OFF_PENDING, target=_after_decision,
                   targets=(R.WRITTEN_OFF, R.OPEN, R.WITH_TRUSTEE), label=_("联席会议核销决定"),
                   label_en="Write-off decision", input=WriteOffDecideInput, prepare=_prepare_decide,
                   apply=_write_off_decide, style="primary",
                   confirm=_("批准核销后该笔垫付款不再追偿，办理后不能撤回。")),
    ],
)


def _decided(write_off, *, actor, data) -> None:
    write_off.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    write_off.decided_at = timezone.now()


W = WriteOffState
# A write-off application is decided through its recovery's "write_off_decide" (the joint meeting acts once, on the
# recovery's page); its own steps are the engine's, recorded in its history under the deciding user.
WRITE_OFF = Workflow(
    name="fund.writeoff",
    title=_("核销申请"),
    transitions=[
        Transition("approve", source=W.SUBMITTED, target=W.APPROVED, label=_("批准核销"), label_en="Approve",
                   apply=_decided, system=True),
        Transition("reject", source=W.SUBMITTED, target=W.REJECTED, label=_("不予核销"), label_en="Reject",
                   apply=_decided, system=True),
    ],
)
