"""The clue workflow (线索受理 → 初核 → 处置申请 → 启动决定 → 调查认定 → 调查报告 → 处置 → 清退 → 移送/归档).

States, transitions, clocks, inputs and guard rules as data; the engine performs every move. Clocks count working
days on the Chinese calendar and escalate to the superior lead department on breach.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gazette.orgs.choices import OrganisationType
from gazette.orgs.models import Organisation
from gazette.rules.services import rules_evaluate
from gazette.workcalendar.periods import working_days_between
from gazette.workflow.definitions import Transition, Work, Workflow
from gazette.workflow.exceptions import GuardFailed

from . import choices as ch
from .choices import ClueState as S
from .clocks import DECISION, DISPUTE, VERIFICATION
from .selectors import clue_refund_figures
from .services import common_superior, lead_department_for_region
from .tasks import clue_document, clue_notify_reporter

__all__ = ["DECISION", "DISPUTE", "VERIFICATION", "WORKFLOW"]


def _localdate(moment) -> Any:
    return timezone.localdate(moment) if moment else timezone.localdate()


def clue_facts(case, *, actor: Any = None) -> dict[str, Any]:
    """Facts the guard rules read: the clue's fields, working days elapsed, the acting unit, team and evidence."""
    today = timezone.localdate()
    org = getattr(actor, "organisation", None)
    lead = case.lead_department
    subject_region = case.subject_region.code if case.subject_region_id else ""
    facts: dict[str, Any] = {
        "workdays_elapsed": working_days_between(_localdate(case.created_at), today),
        "source": case.source,
        "fundraising_type": case.fundraising_type,
        "verification_summary": case.verification_summary,
        "subject_kind": case.subject_kind,
        "registration_region": subject_region if case.subject_kind == "unit" else "",
        "residence_region": subject_region if case.subject_kind == "individual" else "",
        "decider_id": org.pk if org else None,
        "decider_name": org.name if org else "系统",
        "decider_level": org.region.level if org else "",
        "competent_id": lead.pk if lead else None,
        "competent_name": lead.name if lead else "（未确定）",
        "competent_level": lead.region.level if lead else "",
        "determination": case.report_determination,
        "penalty_decision": case.penalty_decision,
        "consultation_record": case.consultation_record,
        "police_unit": case.police_unit,
    }
    if case.applied_at and case.state in (S.DISPOSAL_APPLIED, S.DISPUTE):
        facts["workdays_elapsed"] = working_days_between(_localdate(case.applied_at), today)
    if case.pk:
        facts["members"] = [
            {"name": m.name, "credential": m.credential_number, "has_interest": m.has_interest}
            for m in case.team.all()
        ]
        facts["evidence_count"] = case.evidence.filter(verified=True).count()
        facts.update(clue_refund_figures(case))
        facts["pending_measures"] = case.measures.filter(status__in=("awaiting_approval", "approved")).count()
    facts.update(facts_report_fields(case))
    return facts


def facts_report_fields(case) -> dict[str, Any]:
    return {"facts": case.report_facts, "legal_basis": case.report_legal_basis,
            "proposed_penalty": case.report_proposed_penalty}


def _set(*names: str):
    def apply(case, *, actor, data) -> None:
        for name in names:
            if name in data:
                setattr(case, name, data[name])
    return apply


def _apply_disposal(case, *, actor, data) -> None:
    _set("fundraising_type", "verification_summary")(case, actor=actor, data=data)
    case.lead_department = data["lead_department"]
    case.organisation = data["lead_department"]
    case.applied_at = timezone.now()


def _decide(case, *, actor, data) -> None:
    case.decided_at = timezone.now()


def _dispute(case, *, actor, data) -> None:
    case.dispute_with = data["dispute_with"]
    case.dispute_arbiter = data["dispute_arbiter"]


