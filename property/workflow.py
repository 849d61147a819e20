"""The committee workflow (物业管理委员会组建 → 运行 → 解散), 晋建房规字〔2022〕191号 第六条至第二十条.

announcing (组建公告公示中, ≥ 2 places, ≥ 7 days) → candidates (posting over: 5 days to fix candidates and officers)
→ list_posted (member list ≥ 2 places, ≥ 7 days; written objections checked within 5 days) → established (from the
day the posting ends, or the day the check result is posted) → running (filed; county department told) →
dissolved. Acts of a running committee (membership ends, change filings, hand-overs, fund and fee postings) are
recorded on it without changing its state.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gazette.deadlines.services import deadline_start, deadlines_close
from gazette.orgs.choices import OrganisationType
from gazette.orgs.models import Organisation
from gazette.workflow.definitions import Transition, Work, Workflow

from . import choices as ch
from . import clocks
from .choices import CommitteeState as S
from .models import Member
from .selectors import absences_in_year, composition_facts, establishment_day, establishment_facts
from .services import notice_post, posted_on_check
from .tasks import committee_document


def committee_facts(committee) -> dict[str, Any]:
    return {**composition_facts(committee), **establishment_facts(committee)}


def _doc(kind: str):
    def effect(committee, history) -> None:
        committee_document.delay(committee.pk, kind, f"property-{committee.pk}-{kind}-{history.pk}",
                                 history.actor_id)
    effect.__name__ = f"queue_{kind}"
    return effect


class PlacesField(serializers.CharField):
    """张贴地点: one place per line (the page's textarea) or a list of places (the API); the value is the list."""

    def __init__(self, **kwargs):
        super().__init__(allow_blank=True, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, (list, tuple)):
            data = "\n".join(str(p) for p in data)
        text = super().to_internal_value(data)
        places = [line.strip() for line in text.splitlines() if line.strip()]
        if any(len(p) > 200 for p in places):
            raise serializers.ValidationError("每处张贴地点不超过200字。")
        return places


def _places(label=None, help_text=None) -> PlacesField:
    return PlacesField(label=label or _("张贴地点（每行一处）"), max_length=2000,
                       help_text=help_text or _("公告栏、小区出入口、单元门、电梯轿厢内、客服场所等显著位置"))


def _posted_on():
    return serializers.DateField(label=_("张贴日期（补录纸质公示时填写，默认今天）"), required=False, allow_null=True)


class ListPostingInput(serializers.Serializer):
    places = _places()
    days = serializers.IntegerField(label=_("公示天数"), default=7, min_value=1, max_value=60)
    posted_on = _posted_on()


def _prepare_list(committee, *, actor, data, comment) -> dict[str, Any]:
    posted_on_check(data.get("posted_on"), earliest=committee.reference_date, what="成员名单")
    planned_end = (data.get("posted_on") or timezone.localdate()) + timedelta(days=data["days"])
    return {"places": len(data["places"]), "days": data["days"], "announced_on": committee.reference_date,
            "planned_end": planned_end}


def _post_list(committee, *, actor, data) -> None:
    members = list(committee.members.filter(status=ch.MemberStatus.CANDIDATE).order_by("id"))
    lines = [f"{m.get_role_display()} {m.name}（{m.get_kind_display()}；职业：{m.occupation or '—'}；住址："
             f"{m.address or '—'}）" for m in members]
    notice_post(committee=committee, actor=actor, kind=ch.NoticeKind.MEMBER_LIST,
                title=f"{committee.area.name}物业管理委员会成员名单公示",
                content="根据第十二条，现将物业管理委员会成员名单公示如下，如有异议，请在公示期内书面向"
                        f"{committee.organisation.name}提出：\n" + "\n".join(lines),
                places=data["places"], days=data["days"], min_places=2, on_close_transition="establish",
                posted_on=data.get("posted_on"))


def _establish(committee, *, actor, data) -> None:
    committee.established_on = establishment_day(committee)
    committee.members.filter(status=ch.MemberStatus.CANDIDATE).update(
        status=ch.MemberStatus.ACTIVE, started_on=committee.established_on)
    # Regular meetings every 2 months and the 3-year term count from the establishment day.
    start = timezone.make_aware(datetime.combine(committee.established_on, time.min))
    deadline_start(case=committee, spec=clocks.MEETING, start=start)
    deadline_start(case=committee, spec=clocks.TERM, start=start)


def _can_establish(committee) -> bool:
    f = establishment_facts(committee)
    return f["list_closed"] and not f["pending"] and not f["upheld"] and not f["unposted_results"]


def _county_departments():
    return Organisation.objects.filter(type=OrganisationType.HOUSING_DEPARTMENT, is_active=True)


class FileInput(serializers.Serializer):
    county_department = serializers.PrimaryKeyRelatedField(
        queryset=_county_departments(), label=_("告知的县级物业行政主管部门"))
    filing_number = serializers.CharField(max_length=32, required=False, allow_blank=True, label=_("备案编号"))


def _file(committee, *, actor, data) -> None:
    committee.filed_on = timezone.localdate()
    committee.county_department = data["county_department"]
    committee.filing_number = data.get("filing_number") or committee.reference
    _inform_county(committee)


def _inform_county(committee) -> None:
    """第十三条: the street office tells the county property department of the filing (in the filing's
    transaction: the county department's inbox entry exists exactly when the filing does)."""
    from gazette.notifications.services import notification_send

    notification_send(kind="property.filing", title=f"物业管理委员会备案：{committee.area.name}",
                      body=f"{committee.organisation.name}已对{committee.area.name}物业管理委员会备案（成立于"
                           f"{committee.established_on}）。", url=committee.get_absolute_url(),
                      reference=committee.reference, organisation=committee.county_department)


def _member_of(committee, data) -> Member:
    member = committee.members.filter(pk=getattr(data.get("member"), "pk", data.get("member"))).first()
    if member is None:
        raise ValidationError({"member": ["请选择本物业管理委员会的成员。"]})
    return member


class MemberEndInput(serializers.Serializer):
    member = serializers.IntegerField(label=_("成员"))
    ground = serializers.ChoiceField(choices=ch.EndGround.choices, label=_("终止情形（第十六条）"))
    ended_on = serializers.DateField(label=_("终止日期（情形发生之日）"))


def _prepare_member_end(committee, *, actor, data, comment) -> dict[str, Any]:
    member = _member_of(committee, data)
    if member.status != ch.MemberStatus.ACTIVE:
        raise ValidationError({"member": ["该成员不在任。"]})
    if data["ended_on"] > timezone.localdate():
        raise ValidationError({"ended_on": ["终止日期不能晚于今天。"]})
    data["member"] = member
    absences, meetings = absences_in_year(member, on=data["ended_on"])
    return {"ground": data["ground"], "absences": absences, "meetings_in_year": meetings}


def _member_end(committee, *, actor, data) -> None:
    member = data["member"]
    member.status, member.ended_on, member.end_ground = ch.MemberStatus.ENDED, data["ended_on"], data["ground"]
    member.save(update_fields=["status", "ended_on", "end_ground"])
    start = timezone.make_aware(datetime.combine(data["ended_on"], time.min))
    deadline_start(case=committee, spec=clocks.change_filing(member.pk), start=start,
                   title=f"成员变更备案 {member.name}")
    deadline_start(case=committee, spec=clocks.handover(member.pk), start=start, title=f"资料财物移交 {member.name}")
    data["member"] = member.pk


class ChangeFileInput(serializers.Serializer):
    member = serializers.IntegerField(label=_("资格终止的成员"))
    places = _places()


def _prepare_ended(committee, *, actor, data, comment) -> dict[str, Any]:
    member = _member_of(committee, data)
    if member.status != ch.MemberStatus.ENDED:
        raise ValidationError({"member": ["该成员资格未终止。"]})
    data["member"] = member
    return {}


def _change_file(committee, *, actor, data) -> None:
    member = data["member"]
    member.change_filed_on = timezone.localdate()
    member.save(update_fields=["change_filed_on"])
    deadlines_close(case=committee, kinds=[f"change-{member.pk}"], met=True)
    notice_post(committee=committee, actor=actor, kind=ch.NoticeKind.CHANGE,
                title=f"{committee.area.name}物业管理委员会成员变更公示",
                content=f"{member.name}（{member.get_kind_display()}）成员资格自{member.ended_on}起终止，"
                        f"情形：{member.get_end_ground_display()}。已向街道办事处办理变更备案（第十六条）。",
                places=data["places"], days=7)
    data["member"] = member.pk


class HandoverInput(serializers.Serializer):
    member = serializers.IntegerField(label=_("资格终止的成员"))


def _handover(committee, *, actor, data) -> None:
    member = data["member"]
    member.handed_over_on = timezone.localdate()
    member.save(update_fields=["handed_over_on"])
    deadlines_close(case=committee, kinds=[f"handover-{member.pk}"], met=True)
    data["member"] = member.pk


class PostingInput(serializers.Serializer):
    title = serializers.CharField(max_length=200, label=_("标题"))
    content = serializers.CharField(max_length=5000, label=_("公示内容"), style={"base_template": "textarea.html"})
    places = _places()
    days = serializers.IntegerField(label=_("公示天数"), min_value=1, max_value=60, default=10)


def _prepare_posting(committee, *, actor, data, comment) -> dict[str, Any]:
    return {"places": len(data["places"]), "days": data["days"]}


def _posting(kind: str):
    def apply(committee, *, actor, data) -> None:
        notice_post(committee=committee, actor=actor, kind=kind, title=data["title"], content=data["content"],
                    places=data["places"], days=data["days"])
    return apply


class DissolveInput(serializers.Serializer):
    ground = serializers.ChoiceField(choices=ch.DissolutionGround.choices, label=_("解散原因（第二十条）"))
    places = _places()


def _prepare_dissolve(committee, *, actor, data, comment) -> dict[str, Any]:
    return {"ground": data["ground"], "owners_committee_elected_on": committee.area.owners_committee_elected_on}


def _dissolve(committee, *, actor, data) -> None:
    committee.dissolved_on = timezone.localdate()
    committee.dissolution_ground = data["ground"]
    committee.members.filter(status=ch.MemberStatus.ACTIVE).update(status=ch.MemberStatus.ENDED,
                                                                   ended_on=committee.dissolved_on)
    notice_post(committee=committee, actor=actor, kind=ch.NoticeKind.DISSOLUTION,
                title=f"{committee.area.name}物业管理委员会解散公示",
                content=f"因{ch.DissolutionGround(data['ground']).label}，{committee.area.name}物业管理委员会自"
                        f"{committee.dissolved_on}起解散（第二十条）。", places=data["places"], days=7)


RUNNING = (S.ESTABLISHED, S.RUNNING)

WORKFLOW = Workflow(
    name="property.committee",
    title=_("物业管理委员会"),
    facts=committee_facts,
    work={
        S.ANNOUNCING: Work(_("组建公告公示中（届满后确定候选人）"), clock="establish", rule_id="PROP-A7"),
        S.CANDIDATES: Work(_("确定候选人并公示成员名单"), clock="candidates", rule_id="PROP-A11"),
        S.LIST_POSTED: Work(_("成员名单公示中，核查异议"), clock="establish", rule_id="PROP-A12"),
        S.ESTABLISHED: Work(_("办理备案"), rule_id="PROP-A13"),
        S.RUNNING: Work(_("指导、监督物业管理委员会履职"), clock="meeting", rule_id="PROP-A15-QUORUM"),
    },
    transitions=[
        Transition("announcement_end", source=S.ANNOUNCING, target=S.CANDIDATES, label=_("组建公告公示期满"),
                   system=True, start_deadlines=(clocks.CANDIDATES,)),
        Transition("fix_candidates", source=S.CANDIDATES, target=S.LIST_POSTED, label=_("确定候选人并公示成员名单"),
                   input=ListPostingInput, prepare=_prepare_list, apply=_post_list, style="primary",
                   guards=("PROP-A8", "PROP-A9", "PROP-A11", "PROP-A12", "PROP-A6-30D"),
                   stop_deadlines=("candidates",), effects=(_doc("member_list"),),
                   help=_("第十一条：公告公示截止后5日内确定候选人，指定主任、副主任；第十二条：名单公示不少于7日。")),
        Transition("establish", source=S.LIST_POSTED, target=S.ESTABLISHED, label=_("确认正式成立"),
                   guards=("PROP-A12-EST",), apply=_establish, stop_deadlines=("establish",),
                   when=_can_establish,
                   when_not=_("成员名单公示期未满，或异议尚未核查完毕、核查结果尚未公示。"), style="primary"),
        Transition("list_repost", source=S.LIST_POSTED, target=S.CANDIDATES, label=_("异议成立，补充人选后重新公示"),
                   requires_comment=True,
                   help=_("异议经核查成立的，按第十条补充人选，重新公示成员名单。")),
        Transition("file", source=S.ESTABLISHED, target=S.RUNNING, label=_("备案并告知县级主管部门"), input=FileInput,
                   apply=_file, effects=(_doc("filing_receipt"),), style="primary",
                   help=_("第十三条：街道办事处负责备案，并及时告知所在地县级物业行政主管部门。")),
        Transition("member_end", source=RUNNING, target=None, label=_("终止成员资格"), input=MemberEndInput,
                   prepare=_prepare_member_end, guards=("PROP-A16",), apply=_member_end, requires_comment=True,
                   help=_("第十六条：（一）至（三）项自情形发生之日起自然终止；（四）至（七）项经提请由街道办事处终止。")),
        Transition("change_file", source=RUNNING, target=None, label=_("办理成员变更备案并公示"),
                   input=ChangeFileInput, prepare=_prepare_ended, apply=_change_file),
        Transition("handover", source=RUNNING, target=None, label=_("登记资料财物移交"), input=HandoverInput,
                   prepare=_prepare_ended, apply=_handover),
        Transition("post_accounts", source=RUNNING, target=None, label=_("公示工作经费收支情况"), input=PostingInput,
                   prepare=_prepare_posting, guards=("PROP-A18",), apply=_posting(ch.NoticeKind.ACCOUNTS),
                   help=_("第十八条：每年不少于两次，每次公示期不少于10日。")),
        Transition("post_fees", source=RUNNING, target=None, label=_("公示业主代表交纳物业费用情况"),
                   input=PostingInput, apply=_posting(ch.NoticeKind.FEES), help=_("第十四条第（九）项：每年公示。")),
        Transition("dissolve", source=RUNNING, target=S.DISSOLVED, label=_("解散"), input=DissolveInput,
                   prepare=_prepare_dissolve, guards=("PROP-A20",), apply=_dissolve, cancel_deadlines=("*",),
                   requires_comment=True, style="danger",
                   confirm=_("解散后物业管理委员会停止履行职责，不能撤回。")),
    ],
)
