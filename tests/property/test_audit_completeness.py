"""Every transition of a committee and of a meeting writes exactly one audit row (tests/audit_walk.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from gazette.notices.models import PublicNotice
from gazette.workflow.actions import action_perform
from gazette.workflow.engine import transition_perform
from property.meeting_workflow import MEETING_WORKFLOW
from property.workflow import WORKFLOW
from tests.audit_walk import AuditedWalk

from .conftest import PLACES

pytestmark = pytest.mark.django_db


def _perform(*, case, name, actor, comment="", data=None):
    t = case.WORKFLOW.get(name)
    if t.system:
        return transition_perform(case=case, name=name, actor=actor, system=True, comment=comment).case
    return action_perform(obj=case, name=name, actor=actor, comment=comment, data=data or {}).case


def _end_list_posting(committee):
    PublicNotice.objects.filter(object_id=committee.pk, rule_id="PROP-A12").update(
        status="closed", ends_at=timezone.now() - timedelta(seconds=1))


def test_every_committee_transition_is_audited_once(form_committee, street_clerk, seat_candidates, orgs):
    step = AuditedWalk(WORKFLOW, perform=_perform)
    committee = form_committee()
    step(committee, "announcement_end", None)
    seat_candidates(committee)
    step(committee, "fix_candidates", street_clerk, data={"places": PLACES, "days": 7})
    step(committee, "list_repost", street_clerk, comment="异议成立，补充人选")
    step(committee, "fix_candidates", street_clerk, data={"places": PLACES, "days": 7})
    _end_list_posting(committee)
    step(committee, "establish", street_clerk)
    step(committee, "file", street_clerk, data={"county_department": orgs["housing"]})
    member = committee.members.filter(kind="owner").last()
    step(committee, "member_end", street_clerk, comment="辞职",
         data={"member": member.pk, "ground": "2", "ended_on": timezone.localdate()})
    step(committee, "change_file", street_clerk, data={"member": member.pk, "places": PLACES})
    step(committee, "handover", street_clerk, data={"member": member.pk})
    posting = {"title": "工作经费收支", "content": "收支情况", "places": PLACES, "days": 10}
    step(committee, "post_accounts", street_clerk, data=posting)
    step(committee, "post_fees", street_clerk, data=posting)
    area = committee.area
    area.owners_committee_elected_on = timezone.localdate()
    area.save()
    step(committee, "dissolve", street_clerk, comment="业主委员会已选举产生",
         data={"ground": "owners_committee", "places": PLACES})
    step.assert_complete(committee)


def test_every_meeting_transition_is_audited_once(form_committee, street_clerk, seat_candidates, orgs):
    from .conftest import run_committee
    from .test_running import _meeting, _members

    committee = run_committee(form_committee(), street_clerk, seat_candidates, orgs)
    community, reps = _members(committee)
    step = AuditedWalk(MEETING_WORKFLOW, perform=_perform)
    refused = _meeting(committee, street_clerk, [*community, reps[0]])
    step(refused, "refuse", street_clerk, comment="不足法定人数")
    corrected = _meeting(committee, street_clerk, [*community, *reps])
    step(corrected, "adopt", street_clerk, data={"places": PLACES})
    due = {"correction_due": timezone.localdate() + timedelta(days=10), "places": PLACES}
    step(corrected, "order_correction", street_clerk, comment="违反规定", data=due)
    step(corrected, "mark_corrected", street_clerk)
    revoked = _meeting(committee, street_clerk, [*community, *reps])
    step(revoked, "adopt", street_clerk, data={"places": PLACES})
    step(revoked, "revoke", street_clerk, comment="违反法律", data={"places": PLACES})
    step.assert_complete(refused, corrected, revoked)
