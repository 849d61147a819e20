"""Walk a workflow's transitions and check each writes exactly one ``workflow.transition`` audit row (issue 7,
audit completeness). Used by tests/<app>/test_audit_completeness.py; tests/audit/test_completeness.py checks that
every registered workflow has such a walk."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gazette.audit.models import AuditEvent
from gazette.workflow.definitions import Workflow
from gazette.workflow.engine import case_history, transition_perform

# The workflows whose every transition a test walks; a workflow missing here fails tests/audit/test_completeness.
WALKED = {"fund.application", "fund.recovery", "fund.writeoff", "fund.fundreport", "fund.fundobligation",
          "collection.clue", "collection.measure", "collection.riskreport", "collection.supervisionaction",
          "property.committee", "property.meeting",
          "workflow_app.permit", "credit.rating", "credit.starapplication",
          "tailings.facility", "tailings.alarm", "tailings.hiddendanger", "tailings.publicreport"}


def _transition_events():
    return AuditEvent.objects.filter(action="workflow.transition")


class AuditedWalk:
    """Perform transitions one at a time; after each, exactly one new audit row names that transition and case."""

    def __init__(self, workflow: Workflow, perform: Callable[..., Any] | None = None) -> None:
        self.workflow = workflow
        self.perform = perform or (lambda **kw: transition_perform(**kw).case)  # runs the step's prepare too
        self.covered: set[str] = set()

    def __call__(self, case: Any, name: str, actor: Any = None, **kwargs: Any) -> Any:
        before = _transition_events().order_by("-pk").values_list("pk", flat=True).first() or 0
        result = self.perform(case=case, name=name, actor=actor, **kwargs)
        # This object's rows: a step may move another record too (a write-off decided through its recovery).
        new = list(_transition_events().filter(pk__gt=before, object_type=case._meta.label_lower,
                                                object_id=str(case.pk)))
        assert len(new) == 1, f"{name}: {len(new)} audit rows"
        event = new[0]
        assert event.data["transition"] == name
        assert (event.object_type, event.object_id) == (case._meta.label_lower, str(case.pk))
        assert event.actor_id == (actor.pk if actor is not None else None)
        self.covered.add(name)
        case.refresh_from_db()
        return case if result is None else result

    def assert_complete(self, *cases: Any) -> None:
        assert self.covered == {t.name for t in self.workflow.transitions}, (
            f"not walked: {sorted({t.name for t in self.workflow.transitions} - self.covered)}")
        for case in cases:  # one audit row per history entry, no more, no less
            moves = case_history(case).exclude(transition="create").count()
            rows = _transition_events().filter(object_type=case._meta.label_lower, object_id=str(case.pk)).count()
            assert rows == moves
            assert AuditEvent.objects.filter(action="workflow.create", object_type=case._meta.label_lower,
                                             object_id=str(case.pk)).count() == 1
