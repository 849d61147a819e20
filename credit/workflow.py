"""The yearly rating of one enterprise (CRED-A9) on the engine: 报送 → 县级核实（一次性告知补齐）→ 市级评分 →
省级审核（估价机构、初评A级）→ 公示 → 异议查证与重新评定 → 最终评定并公布; between cycles 动态评定 (A14) and the
re-rating after a credit repair (A21). Clocks in ``clocks.py``; the grade is computed by the cited rules, never
typed."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gazette.deadlines.services import deadline_start
from gazette.notices.services import notice_publish
from gazette.workflow.definitions import Transition, Work, Workflow

from . import choices as ch
from .choices import RatingState as S
from .clocks import COMPLETION, NOTICE_WORKDAYS, PROVINCE_REVIEW, SCORING, VERIFICATION, verification_start
from .models import Rating
from .selectors import scoring_facts
from .services import objection_counts, rating_computation
from .tasks import rating_document

__all__ = ["WORKFLOW"]


def rating_facts(rating: Rating) -> dict[str, Any]:
    """What the guard rules read: the submission, the county's opinions, the grade and the notice's objections."""
    facts: dict[str, Any] = {
        "declaration": rating.declaration, "pledge": rating.pledge, "kind": rating.kind,
        "street_opinion": rating.street_opinion, "grade": rating.grade,
    }
    if rating.state in (S.NOTICED, S.RERATED):
        facts.update(objection_counts(rating))
    else:
        facts.update({"notice_open": False, "pending_objections": 0, "upheld_objections": 0})
    return facts


# --- inputs ----------------------------------------------------------------------------------------------------
class SubmitInput(serializers.Serializer):
    declaration = serializers.CharField(label=_("信用评价申报表内容"), required=False, allow_blank=True)
    pledge = serializers.BooleanField(label=_("已提交企业承诺书（第十条）"), required=False)


class GapNoticeInput(serializers.Serializer):
    gap_items = serializers.CharField(label=_("需补齐的全部资料（一次性告知，第九条第一项）"))


class VerifyInput(serializers.Serializer):
    street_opinion = serializers.CharField(label=_("街道办事处（乡镇人民政府）、社区意见（物业服务企业必填）"),
                                           required=False, allow_blank=True)


class TriggerInput(serializers.Serializer):
    trigger = serializers.CharField(label=_("动态评定原因（新增不良信用信息、一票否决项或信用修复）"), max_length=300)


# --- steps -----------------------------------------------------------------------------------------------------
def _submit(rating, *, actor, data) -> None:
    if "declaration" in data:
        rating.declaration = data["declaration"]
    if "pledge" in data:
        rating.pledge = data["pledge"]
    rating.submitted_at = timezone.now()
    # 第九条（一）: the county's 7 working days run from the close of the window (or from a late submission).
    deadline_start(case=rating, spec=VERIFICATION, actor=actor, start=verification_start(rating))


def _prepare_submit(rating, *, actor, data, comment) -> dict[str, Any]:
    return {"declaration": data.get("declaration", rating.declaration), "pledge": data.get("pledge", rating.pledge)}


def _gap_notice(rating, *, actor, data) -> None:
    rating.gap_items = data["gap_items"]
    rating.gap_notice_at = timezone.now()


def _complete(rating, *, actor, data) -> None:
    rating.completed_at = timezone.now()


def _prepare_verify(rating, *, actor, data, comment) -> dict[str, Any]:
    return {"street_opinion": data.get("street_opinion") or rating.street_opinion}


def _verify(rating, *, actor, data) -> None:
    if data.get("street_opinion"):
        rating.street_opinion = data["street_opinion"]
    rating.verified_at = timezone.now()
    rating.organisation = rating.city_department


def _prepare_score(rating, *, actor, data, comment) -> dict[str, Any]:
    """The score of 第十一条–第十三条 from the entered points and the records, by the same computation as the
    whole-cycle scoring; the guards see it, ``apply`` writes it."""
    facts = scoring_facts(Rating.objects.filter(pk=rating.pk))[rating.pk]
    _trace, fields = rating_computation(facts, on=rating.reference_date)
    data["computed"] = fields
    return {**facts.as_facts(), "grade": fields["grade"]}


def _write_score(rating, data) -> None:
    for name, value in data["computed"].items():
        setattr(rating, name, value)
    rating.scored_at = timezone.now()


def _score(rating, *, actor, data) -> None:
    _write_score(rating, data)
    rating.initial_grade = rating.grade
    if rating.sheet_id and rating.sheet.used_at is None:
        type(rating.sheet).objects.filter(pk=rating.sheet_id, used_at__isnull=True).update(used_at=timezone.now())
    if _to_province(rating):
        rating.organisation = rating.province_department
        deadline_start(case=rating, spec=PROVINCE_REVIEW, actor=actor)


def _to_province(rating) -> bool:
    return rating.kind == ch.EnterpriseKind.APPRAISAL or rating.grade == ch.Grade.A


def _score_target(rating, data) -> str:
    return S.PROVINCE_REVIEW if _to_province(rating) else S.READY


def _publish(rating, *, actor, data) -> None:
    """第九条（三）: the province publishes the initial conclusion for at least 5 working days (engine notice);
    when it closes without a pending or upheld objection the grade becomes final by itself."""
    notice_publish(
        case=rating, title=f"{rating.cycle.year}年度房地产企业信用评价结果公示：{rating.enterprise}",
        content=f"{rating.enterprise}（{rating.get_kind_display()}）信用分值{rating.score}分，初评{rating.grade}级。"
                f"公示期内如有异议，可向作出评定结果的部门提出。",
        places=["山西数字房产平台", "省住房和城乡建设厅网站"], amount=NOTICE_WORKDAYS, unit="workdays",
        rule_id="CRED-A9-3", actor=actor, on_close_transition="finalise", organisation=rating.province_department)


def _rerate(rating, *, actor, data) -> None:
    _write_score(rating, data)


def _finalise(rating, *, actor, data) -> None:
    rating.final_at = timezone.now()


def _result_notice(rating, history) -> None:
    rating_document.delay(rating.pk, "result_notice", f"credit-{rating.pk}-result-{history.pk}", history.actor_id)


def _prepare_dynamic(rating, *, actor, data, comment) -> dict[str, Any]:
    facts = _prepare_score(rating, actor=actor, data=data, comment=comment)
    return {**facts, "trigger": data.get("trigger") or comment}


WORKFLOW = Workflow(
    name="credit.rating",
    title=_("房地产企业信用评价"),
    facts=rating_facts,
    work={
        S.DRAFT: Work(_("待企业报送"), responsible=lambda r: r.enterprise.organisation, rule_id="CRED-A10"),
        S.SUBMITTED: Work(_("待县级核实"), responsible=lambda r: r.county_department, clock="verification",
                          rule_id="CRED-A9-1"),
        S.AWAITING_COMPLETION: Work(_("待企业补齐资料"), responsible=lambda r: r.enterprise.organisation,
                                    clock="completion", rule_id="CRED-A9-1"),
        S.VERIFIED: Work(_("待市级评分"), responsible=lambda r: r.city_department, clock="scoring",
                         rule_id="CRED-A9-2"),
        S.PROVINCE_REVIEW: Work(_("待省级审核"), responsible=lambda r: r.province_department,
                                clock="province_review", rule_id="CRED-A9-2"),
        S.READY: Work(_("待公示"), responsible=lambda r: r.province_department, rule_id="CRED-A9-3"),
        S.NOTICED: Work(_("公示中（异议由设区市查证）"), responsible=lambda r: r.city_department, rule_id="CRED-A9-3"),
        S.RERATED: Work(_("待最终评定"), responsible=lambda r: r.province_department, rule_id="CRED-A9-4"),
    },
    transitions=[
        Transition("submit", source=S.DRAFT, target=S.SUBMITTED, label=_("报送信用评价资料"), guards=("CRED-A10",),
                   input=SubmitInput, prepare=_prepare_submit, apply=_submit, style="primary"),
        Transition("request_completion", source=S.SUBMITTED, target=S.AWAITING_COMPLETION,
                   label=_("一次性告知补齐资料"), input=GapNoticeInput, apply=_gap_notice,
                   pause_deadlines=("verification",), start_deadlines=(COMPLETION,),
                   when=lambda r: r.gap_notice_at is None,
                   when_not=_("已一次性告知过补齐事项，不能再次告知（第九条第一项）。"),
                   help=_("列明全部缺少的资料，企业须在3个工作日内补齐")),
        Transition("complete", source=S.AWAITING_COMPLETION, target=S.SUBMITTED, label=_("提交补齐资料"),
                   apply=_complete, stop_deadlines=("completion",), resume_deadlines=("verification",),
                   style="primary"),
        Transition("verify", source=S.SUBMITTED, target=S.VERIFIED, label=_("核实完成，提交市级"),
                   guards=("CRED-A9-1",), input=VerifyInput, prepare=_prepare_verify, apply=_verify,
                   stop_deadlines=("verification",), start_deadlines=(SCORING,), style="primary"),
        Transition("initial_rating", source=S.VERIFIED, target=_score_target, targets=(S.PROVINCE_REVIEW, S.READY),
                   label=_("评分并提出初评结果"), guards=("CRED-A11", "CRED-A12", "CRED-A13", "CRED-A9-2"),
                   prepare=_prepare_score, apply=_score, stop_deadlines=("scoring",), style="primary",
                   help=_("信用分值与等级按评分表和信用信息自动计算（第十一条至第十三条）")),
        Transition("review", source=S.PROVINCE_REVIEW, target=S.READY, label=_("审核出具评定结果"),
                   stop_deadlines=("province_review",), style="primary"),
        Transition("publish_notice", source=S.READY, target=S.NOTICED, label=_("公示初评结论（不少于5个工作日）"),
                   apply=_publish, style="primary"),
        Transition("rerate", source=S.NOTICED, target=S.RERATED, label=_("依核实的事实重新评定"),
                   guards=("CRED-A9-3", "CRED-A11", "CRED-A12", "CRED-A13"), prepare=_prepare_score, apply=_rerate,
                   requires_comment=True),
        Transition("finalise", source=[S.NOTICED, S.RERATED], target=S.FINAL, label=_("最终评定并公布"),
                   guards=("CRED-A9-4",), apply=_finalise, effects=(_result_notice,), style="primary"),
        Transition("dynamic_rerate", source=S.FINAL, target=None, label=_("动态评定"),
                   guards=("CRED-A14", "CRED-A11", "CRED-A12", "CRED-A13"), input=TriggerInput,
                   prepare=_prepare_dynamic, apply=_rerate, effects=(_result_notice,)),
    ],
)
