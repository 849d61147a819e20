"""API fuzzing (issue 7): schemathesis generates requests from the OpenAPI schema at /api/schema/ and sends them
in-process to the WSGI application as two hospitals, the fund manager's clerk and a clue-handling clerk.

Every response must be documented (status, content type, body schema), no request may cause a server error,
inputs the schema rules out (unknown fields, wrong types) must be refused, and nothing stored may hold a negative
or absurd amount. `make test` runs a few examples per operation; `make soak` sets SOAK_FUZZ_EXAMPLES=1000.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.db.models import Q
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.fund.conftest import VALID_ID
from tests.fund.conftest import orgs as orgs  # the fund demo organisations, as a fixture here

EXAMPLES = int(os.environ.get("SOAK_FUZZ_EXAMPLES", "6"))
ACCOUNTS = ("hospital", "other_hospital", "clerk", "clue_clerk")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          negative_data_rejection]
# Resources that path parameters name; the fuzzer mostly aims at objects that exist (and some that are not the
# caller's), otherwise nearly every request would be a 404.
BASE = "/api/v1/fund/applications/"
def _api_resources() -> dict[str, str]:
    """API path prefix -> the registered workflow of its objects, from every app's router (each viewset that declares
    its ``workflow``): a new app's endpoints are aimed at real objects without editing this file."""
    from importlib import import_module

    from django.apps import apps

    found = {}
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.api.urls")
        except ModuleNotFoundError:
            continue
        prefix = getattr(config, "url_prefix", None) or config.label
        for route, viewset, _basename in getattr(module, "router", None).registry if hasattr(module, "router") else []:
            wf = getattr(viewset, "workflow", None)
            if wf is not None:
                found[f"/api/v1/{prefix}/{route}/"] = wf.name
    return found


RESOURCES = _api_resources()


@dataclass
class World:
    tokens: dict[str, str] = field(default_factory=dict)
    ids: dict[str, list[int]] = field(default_factory=dict)


@pytest.fixture
def fuzz_world(request, make_user, settings) -> World:
    """Two hospitals with one application each, the fund manager's clerk, a clue and a permit."""
    from collection.services import ClueInput, clue_register
    from fund.services import application_submit
    from gazette.orgs.choices import OrganisationType as T
    from tests.factories import OrganisationFactory, region

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    orgs = request.getfixturevalue("orgs")
    users = {
        "hospital": make_user("hospital", organisation=orgs["hosp_1"]),
        "other_hospital": make_user("hospital", organisation=orgs["hosp_2"]),
        "clerk": make_user("clerk", organisation=orgs["fund_manager"]),
        "clue_clerk": make_user("clerk", organisation=OrganisationFactory(
            name="小店区处非办（测试）", type=T.FUNDRAISING_LEAD, region=region("140105"))),
    }
    world = World(tokens={name: Token.objects.create(user=u).key for name, u in users.items()})
    apps = [application_submit(actor=users[h], data=_treatment(orgs[org].name))
            for h, org in (("hospital", "hosp_1"), ("other_hospital", "hosp_2"))]
    clue = clue_register(actor=users["clue_clerk"], organisation=users["clue_clerk"].organisation, data=ClueInput(
        source="public_report", subject_name="某某财富公司", description="承诺年化18%回报吸收资金",
        subject_region=region("140105"), reporter_name="举报人甲", reporter_phone="13800000000"))
    permit = request.getfixturevalue("make_permit")()
    world.ids = {"fund.application": [a.pk for a in apps], "collection.clue": [clue.pk],
                 "workflow_app.permit": [permit.pk]}
    from tests.record_factories import FACTORIES

    for name in set(RESOURCES.values()) - set(world.ids):  # every other record type: one of each
        world.ids[name] = [FACTORIES[name]().pk]
    return world


def _treatment(hospital_name: str) -> dict:
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    return {"kind": "treatment", "applicant_type": "hospital", "accident_at": now - timedelta(days=3),
            "treatment_started_at": now - timedelta(days=3, hours=-1), "accident_place": "小店区长治路",
            "region": "140105", "insurance_status": "uninsured", "victim_name": "张三", "victim_id_number": VALID_ID,
            "first7_amount": "15000.00", "bank_account": "6222020200112233445", "bank_account_name": hospital_name}


def _served_schema() -> dict:
    """What GET /api/schema/ serves (test_the_fuzzed_schema_is_the_served_one checks that), built without a
    request: pytest collects the operations before any database or token exists."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


def _wsgi_schema():
    from django.core.wsgi import get_wsgi_application

    loaded = schemathesis.openapi.from_dict(_served_schema())
    loaded.app = get_wsgi_application()  # requests go in-process to the WSGI app, never over the network
    return loaded


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    """Django's WSGI handler closes a connection that is inside a transaction when a request starts or finishes;
    the test client unhooks that, and so must requests sent through the raw WSGI app."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


schema = _wsgi_schema()

