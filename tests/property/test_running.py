from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from gazette.notices.models import PublicNotice
from gazette.workflow.actions import action_perform
from gazette.workflow.exceptions import GuardFailed
from property.services import MeetingInput, meeting_record

from .conftest import PLACES, run_committee

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(form_committee, street_clerk, seat_candidates, orgs):
    return run_committee(form_committee(), street_clerk, seat_candidates, orgs)


def _members(committee):
    members = list(committee.members.filter(status="active").order_by("id"))
    return [m for m in members if not m.is_owner_rep], [m for m in members if m.is_owner_rep]


def _meeting(committee, clerk, present, *, signed=None, proxies=(), **kw):
    members = list(committee.members.filter(status="active"))
    attendance = {m.pk: ("proxy" if m in proxies else "present" if m in present else "absent") for m in members}
    signed = present if signed is None else signed
    return meeting_record(committee=committee, actor=clerk, data=MeetingInput(
        kind=kw.pop("kind", "regular"), held_on=kw.pop("held_on", timezone.localdate()), subject="议题",
        decision=kw.pop("decision", "委托修复路灯"), attendance=attendance, signed={m.pk for m in signed}, **kw))


def test_four_of_seven_present_with_one_of_four_owner_reps_is_inquorate_citing_article_15(running, street_clerk):
    community, reps = _members(running)
    meeting = _meeting(running, street_clerk, [*community, reps[0]])
    with pytest.raises(GuardFailed) as exc:
        action_perform(obj=meeting, name="adopt", actor=street_clerk, data={"places": PLACES})
    assert "第十五条" in str(exc.value) and "不足法定人数" in str(exc.value) and "1/4" in str(exc.value)
    meeting.refresh_from_db()
    assert meeting.state == "held"
    assert not PublicNotice.objects.filter(rule_id="PROP-A15").exists()
    entry = next(e for e in meeting.rule_trace if e["rule"] == "PROP-A15-QUORUM")
    assert entry["outcome"] == "failed"
    action_perform(obj=meeting, name="refuse", actor=street_clerk, comment="不足法定人数（第十五条）")
    meeting.refresh_from_db()
    assert meeting.state == "refused"


@pytest.mark.parametrize(("reps_present", "ok"), [(2, False), (3, True)])
def test_owner_representatives_must_be_more_than_half(running, street_clerk, reps_present, ok):
    community, reps = _members(running)
    meeting = _meeting(running, street_clerk, [*community, *reps[:reps_present]])
    if ok:
        action_perform(obj=meeting, name="adopt", actor=street_clerk, data={"places": PLACES})
        meeting.refresh_from_db()
        assert meeting.state == "adopted"
    else:
        with pytest.raises(GuardFailed, match="业主代表成员"):
            action_perform(obj=meeting, name="adopt", actor=street_clerk, data={"places": PLACES})


@pytest.mark.parametrize(("signers", "ok"), [(3, False), (4, True)])
def test_decision_needs_signatures_of_more_than_half_of_all_members(running, street_clerk, signers, ok):
    community, reps = _members(running)
    present = [*community, *reps]
    meeting = _meeting(running, street_clerk, present, signed=present[:signers])
    if ok:
        action_perform(obj=meeting, name="adopt", actor=street_clerk, data={"places": PLACES})
    else:
        with pytest.raises(GuardFailed, match="签字同意成员3名"):
            action_perform(obj=meeting, name="adopt", actor=street_clerk, data={"places": PLACES})


def test_a_proxy_for_an_owner_representative_is_refused_and_nothing_saved(running, street_clerk):
    community, reps = _members(running)
    with pytest.raises(ValidationError) as exc:
        _meeting(running, street_clerk, [*community, *reps[1:]], proxies=[reps[0]])
    assert "不能委托代理人" in str(exc.value) and "第十五条" in str(exc.value)
    assert not running.meetings.exists()


def test_a_proxy_for_a_community_member_counts_as_attending(running, street_clerk):
    community, reps = _members(running)
    meeting = _meeting(running, street_clerk, [*community[1:], *reps[:3]], proxies=[community[0]],
                       signed=[*community[1:], *reps[:3]])
    action_perform(obj=meeting, name="adopt", actor=street_clerk, data={"places": PLACES})


def test_matters_reserved_to_the_owners_are_refused(running, street_clerk):
    community, reps = _members(running)
    meeting = _meeting(running, street_clerk, [*community, *reps], reserved_to_owners=True)
    with pytest.raises(GuardFailed, match="业主共同决定"):
        action_perform(obj=meeting, name="adopt", actor=street_clerk, data={"places": PLACES})


@pytest.mark.parametrize(("proposers", "ok"), [(2, False), (3, True)])
def test_extra_meeting_needs_a_third_of_the_members(running, street_clerk, proposers, ok):
    community, reps = _members(running)
    kw = {"kind": "extra", "proposers": proposers}
    if ok:
        assert _meeting(running, street_clerk, [*community, *reps], **kw).state == "held"
    else:
        with pytest.raises(ValidationError, match="三分之一以上"):
            _meeting(running, street_clerk, [*community, *reps], **kw)


