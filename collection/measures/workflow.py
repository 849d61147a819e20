"""The measure workflow (措施): requested → approved by the lead department's head (主要负责人) where the regulation
asks for it → executed; or refused. Measures that need no approval are requested straight into ``approved``.

Each step declares the three measure rules (第三十六条 investigation measures, 第三十八条 suspensions, 第四十条
disposal measures); the rule of the measure's own article decides and the other two say they do not apply. The
requester of a measure does not approve or refuse it (职责分离).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gazette.rules.services import rules_evaluate
from gazette.workflow.definitions import Transition, Work, Workflow
from gazette.workflow.exceptions import GuardFailed

from .. import choices as ch
from ..choices import MeasureStatus as S
from ..selectors import MEASURE_RULES, measure_facts
from ..tasks import clue_document


def _facts(measure) -> dict[str, Any]:
    return measure_facts(measure)


def _prepare_approve(measure, *, actor, data, comment) -> dict[str, Any]:
    """The approval is what the head-approval rules ask for: judged as approved, by the approver's department."""
    org = getattr(actor, "organisation", None)
    return {"head_approved": True, "decider_level": org.region.level if org is not None and org.region_id else ""}


def _decided(measure, *, actor, data) -> None:
    measure.approved_by = actor if getattr(actor, "is_authenticated", False) else None
    measure.approved_at = timezone.now()


def _prepare_execute(measure, *, actor, data, comment) -> dict[str, Any]:
    """第三十五条: evidence collected in person (site entry, questioning, document sealing) needs a team of at least
    two with recorded credentials before the measure is recorded as executed."""
    if measure.kind not in ch.EVIDENCE_COLLECTION_MEASURES:
        return {}
    members = [{"name": m.name, "credential": m.credential_number, "has_interest": m.has_interest}
               for m in measure.clue.team.all()]
    trace = rules_evaluate(("COLL-A35",), {"members": members}, on=measure.clue.reference_date)
    if not trace.ok:
        first = trace.failures[0]
        raise GuardFailed(f"不符合{first['rule']}（{first['article']}）：{first['message']}", trace=list(trace))
    # Kept in the measure's rule trace beside the measure rules the engine adds.
    measure.rule_trace = [e for e in measure.rule_trace or [] if e.get("rule") != "COLL-A35"] + list(trace)
    return {}


def _executed(measure, *, actor, data) -> None:
    measure.executed_at = timezone.now()
    measure.refusal_note = data.get("refusal_note", "") or ""


def _approval_form(measure, history) -> None:
    """措施审批表 of the head's decision, generated on a worker after commit."""
    clue_document.delay(measure.clue_id, "measure_approval", f"collection-measure-{measure.pk}-approval",
                        history.actor_id, measure.pk)


class ExecuteInput(serializers.Serializer):
    refusal_note = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, label=_("拒绝配合情况及视听资料（如有）"),
        help_text=_("第三十六条第二款：被调查对象拒绝配合的，记录在案并留存视听资料。"))


def _head_department(measure):
    if measure.needs_higher_decision:
        return measure.deciding_department or measure.clue.organisation
    clue = measure.clue
    return clue.lead_department or clue.organisation


MEASURE_WORKFLOW = Workflow(
    name="collection.measure",
    field="status",
    title=_("调查、处置措施"),
    facts=_facts,
    separation_of_duties=(("create", "approve"), ("create", "refuse")),
    work={
        S.AWAITING_APPROVAL: Work(_("待主要负责人批准措施"), responsible=_head_department),
        S.APPROVED: Work(_("待执行措施")),
    },
    transitions=[
        Transition("approve", source=S.AWAITING_APPROVAL, target=S.APPROVED, label=_("主要负责人批准"),
                   guards=MEASURE_RULES, prepare=_prepare_approve, apply=_decided, effects=(_approval_form,),
                   style="primary"),
        Transition("refuse", source=S.AWAITING_APPROVAL, target=S.REFUSED, label=_("不予批准"),
                   requires_comment=True, apply=_decided, effects=(_approval_form,), style="danger"),
        Transition("execute", source=S.APPROVED, target=S.EXECUTED, label=_("执行措施"), guards=MEASURE_RULES,
                   input=ExecuteInput, prepare=_prepare_execute, apply=_executed, style="primary",
                   confirm=_("执行后记入案卷，不能撤回。查封、扣押、变价出售等强制措施，请核对已获主要负责人批准的"
                             "对象和范围后再办理。")),
    ],
)
