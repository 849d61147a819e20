"""Audit completeness (issue 7): every registered workflow has a walk (tests/audit_walk.py) that checks one audit
row per transition."""

from __future__ import annotations

from gazette.workflow.definitions import workflows_registered
from tests.audit_walk import WALKED


def test_every_registered_workflow_is_walked():
    assert {wf.name for wf in workflows_registered()} == WALKED

