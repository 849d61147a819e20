"""Guard facts may depend on who acts: a facts function that takes ``actor`` receives the acting user."""

from gazette.workflow.definitions import Workflow


def test_facts_function_with_actor_receives_the_acting_user():
    wf = Workflow(name="t.actor", transitions=[], facts=lambda case, *, actor=None: {"who": actor, "case": case})
    assert wf.case_facts("c1", actor="u1") == {"who": "u1", "case": "c1"}


def test_facts_function_without_actor_keeps_working():
    wf = Workflow(name="t.plain", transitions=[], facts=lambda case: {"case": case})
    assert wf.case_facts("c1", actor="u1") == {"case": "c1"}


def test_model_instances_in_transition_data_are_stored_as_id_and_name(db):
    from gazette.workflow.engine import _jsonable
    from tests.factories import OrganisationFactory

    org = OrganisationFactory(name="某单位")
    assert _jsonable({"to": org, "n": 1}) == {"to": {"id": org.pk, "name": "某单位"}, "n": 1}