def _assign(case, *, actor, data) -> None:
    case.lead_department = data["lead_department"]
    case.organisation = data["lead_department"]
    case.applied_at = timezone.now()
    case.dispute_with = None


def _report(case, *, actor, data) -> None:
    _set("report_facts", "report_determination", "report_legal_basis", "report_proposed_penalty")(
        case, actor=actor, data=data)
    case.reported_at = timezone.now()


def _queue_referral_notice(case, history) -> None:
    clue_notify_reporter.delay(case.pk)


def _doc(kind: str):
    """A workflow effect: generate document ``kind`` of the clue after commit, on a worker."""
    def effect(case, history) -> None:
        clue_document.delay(case.pk, kind, f"collection-{case.pk}-{kind}-{history.pk}", history.actor_id)
    effect.__name__ = f"queue_{kind}"
    return effect


# --- inputs of the actions (one parser for the page and the API) ---------------------------------------------
def _leads():
    return Organisation.objects.filter(type=OrganisationType.FUNDRAISING_LEAD, is_active=True).order_by("region_id")


def _text(label, *, required: bool = False, max_length: int | None = None) -> serializers.CharField:
    return serializers.CharField(label=label, required=required, allow_blank=not required, max_length=max_length)


class ApplyDisposalInput(serializers.Serializer):
    fundraising_type = serializers.ChoiceField(choices=ch.FundraisingType.choices, required=False, allow_blank=True,
                                               label=_("涉嫌行为类型（第三十一条）"))
    verification_summary = _text(_("初核情况"))


class ReferInput(serializers.Serializer):
    referred_to = _text(_("告知向其举报的受理主体"), required=True, max_length=200)


class CloseUnfoundedInput(serializers.Serializer):
    verification_summary = _text(_("初核情况"))


class ReportInput(serializers.Serializer):
    report_facts = _text(_("调查发现事实"))
    report_determination = serializers.ChoiceField(choices=ch.Determination.choices, required=False,
                                                   allow_blank=True, label=_("性质认定"))
    report_legal_basis = _text(_("处罚依据"))
    report_proposed_penalty = _text(_("处罚建议"))


class DisposalInput(serializers.Serializer):
    penalty_decision = _text(_("行政处罚决定"))


class CriminalInput(serializers.Serializer):
    consultation_record = _text(_("集体会商记录"))
    police_unit = _text(_("接收移送的公安机关"), max_length=200)


class DisputeInput(serializers.Serializer):
    dispute_with = serializers.PrimaryKeyRelatedField(
        queryset=_leads(), label=_("存在争议的牵头部门"),
        error_messages={"does_not_exist": _("请选择存在争议的牵头部门。"), "required": _("请选择存在争议的牵头部门。")})


class AssignInput(serializers.Serializer):
    lead_department = serializers.PrimaryKeyRelatedField(
        queryset=_leads(), label=_("确定组织调查认定的牵头部门"),
        error_messages={"does_not_exist": _("请选择确定的牵头部门。"), "required": _("请选择确定的牵头部门。")})


# --- what a step needs from the database before its guards run -------------------------------------------------
# Guards run before the step writes its fields: the submitted values are facts too.
FACT_NAMES = {
    "fundraising_type": "fundraising_type", "verification_summary": "verification_summary",
    "report_facts": "facts", "report_determination": "determination", "report_legal_basis": "legal_basis",
    "report_proposed_penalty": "proposed_penalty", "penalty_decision": "penalty_decision",
    "consultation_record": "consultation_record", "police_unit": "police_unit",
}


def _submitted_facts(case, *, actor, data, comment) -> dict[str, Any]:
    return {fact: data[key] for key, fact in FACT_NAMES.items() if key in data}


