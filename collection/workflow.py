"""The clue workflow (线索受理 → 初核 → 处置申请 → 启动决定 → 调查认定 → 调查报告 → 处置 → 清退 → 移送/归档).

States, transitions, clocks and guard rules as data; the engine performs every move. Clocks count working days
on the Chinese calendar and escalate to the superior lead department on breach.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from gazette.workflow.definitions import Breach, DeadlineSpec, Transition, Workflow

from .choices import ClueState as S

VERIFICATION = DeadlineSpec(
    kind="verification", label="初核期限", rule_id="COLL-A30", amount=10, unit="workdays", on_breach=Breach.ESCALATE,
    warn_workdays=2,
)
DECISION = DeadlineSpec(
    kind="open_decision", label="启动处置决定期限", rule_id="COLL-A34", amount=10, unit="workdays",
    on_breach=Breach.ESCALATE, warn_workdays=2, responsible=lambda case: case.lead_department,
)
DISPUTE = DeadlineSpec(
    kind="dispute", label="管辖争议确定期限", rule_id="COLL-A33", amount=10, unit="workdays",
    on_breach=Breach.ESCALATE, responsible=lambda case: case.dispute_arbiter,
)


def _localdate(moment) -> Any:
    return timezone.localdate(moment) if moment else timezone.localdate()


def clue_facts(case, *, actor: Any = None) -> dict[str, Any]:
    """Facts the guard rules read: the clue's fields, working days elapsed, the acting unit, team and evidence."""
    from gazette.workcalendar.periods import working_days_between

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
        from .selectors import clue_refund_figures

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
    from .tasks import clue_notify_reporter

    clue_notify_reporter.delay(case.pk)


def _doc(kind: str):
    from .documents import queue

    return queue(kind)


CLOSED = (S.REFERRED, S.UNFOUNDED, S.NOT_OPENED, S.NOT_ILLEGAL, S.DISPOSING, S.REFUNDING, S.CRIMINAL_REFERRED)

WORKFLOW = Workflow(
    name="collection.clue",
    facts=clue_facts,
    # 职责分离 (issue 7): whoever registered the clue or applied for disposal does not decide whether to open the
    # disposal procedure (第三十四条) — the decision is a check on their work.
    separation_of_duties=(("create", "open"), ("create", "decline"), ("apply_disposal", "open"),
                          ("apply_disposal", "decline")),
    transitions=[
        Transition("verify_start", source=S.REGISTERED, target=S.VERIFYING, label="开始初核", style="primary"),
        Transition("refer", source=[S.REGISTERED, S.VERIFYING], target=S.REFERRED, label="告知向有关主体举报",
                   guards=("COLL-A29-1",), cancel_deadlines=("verification",),
                   apply=_set("referred_to", "referral_notice"),
                   requires_comment=True, effects=(_queue_referral_notice, _doc("referral_notice"))),
        Transition("close_unfounded", source=S.VERIFYING, target=S.UNFOUNDED, label="初核不属实办结",
                   guards=("COLL-A30",), stop_deadlines=("verification",), requires_comment=True,
                   apply=_set("verification_summary"), style="danger", effects=(_doc("verification_conclusion"),)),
        Transition("apply_disposal", source=S.VERIFYING, target=S.DISPOSAL_APPLIED, label="提出处置申请",
                   guards=("COLL-A30", "COLL-A31", "COLL-A33"), stop_deadlines=("verification",),
                   start_deadlines=(DECISION,), apply=_apply_disposal, style="primary",
                   effects=(_doc("verification_conclusion"),)),
        Transition("open", source=S.DISPOSAL_APPLIED, target=S.INVESTIGATING, label="决定启动处置程序",
                   guards=("COLL-A34",), stop_deadlines=("open_decision",), apply=_decide, style="primary",
                   effects=(_doc("open_decision"),)),
        Transition("decline", source=S.DISPOSAL_APPLIED, target=S.NOT_OPENED, label="决定不启动处置程序",
                   guards=("COLL-A34",), stop_deadlines=("open_decision",), apply=_decide, requires_comment=True,
                   style="danger", effects=(_doc("not_open_decision"),)),
        Transition("escalate_dispute", source=S.DISPOSAL_APPLIED, target=S.DISPUTE, label="报请共同上级确定管辖",
                   cancel_deadlines=("open_decision",), start_deadlines=(DISPUTE,), apply=_dispute,
                   requires_comment=True),
        Transition("assign_jurisdiction", source=S.DISPUTE, target=S.DISPOSAL_APPLIED, label="确定管辖部门",
                   stop_deadlines=("dispute",), start_deadlines=(DECISION,), apply=_assign),
        Transition("submit_report", source=S.INVESTIGATING, target=S.REPORTED, label="提交调查报告",
                   guards=("COLL-A35", "COLL-A39"), apply=_report, style="primary",
                   effects=(_doc("investigation_report"),)),
        Transition("start_disposal", source=S.REPORTED, target=S.DISPOSING, label="认定非法集资，进入处置",
                   guards=("COLL-A44",), apply=_set("penalty_decision"), style="primary",
                   effects=(_doc("stop_order"),)),
        Transition("close_not_illegal", source=S.REPORTED, target=S.NOT_ILLEGAL, label="认定不构成非法集资办结",
                   guards=("COLL-A44",), requires_comment=True),
        Transition("start_refunds", source=S.DISPOSING, target=S.REFUNDING, label="进入清退", style="primary"),
        Transition("refer_criminal", source=[S.REPORTED, S.DISPOSING, S.REFUNDING], target=S.CRIMINAL_REFERRED,
                   label="移送公安机关", guards=("COLL-A49",), apply=_set("consultation_record", "police_unit"),
                   effects=(_doc("criminal_referral"),)),
        Transition("archive", source=CLOSED, target=S.ARCHIVED, label="立卷归档", guards=("COLL-A50",),
                   cancel_deadlines=("*",)),
    ],
)
