"""The meeting workflow (物业管理委员会会议, 第十五条 and 第二十一条).

held → adopted (quorum of > 1/2 of all members and > 1/2 of owner representatives, > 1/2 of all members signed,
not a matter reserved to the owners; posted within 3 days for 10 working days) or refused; an adopted decision
that breaks the law is ordered corrected by a date, or revoked, by the street office, and all owners are told.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gazette.deadlines.services import deadline_start
from gazette.workflow.definitions import Transition, Workflow

from . import choices as ch
from . import clocks
from .choices import MeetingState as S
from .selectors import meeting_facts
from .services import MEETING_RULES, notice_post, posted_on_check
from .tasks import committee_document
from .workflow import _places, _posted_on


def _doc(kind: str):
    def effect(meeting, history) -> None:
        committee_document.delay(meeting.committee_id, kind, f"property-m{meeting.pk}-{kind}-{history.pk}",
                                 history.actor_id, meeting.pk)
    effect.__name__ = f"queue_{kind}"
    return effect


class AdoptInput(serializers.Serializer):
    places = _places(help_text=_("第十五条：会议结束后3日内在显著位置公示10个工作日"))
    posted_on = _posted_on()


def _prepare_adopt(meeting, *, actor, data, comment) -> dict[str, Any]:
    posted_on_check(data.get("posted_on"), earliest=meeting.held_on, what="会议决定")
    return {}


def _adopt(meeting, *, actor, data) -> None:
    committee = meeting.committee
    notice_post(committee=committee, actor=actor, kind=ch.NoticeKind.DECISION,
                title=f"{committee.area.name}物业管理委员会第{meeting.number}次会议决定公告",
                content=f"会议日期：{meeting.held_on}；议题：{meeting.subject}\n确定事项：{meeting.decision}",
                places=data["places"], days=10, unit="workdays", posted_on=data.get("posted_on"))


class CorrectionInput(serializers.Serializer):
    correction_due = serializers.DateField(label=_("改正期限"))
    places = _places(label=_("通告全体业主的张贴地点（每行一处）"))


def _prepare_correction(meeting, *, actor, data, comment) -> dict[str, Any]:
    return {"correction_due": data["correction_due"], "today": timezone.localdate()}


def _order_correction(meeting, *, actor, data) -> None:
    meeting.correction_due = data["correction_due"]
    committee = meeting.committee
    notice_post(committee=committee, actor=actor, kind=ch.NoticeKind.CORRECTION,
                title=f"关于责令{committee.area.name}物业管理委员会限期改正的通告",
                content=f"{committee.area.name}物业管理委员会第{meeting.number}次会议决定（{meeting.subject}）违反"
                        f"法律、法规，责令于{meeting.correction_due}前改正（第二十一条）。",
                places=data["places"], days=7)
    deadline_start(case=meeting, spec=clocks.CORRECTION, actor=actor)


class RevokeInput(serializers.Serializer):
    places = _places(label=_("通告全体业主的张贴地点（每行一处）"))


def _revoke(meeting, *, actor, data) -> None:
    committee = meeting.committee
    if not data.get("places"):
        raise ValidationError({"places": ["请登记通告全体业主的张贴地点（第二十一条）。"]})
    notice_post(committee=committee, actor=actor, kind=ch.NoticeKind.CORRECTION,
                title=f"关于撤销{committee.area.name}物业管理委员会第{meeting.number}次会议决定的通告",
                content=f"{committee.area.name}物业管理委员会第{meeting.number}次会议决定（{meeting.subject}）违反"
                        f"法律、法规，{committee.organisation.name}决定予以撤销（第二十一条）。",
                places=data["places"], days=7)


MEETING_WORKFLOW = Workflow(
    name="property.meeting",
    title=_("物业管理委员会会议"),
    facts=meeting_facts,
    transitions=[
        Transition("adopt", source=S.HELD, target=S.ADOPTED, label=_("决定通过并公示"), input=AdoptInput,
                   guards=MEETING_RULES, prepare=_prepare_adopt, apply=_adopt, stop_deadlines=("decision_post",),
                   effects=(_doc("decision"),), style="primary",
                   help=_("第十五条：过半数成员且过半数业主代表成员参加；过半数成员签字同意；公示10个工作日。")),
        Transition("refuse", source=S.HELD, target=S.REFUSED, label=_("记录决定不成立"), requires_comment=True,
                   cancel_deadlines=("decision_post",), style="danger",
                   help=_("会议不足法定人数或签字不过半数的，决定不成立。")),
        Transition("order_correction", source=S.ADOPTED, target=S.CORRECTING, label=_("责令限期改正"),
                   input=CorrectionInput, prepare=_prepare_correction, guards=("PROP-A21",),
                   apply=_order_correction, requires_comment=True),
        Transition("mark_corrected", source=S.CORRECTING, target=S.CORRECTED, label=_("确认已改正"),
                   stop_deadlines=("correction",)),
        Transition("revoke", source=(S.ADOPTED, S.CORRECTING), target=S.REVOKED, label=_("撤销决定"),
                   input=RevokeInput, apply=_revoke, stop_deadlines=("correction",), requires_comment=True,
                   effects=(_doc("revocation"),), style="danger",
                   confirm=_("撤销后该决定失去效力，并通告全体业主，不能撤回。")),
    ],
)
