"""Audit completeness (issue 7): every registered workflow has a walk (tests/audit_walk.py) that checks one audit
row per transition."""

from __future__ import annotations

from django.apps import apps

from tests.audit_walk import WALKED


def test_every_registered_workflow_is_walked():
    registered = {m.WORKFLOW.name for m in apps.get_models() if getattr(m, "WORKFLOW", None) is not None}
    assert registered == WALKED

