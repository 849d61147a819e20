"""Authorisation matrix (issue 7.1): every route of the URL configuration × anonymous, every role and an outsider
from another organisation and city × an object inside the insiders' reach.

Routes are enumerated from ``get_resolver()`` at collection time, so a route added by any app is tried without
anyone writing a test for it. Object routes take their object from ``tests/authz_registry.py``; an object route
nobody registered fails with instructions. Expectations:

- anonymous: a page redirects to the sign-in page, an API answers 401/403 (except the allow-listed PUBLIC routes);
- outsider (all roles, another organisation in another city): an object route answers 404, never 2xx/3xx/403;
  no page or API response they can open contains the object's marker (its reference number);
- insiders: nothing answers 5xx, and at least one role reaches the object (so the outsider's 404 means something);
- admin: everyone who is not staff is sent to the admin sign-in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gazette.accounts.roles import ALL_ROLES
from tests.authz_registry import OBJECT_ROUTES, object_routes_for
from tests.factories import OrganisationFactory, UserFactory, region

pytestmark = pytest.mark.django_db

# Routes anonymous visitors may use, and why.
PUBLIC = {
    "login": "sign-in page",
    "logout": "sign-out (ends whatever session there is)",
    "password_reset": "self-service password reset by e-mail",
    "password_reset_done": "password reset",
    "password_reset_confirm": "password reset link from the e-mail",
    "password_reset_complete": "password reset",
    "set_language": "language switch",
    "healthz": "liveness probe for the load balancer (no data)",
    "api:token": "hospitals' systems exchange credentials for a token",
    "collection:public_report": "COLL-A25: anyone may report illegal fundraising without an account (rate-limited)",
    "collection:public_status": "COLL-A25: the reporter follows the progress of a report by its receipt number",
    "collection:public_receipt": "COLL-A25: the receipt shown after a public report; it shows the state of that "
                                 "receipt's report only (tests/collection/test_views.py::"
                                 "test_public_receipt_page_shows_only_the_progress_of_that_receipt)",
    "tailings:public_report": "TAIL-A6: anyone may report a tailings safety violation without an account "
                              "(rate-limited)",
    "tailings:public_receipt": "TAIL-A6: the receipt after a public report; it shows that report's number, "
                               "department and state only (receipt numbers are random)",
    "fund:public_information": "FUND-A41: the fund's public information (policy, the manager's contacts, process, "
                               "document lists, totals) without login and without personal data "
                               "(tests/fund/test_obligations.py::"
                               "test_public_page_needs_no_login_and_shows_figures_but_no_personal_data)",
    "credit:grades": "CRED-A9(四): the province publishes the final grades (name, credit code, kind, year, grade)",
    "credit-api:grade-list": "CRED-A9(四): the published final grades, read by other departments' systems (A20)",
    "credit:notices": "CRED-A9(三): the initial conclusions on public notice",
    "credit:grades_pdf": "CRED-A9(四): the published final list as PDF",
    "credit:notices_pdf": "CRED-A9(三): the public notice as PDF",
    "credit:objection_new": "CRED-A9(三): anyone may object during the notice (ratings on notice only)",
    "property:board": "PROP-A7/A12/A15: the property committees' public notice board (公示栏), no login; postings "
                      "only (member addresses appear in the A12 list by the regulation's own text)",
    "property:area_board": "PROP-A7/A12/A15: one area's public notice board",
    "property:notice_detail": "PROP-A12: one posting, and the owners' objection form verified by an SMS code to the "
                              "unit's registered phone (tests/property/test_public.py)",
    "property:notice_print": "PROP-A7/A12: the printable A4 copy of a posting for the physical notice board",
}
# Routes whose authenticated responses are broken for a known reason (strict xfail: fix → remove the entry).
KNOWN_DEFECTS: dict[str, str] = {}
ID_KWARGS = re.compile(r"^(pk|id|object_id|.*_id|.*_pk)$")


@dataclass(frozen=True)
class Route:
    pattern: str
    name: str
    kwargs: tuple[str, ...]
    methods: tuple[str, ...]

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/")

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:") or self.pattern.startswith("admin/")


def _methods(callback) -> tuple[str, ...]:
    actions = getattr(callback, "actions", None)  # DRF viewsets: {"get": "list", ...}
    if actions:
        return tuple(sorted(m.upper() for m in actions))
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if cls is not None:
        return tuple(sorted(m.upper() for m in cls.http_method_names
                            if m not in ("options", "head", "trace") and hasattr(cls, m)))
    return ("GET", "POST")  # function views: try both; require_POST and friends answer 405


def _walk(patterns, prefix: str = "", namespace: str = "", kwargs: tuple[str, ...] = ()):
    for p in patterns:
        groups = tuple(p.pattern.regex.groupindex)
        if isinstance(p, URLResolver):
            ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns, kwargs + groups)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
            yield Route(pattern=prefix + str(p.pattern), name=name, kwargs=kwargs + groups,
                        methods=_methods(p.callback))


def all_routes() -> list[Route]:
    seen, routes = set(), []
    for route in _walk(get_resolver().url_patterns):
        if route.name in seen:  # django.contrib.auth.urls repeats login/logout mounted above it
            continue
        seen.add(route.name)
        routes.append(route)
    return routes


ROUTES = all_routes()
APP_ROUTES = [r for r in ROUTES if not r.is_admin]
# The admin's unnamed routes only redirect to its named ones.
ADMIN_ROUTES = [r for r in ROUTES if r.is_admin and r.name]


def _params(routes: list[Route]) -> list:
    return [pytest.param(r, id=r.name or r.pattern,
                         marks=[pytest.mark.xfail(reason=KNOWN_DEFECTS[r.name], strict=True)]
                         if r.name in KNOWN_DEFECTS else [])
            for r in routes]


# --- The people ------------------------------------------------------------------------------------------------
@pytest.fixture
def world(db):
    """An inside organisation (Xiaodian district under Taiyuan) with one user per role, and an outsider holding
    every role in an organisation of Datong (another city)."""
    city = OrganisationFactory(name="太原市矩阵办", region=region("140100"))
    inside = OrganisationFactory(name="小店区矩阵办", region=region("140105"), parent=city)
    elsewhere = OrganisationFactory(name="大同市新荣区矩阵办", region=region("140212"))
    groups = {r.code: Group.objects.get_or_create(name=r.code)[0] for r in ALL_ROLES}
    insiders = {}
    for code, group in groups.items():
        user = UserFactory(organisation=inside)
        user.groups.add(group)
        insiders[code] = user
    outsider = UserFactory(organisation=elsewhere)
    outsider.groups.add(*groups.values())
    return {"inside": inside, "insiders": insiders, "outsider": outsider, "clerk": insiders["clerk"]}


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _call(client: Client, method: str, url: str):
    if method in ("POST", "PUT", "PATCH"):
        return getattr(client, method.lower())(url, data={}, content_type="application/json")
    return getattr(client, method.lower())(url)


def _url(route: Route, obj=None, entry=None) -> str:
    kwargs = {}
    for kw in route.kwargs:
        if entry is not None and kw in entry.kwargs:
            value = entry.kwargs[kw]
            kwargs[kw] = value(obj) if callable(value) else value
        elif obj is not None and ID_KWARGS.match(kw):
            kwargs[kw] = obj.pk
        elif kw == "action" and obj is not None and getattr(obj, "WORKFLOW", None) is not None:
            kwargs[kw] = obj.WORKFLOW.actions[0].slug  # a declared action's page (gazette.workflow.views)
        else:
            pytest.fail(f"{route.name}: no value for URL argument <{kw}>: add it to `kwargs` of its entry in "
                        f"tests/authz_registry.py")
    return reverse(route.name, kwargs=kwargs)


def _organisation_type(world, type_: str, *, outsider: bool = False) -> None:
    """Make the inside organisation (and the outsider's, when ``outsider``) of the kind that owns an object."""
    orgs = [world["inside"]] + ([world["outsider"].organisation] if outsider else [])
    for org in orgs:
        if org.type != type_:
            org.type = type_
            org.save(update_fields=["type"])


def _is_login_redirect(response, login_url: str) -> bool:
    return response.status_code == 302 and response["Location"].split("?")[0] == login_url


# --- Tests -----------------------------------------------------------------------------------------------------
def test_every_route_is_named_and_every_object_route_is_registered():
    problems = []
    for route in APP_ROUTES:
        if not route.name:
            problems.append(f"{route.pattern}: give the route a name so the matrix can reverse it")
        elif route.kwargs and route.name not in PUBLIC and object_routes_for(route.name) is None:
            problems.append(f"{route.name} ({route.pattern}): register a factory for its object in "
                            f"tests/authz_registry.py (OBJECT_ROUTES)")
    assert not problems, "\n".join(problems)
    assert any(object_routes_for(r.name) for r in APP_ROUTES), "the matrix found no object route at all"


@pytest.mark.parametrize("route", _params(APP_ROUTES))
def test_route_matrix(route: Route, world):
    entry = object_routes_for(route.name) if route.name not in PUBLIC else None
    if route.kwargs and route.name not in PUBLIC and entry is None:
        pytest.fail(f"{route.name} ({route.pattern}) takes URL arguments but no object factory is registered: "
                    f"add an ObjectRoutes entry for it in tests/authz_registry.py")
    # One object of every registered kind, owned inside: list routes are checked for leaks of all of them.
    objects = {}
    for e in OBJECT_ROUTES:
        _organisation_type(world, e.organisation_type)
        objects[id(e)] = e.factory(world["inside"], world["clerk"])
    # Insiders and the outsider are the kind of organisation that owns the route's object.
    _organisation_type(world, entry.organisation_type if entry is not None else "other", outsider=True)
    markers = {e.marker(objects[id(e)]) for e in OBJECT_ROUTES}
    own = objects[id(entry)] if entry is not None else None
    obj = own if route.kwargs else None  # an object route, as opposed to the app's list
    url = _url(route, obj, entry) if route.kwargs and route.name not in PUBLIC else (
        reverse(route.name, kwargs=dict.fromkeys(route.kwargs, "x")))

    for method in route.methods:
        # Anonymous.
        response = _call(_client(), method, url)
        if route.name not in PUBLIC:
            if route.is_api:
                assert response.status_code in (401, 403), f"anonymous {method} {url}: {response.status_code}"
            else:
                assert response.status_code == 405 or _is_login_redirect(response, reverse("login")), (
                    f"anonymous {method} {url}: {response.status_code} {response.get('Location', '')}")
        assert response.status_code < 500, f"anonymous {method} {url}: {response.status_code}"

        # The outsider: every role, another organisation in another city.
        response = _call(_client(world["outsider"]), method, url)
        assert response.status_code < 500, f"outsider {method} {url}: {response.status_code}"
        if obj is not None:
            assert response.status_code in (404, 405), (
                f"LEAK: outsider {method} {url} answered {response.status_code}, expected 404")
        body = response.content.decode(errors="replace")
        for m in markers:
            assert m not in body, f"LEAK: outsider {method} {url} shows {m}"

    # Insiders: no errors, and someone inside reaches the object or sees it listed (else the outsider's 404
    # and the absent marker prove nothing). Actions change the object, so they come last.
    reached = []
    for method in sorted(route.methods, key=lambda m: m != "GET"):
        for code, user in world["insiders"].items():
            response = _call(_client(user), method, url)
            assert response.status_code < 500, f"{code} {method} {url}: {response.status_code}"
            if obj is not None:
                opened = response.status_code not in (404, 405)
            else:
                opened = own is not None and entry.marker(own) in response.content.decode(errors="replace")
            if opened:
                reached.append(code)
        if reached:
            break
    if own is not None:
        assert reached, f"no insider role reaches the object through {url}: the factory or URL arguments are wrong"


@pytest.mark.parametrize("route", _params(ADMIN_ROUTES))
def test_admin_is_for_staff_only(route: Route, world):
    url = reverse(route.name, kwargs={k: "auth" if k == "app_label" else "1" for k in route.kwargs})
    admin_login = reverse("admin:login")
    for user in (None, world["outsider"], world["insiders"]["admin"]):
        response = _client(user).get(url)
        if route.name in ("admin:login", "admin:logout", "admin:jsi18n") or route.name.startswith("admin:view_on"):
            assert response.status_code < 500
            continue
        assert _is_login_redirect(response, admin_login) or response.status_code == 404, (
            f"{url} for {user}: {response.status_code} {response.get('Location', '')}")