pytestmark = pytest.mark.django_db


# Fields of a new application the fuzzer varies on top of a valid body (the rest stays valid, so the service's
# amount and count checks are reached and anything it accepts is stored).
VARIED = ("first7_amount", "post7_amount", "post7_reasons", "casualties", "deaths", "hit_and_run", "expressway",
          "insurance_status", "hardship_amount", "funeral_receipts_amount", "victim_identity_unknown")


@schema.parametrize()
@schema.given(who=st.sampled_from(ACCOUNTS), aim=st.integers(min_value=0, max_value=3))
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_fuzz(case, who, aim, fuzz_world):
    params = case.path_parameters or {}
    resource = next((r for prefix, r in RESOURCES.items() if case.path.startswith(prefix)), None)
    if "id" in params and resource and aim < 3:  # one case in four keeps the generated id
        ids = fuzz_world.ids[resource]
        params["id"] = ids[aim % len(ids)]
    if case.method == "POST" and case.path == BASE and isinstance(case.body, dict) and aim < 2:
        valid = {k: v.isoformat() if hasattr(v, "isoformat") else v
                 for k, v in _treatment("山西医科大学第一医院").items()}
        case.body = {**valid, **{k: v for k, v in case.body.items() if k in VARIED}}
    response = case.call(headers={"Authorization": f"Token {fuzz_world.tokens[who]}"})
    case.validate_response(response, checks=CHECKS)
    _assert_no_absurd_amounts()


def _assert_no_absurd_amounts() -> None:
    from fund.models import Application, LedgerEntry
    from fund.services import ABSURD_AMOUNT

    money = ("first7_amount", "post7_amount", "funeral_receipts_amount", "hardship_amount", "advance_amount")
    bad = Q()
    for name in money:
        bad |= Q(**{f"{name}__lt": 0}) | Q(**{f"{name}__gt": ABSURD_AMOUNT})
    assert not Application.objects.filter(bad).exists()
    assert not LedgerEntry.objects.filter(Q(amount__gt=ABSURD_AMOUNT) | Q(amount__lt=-ABSURD_AMOUNT)).exists()


# --- what the fuzzer relies on, stated plainly ------------------------------------------------------------------


@pytest.mark.parametrize(("extra", "named"), [
    ({"state": "paid"}, "state"),
    ({"advance_amount": "9999999.00"}, "advance_amount"),
    ({"first7_amout": "100.00"}, "first7_amout"),
])
def test_unknown_and_read_only_fields_are_refused_with_a_400_naming_them(api_client, fuzz_world, extra, named):
    from fund.models import Application

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {fuzz_world.tokens['hospital']}")
    before = Application.objects.count()
    body = {**_treatment("山西医科大学第一医院"), **extra}
    r = api_client.post(BASE, body, format="json")
    assert r.status_code == 400
    assert named in r.json()["error"]["fields"]
    assert "未知字段" in r.json()["error"]["fields"][named][0]
    assert Application.objects.count() == before


def test_unknown_fields_on_actions_are_refused(api_client, fuzz_world):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {fuzz_world.tokens['clerk']}")
    app_id = fuzz_world.ids["fund.application"][0]
    r = api_client.post(f"{BASE}{app_id}/start-review/", {"comment": "好", "state": "paid"}, format="json")
    assert r.status_code == 400 and "state" in r.json()["error"]["fields"]
    assert api_client.get(f"{BASE}{app_id}/").json()["state"] == "received"
    clue_id = fuzz_world.ids["collection.clue"][0]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {fuzz_world.tokens['clue_clerk']}")
    r = api_client.post(f"/api/v1/collection/clues/{clue_id}/verify-start/", {"lead_department": 1},
                        format="json")
    assert r.status_code == 400 and "lead_department" in r.json()["error"]["fields"]


def test_the_fuzzed_schema_is_the_served_one(client, fuzz_world):
    r = client.get("/api/schema/?format=json", HTTP_AUTHORIZATION=f"Token {fuzz_world.tokens['clerk']}")
    assert r.status_code == 200
    assert r.json() == _served_schema()
    assert len(list(schema.get_all_operations())) >= 20


def test_the_schema_forbids_extra_properties_on_inputs():
    components = _served_schema()["components"]["schemas"]
    actions = [name for name in components if name.endswith("ActionRequest")]
    assert len(actions) >= 20  # every declared action's input (gazette.workflow.actions.action_serializer)
    for name in ("ApplicationInRequest", *actions):
        assert components[name]["additionalProperties"] is False, name


def test_amounts_are_checked(api_client, fuzz_world):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {fuzz_world.tokens['hospital']}")
    for amount in ("-0.01", "10000000.01"):
        r = api_client.post(BASE, {**_treatment("山西医科大学第一医院"), "first7_amount": amount}, format="json")
        assert r.status_code == 400 and "first7_amount" in r.json()["error"]["fields"]
    _assert_no_absurd_amounts()
