"""Separation of duties (职责分离): no single account both submits and approves the same case."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from gazette.workflow.engine import case_history, transition_perform, transitions_available
from gazette.workflow.exceptions import TransitionNotAllowed
from tests.workflow_app.workflow import WORKFLOW, S

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_and_approver(county_clerk):
    county_clerk.groups.add(Group.objects.get_or_create(name="approver")[0])
    return county_clerk


def test_the_submitter_may_not_approve_even_with_both_roles(make_permit, clerk_and_approver, county_approver):
    permit = make_permit()
    transition_perform(case=permit, name="submit", actor=clerk_and_approver)
    assert "approve" not in {t.name for t in transitions_available(case=permit, user=clerk_and_approver)}
    with pytest.raises(TransitionNotAllowed, match="职责分离") as info:
        transition_perform(case=permit, name="approve", actor=clerk_and_approver)
    assert "提交" in info.value.message and "批准" in info.value.message
    permit.refresh_from_db()
    assert permit.state == S.SUBMITTED and case_history(permit).filter(transition="approve").count() == 0
    # Another official approves.
    assert transition_perform(case=permit, name="approve", actor=county_approver).case.state == S.APPROVED


def test_transitions_outside_the_group_are_unaffected(make_permit, clerk_and_approver):
    permit = make_permit()
    transition_perform(case=permit, name="submit", actor=clerk_and_approver)
    # Refusing is not in the submit/approve group, so the same person may still refuse.
    result = transition_perform(case=permit, name="refuse", actor=clerk_and_approver, comment="材料不实")
    assert result.case.state == S.REFUSED


def test_conflicting_lists_the_other_members_of_each_group():
    assert WORKFLOW.conflicting("approve") == {"submit"}
    assert WORKFLOW.conflicting("refuse") == set()