def _prepare_apply_disposal(case, *, actor, data, comment) -> dict[str, Any]:
    """第三十一条: the verifying unit applies to the lead department of its own level (本级); a lead department that
    verified the clue itself decides it (第三十四条 "直接受理初核结束"), e.g. a city lead department that verified a
    county company's clue. 第三十三条 still needs the subject's registration place or residence (checked here,
    before the guards); a department that finds another competent raises a jurisdiction dispute."""
    region_trace = rules_evaluate(("COLL-A33",), {
        "subject_kind": case.subject_kind,
        "registration_region": case.subject_region_id if case.subject_kind == "unit" else "",
        "residence_region": case.subject_region_id if case.subject_kind == "individual" else "",
    }, on=case.reference_date)
    if not region_trace.ok:
        raise GuardFailed(region_trace.messages()[0], trace=list(region_trace))
    verifier = case.organisation
    if verifier.type == OrganisationType.FUNDRAISING_LEAD:
        lead = verifier
    else:
        lead = lead_department_for_region(verifier.region) if verifier.region_id else None
    if lead is None:
        raise ValidationError(_("未找到初核单位本级的防范和处置非法集资牵头部门（第三十一条）。"))
    data["lead_department"] = lead
    return {**_submitted_facts(case, actor=actor, data=data, comment=comment),
            "verifier_name": verifier.name, "lead_name": lead.name}


def _prepare_dispute(case, *, actor, data, comment) -> dict[str, Any]:
    """第三十三条第二款: a jurisdiction dispute goes to the nearest common superior lead department."""
    other = data["dispute_with"]
    arbiter = common_superior(case.lead_department, other) if case.lead_department else None
    if arbiter is None:
        raise ValidationError({"dispute_with": [
            _("两部门没有共同的上级牵头部门；跨省争议由省地方金融监管局报请国家联席会议确定。")]})
    data["dispute_arbiter"] = arbiter
    return {}


def _prepare_close_unfounded(case, *, actor, data, comment) -> dict[str, Any]:
    if not data.get("verification_summary"):
        data["verification_summary"] = comment
    return _submitted_facts(case, actor=actor, data=data, comment=comment)


def _prepare_refer(case, *, actor, data, comment) -> dict[str, Any]:
    data.setdefault("referred_to", "")
    data["referral_notice"] = comment
    return {}


def _prepare_close_not_illegal(case, *, actor, data, comment) -> dict[str, Any]:
    return {"closing": True}


CLOSED = (S.REFERRED, S.UNFOUNDED, S.NOT_OPENED, S.NOT_ILLEGAL, S.DISPOSING, S.REFUNDING, S.CRIMINAL_REFERRED)

