"""Every transition of the test Permit workflow, including the system ones, writes exactly one audit row."""

from __future__ import annotations

import pytest

from tests.audit_walk import AuditedWalk
from tests.workflow_app.workflow import WORKFLOW, S

pytestmark = pytest.mark.django_db


def test_every_permit_transition_is_audited_once(make_permit, county_clerk, county_approver):
    step = AuditedWalk(WORKFLOW)
    first, second, third = make_permit(), make_permit(), make_permit()
    step(first, "submit", county_clerk)
    step(first, "request_materials", county_clerk, comment="缺身份证明")
    step(first, "provide_materials", county_clerk)
    step(first, "approve", county_approver)
    step(first, "publicise", county_clerk)
    assert step(first, "finalise", system=True).state == S.FINAL

    step(second, "submit", county_clerk)
    step(second, "request_materials", county_clerk, comment="缺身份证明")
    assert step(second, "expire", system=True).state == S.EXPIRED

    step(third, "submit", county_clerk)
    assert step(third, "refuse", county_approver, comment="不符合条件").state == S.REFUSED
    step.assert_complete(first, second, third)