def test_decision_is_posted_for_ten_working_days_across_the_national_day_holiday(running, street_clerk):
    """Adopted on Monday 2026-09-28 (the day itself not counted): 9-29, 9-30, then the National Day holiday
    10-01…10-07, 10-08, 10-09, the make-up working Saturday 10-10, 10-12…10-16: the 10th working day is 10-16."""
    community, reps = _members(running)
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 9, 28, 10, 0)), tick=False):
        meeting = _meeting(running, street_clerk, [*community, *reps], held_on=date(2026, 9, 28))
        action_perform(obj=meeting, name="adopt", actor=street_clerk, data={"places": PLACES})
    notice = PublicNotice.objects.get(rule_id="PROP-A15")
    assert notice.amount == 10 and notice.unit == "workdays"
    assert timezone.localdate(notice.ends_at) == date(2026, 10, 16)
    assert notice.ends_at - notice.starts_at > timedelta(days=14)


def test_street_office_revokes_an_unlawful_decision_and_tells_all_owners(running, street_clerk):
    community, reps = _members(running)
    meeting = _meeting(running, street_clerk, [*community, *reps])
    action_perform(obj=meeting, name="adopt", actor=street_clerk, data={"places": PLACES})
    meeting.refresh_from_db()
    action_perform(obj=meeting, name="order_correction", actor=street_clerk, comment="违反物业管理条例",
                   data={"correction_due": timezone.localdate() + timedelta(days=10), "places": PLACES})
    meeting.refresh_from_db()
    assert meeting.state == "correcting"
    action_perform(obj=meeting, name="revoke", actor=street_clerk, comment="逾期未改正", data={"places": PLACES})
    meeting.refresh_from_db()
    assert meeting.state == "revoked"
    assert PublicNotice.objects.filter(rule_id="PROP-A21").count() == 2


def test_a_regular_meeting_restarts_the_two_month_clock(running, street_clerk):
    from gazette.deadlines.selectors import deadline_list_for_case

    community, reps = _members(running)
    _meeting(running, street_clerk, [*community, *reps])
    clocks = [d for d in deadline_list_for_case(running) if d.kind == "meeting"]
    assert len(clocks) == 2 and len([d for d in clocks if d.is_open]) == 1


def test_membership_ends_with_change_filing_in_7_days_and_handover_in_5(running, street_clerk):
    from gazette.deadlines.selectors import deadline_list_for_case

    _community, reps = _members(running)
    member = reps[1]
    action_perform(obj=running, name="member_end", actor=street_clerk, comment="已出售房屋",
                   data={"member": member.pk, "ground": "1", "ended_on": timezone.localdate()})
    member.refresh_from_db()
    assert member.status == "ended"
    open_kinds = {d.kind: d.amount for d in deadline_list_for_case(running) if d.is_open}
    assert open_kinds[f"change-{member.pk}"] == 7 and open_kinds[f"handover-{member.pk}"] == 5
    action_perform(obj=running, name="change_file", actor=street_clerk, data={"member": member.pk, "places": PLACES})
    action_perform(obj=running, name="handover", actor=street_clerk, data={"member": member.pk})
    assert not {f"change-{member.pk}", f"handover-{member.pk}"} & {
        d.kind for d in deadline_list_for_case(running) if d.is_open}
    # 6 members now: composition short until a vacancy is filled (第十七条).
    assert running.members.filter(status="active").count() == 6


def test_absence_ground_needs_half_of_the_years_meetings(running, street_clerk):
    community, reps = _members(running)
    others = [*community, *reps[1:]]
    _meeting(running, street_clerk, [*community, *reps])          # reps[0] present
    _meeting(running, street_clerk, others, kind="extra", proposers=3)   # reps[0] absent: 1 of 2 = half
    action_perform(obj=running, name="member_end", actor=street_clerk, comment="缺席",
                   data={"member": reps[0].pk, "ground": "7", "ended_on": timezone.localdate()})
    reps[0].refresh_from_db()
    assert reps[0].status == "ended"


def test_absence_ground_under_half_is_refused(running, street_clerk):
    community, reps = _members(running)
    _meeting(running, street_clerk, [*community, *reps])
    with pytest.raises(GuardFailed, match="第十六条"):
        action_perform(obj=running, name="member_end", actor=street_clerk, comment="缺席",
                       data={"member": reps[0].pk, "ground": "7", "ended_on": timezone.localdate()})


@pytest.mark.parametrize(("days", "ok"), [(9, False), (10, True)])
def test_accounts_are_posted_for_at_least_ten_days(running, street_clerk, days, ok):
    data = {"title": "2026年上半年工作经费收支", "content": "收入0元，支出0元", "places": PLACES, "days": days}
    if ok:
        action_perform(obj=running, name="post_accounts", actor=street_clerk, data=data)
    else:
        with pytest.raises(GuardFailed, match="第十八条"):
            action_perform(obj=running, name="post_accounts", actor=street_clerk, data=data)


def test_dissolution_on_an_owners_committee_needs_its_election_date(running, street_clerk):
    with pytest.raises(GuardFailed, match="第二十条"):
        action_perform(obj=running, name="dissolve", actor=street_clerk, comment="业委会成立",
                       data={"ground": "owners_committee", "places": PLACES})
    area = running.area
    area.owners_committee_elected_on = timezone.localdate()
    area.save()
    action_perform(obj=running, name="dissolve", actor=street_clerk, comment="业委会成立",
                   data={"ground": "owners_committee", "places": PLACES})
    running.refresh_from_db()
    assert running.state == "dissolved"
    assert not running.members.filter(status="active").exists()