WORKFLOW = Workflow(
    name="collection.clue",
    facts=clue_facts,
    # 职责分离 (issue 7): whoever registered the clue or applied for disposal does not decide whether to open the
    # disposal procedure (第三十四条) — the decision is a check on their work.
    title=_("非法集资线索"),
    separation_of_duties=(("create", "open"), ("create", "decline"), ("apply_disposal", "open"),
                          ("apply_disposal", "decline")),
    work={
        S.REGISTERED: Work(_("待初核"), clock="verification", rule_id="COLL-A30"),
        S.VERIFYING: Work(_("初核中"), clock="verification", rule_id="COLL-A30"),
        S.DISPOSAL_APPLIED: Work(_("待决定是否启动处置"), responsible=lambda c: c.lead_department or c.organisation,
                                 clock="open_decision", rule_id="COLL-A34"),
        S.DISPUTE: Work(_("待确定管辖"), responsible=lambda c: c.dispute_arbiter or c.organisation, clock="dispute",
                        rule_id="COLL-A33"),
    },
    transitions=[
        Transition("verify_start", source=S.REGISTERED, target=S.VERIFYING, label="开始初核", style="primary"),
        Transition("refer", source=[S.REGISTERED, S.VERIFYING], target=S.REFERRED, label="告知向有关主体举报",
                   guards=("COLL-A29-1",), cancel_deadlines=("verification",),
                   apply=_set("referred_to", "referral_notice"), input=ReferInput, prepare=_prepare_refer,
                   requires_comment=True, effects=(_queue_referral_notice, _doc("referral_notice"))),
        Transition("close_unfounded", source=S.VERIFYING, target=S.UNFOUNDED, label="初核不属实办结",
                   guards=("COLL-A30",), stop_deadlines=("verification",), requires_comment=True,
                   apply=_set("verification_summary"), style="danger", effects=(_doc("verification_conclusion"),),
                   input=CloseUnfoundedInput, prepare=_prepare_close_unfounded),
        Transition("apply_disposal", source=S.VERIFYING, target=S.DISPOSAL_APPLIED, label="提出处置申请",
                   guards=("COLL-A30", "COLL-A31", "COLL-A33"), stop_deadlines=("verification",),
                   start_deadlines=(DECISION,), apply=_apply_disposal, style="primary",
                   effects=(_doc("verification_conclusion"),), input=ApplyDisposalInput,
                   prepare=_prepare_apply_disposal),
        Transition("open", source=S.DISPOSAL_APPLIED, target=S.INVESTIGATING, label="决定启动处置程序",
                   guards=("COLL-A34",), stop_deadlines=("open_decision",), apply=_decide, style="primary",
                   effects=(_doc("open_decision"),)),
        Transition("decline", source=S.DISPOSAL_APPLIED, target=S.NOT_OPENED, label="决定不启动处置程序",
                   guards=("COLL-A34",), stop_deadlines=("open_decision",), apply=_decide, requires_comment=True,
                   style="danger", effects=(_doc("not_open_decision"),)),
        Transition("escalate_dispute", source=S.DISPOSAL_APPLIED, target=S.DISPUTE, label="报请共同上级确定管辖",
                   cancel_deadlines=("open_decision",), start_deadlines=(DISPUTE,), apply=_dispute,
                   requires_comment=True, input=DisputeInput, prepare=_prepare_dispute),
        Transition("assign_jurisdiction", source=S.DISPUTE, target=S.DISPOSAL_APPLIED, label="确定管辖部门",
                   stop_deadlines=("dispute",), start_deadlines=(DECISION,), apply=_assign, input=AssignInput),
        Transition("submit_report", source=S.INVESTIGATING, target=S.REPORTED, label="提交调查报告",
                   guards=("COLL-A35", "COLL-A39"), apply=_report, style="primary",
                   effects=(_doc("investigation_report"),), input=ReportInput, prepare=_submitted_facts),
        Transition("start_disposal", source=S.REPORTED, target=S.DISPOSING, label="认定非法集资，进入处置",
                   guards=("COLL-A44",), apply=_set("penalty_decision"), style="primary",
                   effects=(_doc("stop_order"),), input=DisposalInput, prepare=_submitted_facts),
        Transition("close_not_illegal", source=S.REPORTED, target=S.NOT_ILLEGAL, label="认定不构成非法集资办结",
                   guards=("COLL-A44",), requires_comment=True, prepare=_prepare_close_not_illegal),
        Transition("start_refunds", source=S.DISPOSING, target=S.REFUNDING, label="进入清退", style="primary"),
        # 第三十九条第二款: the administrative determination is not a prerequisite of criminal liability, so after the
        # collective consultation (第四十九条) a case can be referred while it is still being decided or investigated.
        Transition("refer_criminal", source=[S.DISPOSAL_APPLIED, S.INVESTIGATING, S.REPORTED, S.DISPOSING,
                                             S.REFUNDING], target=S.CRIMINAL_REFERRED,
                   label="移送公安机关", guards=("COLL-A49",), apply=_set("consultation_record", "police_unit"),
                   stop_deadlines=("open_decision",),
                   effects=(_doc("criminal_referral"),), input=CriminalInput, prepare=_submitted_facts),
        Transition("archive", source=CLOSED, target=S.ARCHIVED, label="立卷归档", guards=("COLL-A50",),
                   cancel_deadlines=("*",)),
    ],
)
