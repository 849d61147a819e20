"""职责分离 on clues: whoever registered a clue or applied for disposal does not decide whether to open (COLL-A34)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from collection.choices import ClueState as S
from collection.services import ClueInput, clue_act, clue_register
from collection.workflow import WORKFLOW
from gazette.workflow.engine import transitions_available
from gazette.workflow.exceptions import TransitionNotAllowed
from tests.factories import region

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_clerk_and_approver(make_user, orgs):
    user = make_user("clerk", organisation=orgs["county"])
    user.groups.add(Group.objects.get_or_create(name="approver")[0])
    return user


def _applied_by(user, organisation):
    clue = clue_register(actor=user, organisation=organisation, data=ClueInput(
        source="public_report", subject_name="某某财富公司", description="承诺年化18%回报吸收资金",
        subject_region=region("140105"), reporter_name="举报人甲", reporter_phone="13800000000"))
    clue_act(clue=clue, name="verify_start", actor=user)
    clue_act(clue=clue, name="apply_disposal", actor=user,
             data={"fundraising_type": "promised_return", "verification_summary": "基本属实"})
    clue.refresh_from_db()
    assert clue.state == S.DISPOSAL_APPLIED
    return clue


@pytest.mark.parametrize("decision", ["open", "decline"])
def test_the_account_that_registered_and_applied_may_not_decide(county_clerk_and_approver, orgs, users, decision):
    clue = _applied_by(county_clerk_and_approver, orgs["county"])
    names = {t.name for t in transitions_available(case=clue, user=county_clerk_and_approver)}
    assert decision not in names
    with pytest.raises(TransitionNotAllowed, match="职责分离") as info:
        clue_act(clue=clue, name=decision, actor=county_clerk_and_approver, comment="决定")
    assert "登记" in info.value.message
    clue.refresh_from_db()
    assert clue.state == S.DISPOSAL_APPLIED
    # Another official of the same lead department decides.
    assert decision in {t.name for t in transitions_available(case=clue, user=users["county_approver"])}
    decided = clue_act(clue=clue, name=decision, actor=users["county_approver"], comment="决定").case
    assert decided.state == (S.INVESTIGATING if decision == "open" else S.NOT_OPENED)


def test_the_declared_groups():
    assert WORKFLOW.conflicting("open") == {"create", "apply_disposal"}
    assert WORKFLOW.conflicting("decline") == {"create", "apply_disposal"}
    assert WORKFLOW.conflicting("verify_start") == set()
