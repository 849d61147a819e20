"""The statutory clocks of 191号 as data. Every "日" is a calendar day; only 第十五条's posting counts working days."""

from __future__ import annotations

from django.utils import timezone

from gazette.workflow.definitions import Breach, DeadlineSpec

ESTABLISH = DeadlineSpec(kind="establish", label="组建成立期限（自公告之日起30日）", rule_id="PROP-A6-30D", amount=30,
                         unit="days", on_breach=Breach.ESCALATE, warn_workdays=3)
CANDIDATES = DeadlineSpec(kind="candidates", label="确定候选人期限（公告公示截止后5日内）", rule_id="PROP-A11",
                          amount=5, unit="days", on_breach=Breach.NOTIFY)
MEETING = DeadlineSpec(kind="meeting", label="定期会议（每两个月一次）", rule_id="PROP-A15-QUORUM", amount=2,
                       unit="months", on_breach=Breach.NOTIFY, warn_workdays=5)
TERM = DeadlineSpec(kind="term", label="任期（一般不超过3年）", rule_id="PROP-A19", amount=36, unit="months",
                    on_breach=Breach.NOTIFY, warn_workdays=20)
DECISION_POST = DeadlineSpec(kind="decision_post", label="会议情况公示期限（会议结束后3日内）",
                             rule_id="PROP-A15-SIGN", amount=3, unit="days", on_breach=Breach.NOTIFY)
CORRECTION = DeadlineSpec(
    kind="correction", label="限期改正", rule_id="PROP-A21",
    amount=lambda meeting: max(1, (meeting.correction_due - timezone.localdate()).days), unit="days",
    on_breach=Breach.NOTIFY)


def objection_check(objection_id: int) -> DeadlineSpec:
    """第十二条: each written objection checked within 5 days of its receipt."""
    return DeadlineSpec(kind=f"objection-{objection_id}", label="异议核查期限（5日内）", rule_id="PROP-A12",
                        amount=5, unit="days", on_breach=Breach.ESCALATE)


def change_filing(member_id: int) -> DeadlineSpec:
    """第十六条第三款: change filing with the street office within 7 days of the end of a membership."""
    return DeadlineSpec(kind=f"change-{member_id}", label="成员变更备案期限（7日内）", rule_id="PROP-A16", amount=7,
                        unit="days", on_breach=Breach.NOTIFY)


def handover(member_id: int) -> DeadlineSpec:
    """第十六条第三款: papers and property handed over within 5 days of the end of a membership."""
    return DeadlineSpec(kind=f"handover-{member_id}", label="资料财物移交期限（5日内）", rule_id="PROP-A16", amount=5,
                        unit="days", on_breach=Breach.NOTIFY)
