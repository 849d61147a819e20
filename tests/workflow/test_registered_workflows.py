"""Tests the engine owns, parametrised over every registered workflow: a new app's workflow gets them by being
registered (``workflow_register`` in its AppConfig.ready()) and adding a factory to tests/record_factories.py."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from django.urls import NoReverseMatch, reverse

from gazette.workflow.actions import action_serializer
from gazette.workflow.definitions import workflows_registered
from gazette.workflow.engine import transition_perform, workflow_of
from gazette.workflow.exceptions import TransitionConflict
from gazette.workflow.models import WorkItem
from tests.record_factories import FACTORIES

WORKFLOWS = {wf.name: wf for wf in workflows_registered()}
WRONG_STATE_CASES = [
    pytest.param(wf.name, t.name, state, id=f"{wf.name}:{t.name}@{state}")
    for wf in WORKFLOWS.values() for t in wf.transitions if "*" not in t.sources
    for state in wf.states if state not in t.sources
]
ACTIONS = [pytest.param(wf.name, t.name, id=f"{wf.name}:{t.name}") for wf in WORKFLOWS.values() for t in wf.actions]


def _force_state(obj, state: str):
    wf = workflow_of(obj)
    type(obj).objects.filter(pk=obj.pk).update(**{wf.field: state})
    return type(obj).objects.get(pk=obj.pk)


def test_every_registered_workflow_has_a_factory():
    missing = set(WORKFLOWS) - set(FACTORIES)
    assert not missing, f"add a factory to tests/record_factories.py: {missing}"


def test_every_workflow_is_bound_to_its_model():
    for wf in WORKFLOWS.values():
        model = wf.model()
        assert model.WORKFLOW is wf
        for t in wf.transitions:
            assert callable(getattr(model, t.name)), f"{wf.name}.{t.name} not bound"


@pytest.mark.django_db
@pytest.mark.parametrize(("workflow", "name", "state"), WRONG_STATE_CASES)
def test_every_action_from_every_wrong_state_is_a_conflict(workflow, name, state, admin_user):
    obj = _force_state(FACTORIES[workflow](), state)
    history_before = obj.history.count()
    with pytest.raises(TransitionConflict):
        transition_perform(case=obj, name=name, actor=admin_user, comment="测试意见", system=True)
    assert obj.history.count() == history_before


@pytest.mark.django_db
@pytest.mark.parametrize(("workflow", "name"), ACTIONS)
def test_every_action_answers_409_through_the_api_in_a_wrong_state(workflow, name, api_client, admin_user):
    wf = WORKFLOWS[workflow]
    t = wf.get(name)
    wrong = next((s for s in wf.states if s not in t.sources and "*" not in t.sources), None)
    if wrong is None:
        pytest.skip("the action is allowed from every state")
    obj = _force_state(FACTORIES[workflow](), wrong)
    url = _action_api_url(obj, t)
    if url is None:
        pytest.fail(f"{workflow} has no API endpoint for {name}")
    api_client.force_authenticate(admin_user)
    response = api_client.post(url, {"comment": "测试意见", **({"confirm": True} if t.confirm else {})},
                               format="json")
    # 409 for the state; 400 only when the action's own required input is missing (checked before the state).
    assert response.status_code in (409, 400), response.content
    if response.status_code == 400:
        required = {n for n, f in action_serializer(wf, t)().fields.items() if f.required}
        assert set(response.json()["error"]["fields"]) <= required | {"non_field_errors"}


@pytest.fixture
def far_outsider(make_user):
    """Every role, in another organisation in another city (Datong): nothing of the factories' objects is theirs."""
    from django.contrib.auth.models import Group

    from tests.factories import OrganisationFactory, region

    user = make_user("clerk", organisation=OrganisationFactory(name="云冈区某单位", region=region("140212")))
    for role in ("approver", "head", "hospital"):
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


@pytest.mark.django_db
@pytest.mark.parametrize(("workflow", "name"), ACTIONS)
def test_every_action_is_out_of_reach_for_an_outsider(workflow, name, api_client, client, far_outsider):
    outsider = far_outsider
    wf = WORKFLOWS[workflow]
    obj = FACTORIES[workflow]()
    t = wf.get(name)
    api_client.force_authenticate(outsider)
    url = _action_api_url(obj, t)
    assert url is not None
    assert api_client.post(url, {"comment": "x"}, format="json").status_code == 404
    client.force_login(outsider)
    page = f"{obj.get_absolute_url()}{t.slug}/"
    assert client.get(page).status_code == 404
    assert client.post(page, {"comment": "x"}).status_code == 404


@pytest.mark.django_db
def test_every_declared_action_is_in_the_openapi_schema_with_its_input(api_client, admin_user):
    api_client.force_authenticate(admin_user)
    schema = api_client.get("/api/schema/?format=json").json()
    operations = {op.get("operationId"): (path, op) for path, item in schema["paths"].items()
                  for op in item.values() if isinstance(op, dict)}
    for wf in WORKFLOWS.values():
        for t in wf.actions:
            op_id = f"{wf.name.replace('.', '_')}_{t.name}"
            assert op_id in operations, f"{op_id} missing from the schema"
            path, op = operations[op_id]
            assert path.endswith(f"/{t.slug}/"), path
            ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
            declared = set(action_serializer(wf, t)().fields)
            assert declared <= set(component["properties"]), (op_id, declared - set(component["properties"]))
            if t.input is not None:
                assert set(t.input().fields) <= set(component["properties"])


@pytest.mark.django_db
@pytest.mark.parametrize("workflow", sorted(WORKFLOWS))
def test_a_new_object_waits_in_the_work_items_of_its_organisation(workflow):
    obj = FACTORIES[workflow]()
    wf = WORKFLOWS[workflow]
    work = wf.work_for(getattr(obj, wf.field))
    items = WorkItem.objects.filter(object_id=obj.pk, app=type(obj)._meta.app_label)
    if work is None:
        assert not items.exists()
        return
    responsible = work.responsible(obj) if work.responsible else obj.organisation
    assert items.filter(organisation=responsible).count() == 1


def _action_api_url(obj, t) -> str | None:
    """The API URL of action ``t`` on ``obj``: ``<app>-api:<basename>-<action-slug>`` of the app's router."""
    label = type(obj)._meta.app_label
    for base in _basenames(label):
        try:
            return reverse(f"{label}-api:{base}-{t.slug}", args=[obj.pk])
        except NoReverseMatch:
            continue
    return None


def _basenames(app_label: str) -> list[str]:
    module = import_module(f"{apps.get_app_config(app_label).name}.api.urls")
    router = getattr(module, "router", None)
    return [basename for _prefix, _viewset, basename in router.registry] if router else []
