"""Objects for the authorisation matrix (tests/reliability/test_authz_matrix.py).

The matrix walks the URL configuration and tries every route as every role, and as an outsider from another
city, against an object owned by an organisation in Taiyuan's Xiaodian district. A route with URL arguments
(``<int:pk>``, DRF's ``(?P<pk>…)``) needs an object to point at: register here which object, made by which
factory. An unregistered object route FAILS the matrix, so no new endpoint escapes it.

To register an app's routes, add an :class:`ObjectRoutes` entry::

    ObjectRoutes(
        routes=("fund:application-*", "fund-api:application-*"),   # fnmatch on "namespace:name"
        factory=lambda org, actor: application_factory(organisation=org, ...),
        kwargs={"name": "approve"},            # values for arguments that are not the object's id
    )

``factory(organisation, actor)`` returns the object owned by ``organisation`` (``actor`` is a clerk there).
Arguments named ``pk``, ``id``, ``object_id`` or ending in ``_id``/``_pk`` get the object's pk; ``marker(obj)``
(default: its ``reference``) is text that must not appear in any page an outsider can open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fnmatch import fnmatch
from typing import Any


@dataclass(frozen=True)
class ObjectRoutes:
    routes: tuple[str, ...]
    factory: Callable[[Any, Any], Any]
    kwargs: dict[str, Any] = field(default_factory=dict)
    marker: Callable[[Any], str] = lambda obj: str(obj.reference)

    def matches(self, name: str) -> bool:
        return any(fnmatch(name, pattern) for pattern in self.routes)


def _permit(organisation, actor):
    from gazette.workflow.engine import case_create
    from tests.workflow_app.models import Permit

    return case_create(
        model=Permit, actor=actor, reference_date=date(2026, 11, 2), region=organisation.region,
        organisation=organisation, fields={"applicant": "授权矩阵申请人", "amount": Decimal("1000.00")},
    )


OBJECT_ROUTES: list[ObjectRoutes] = [
    ObjectRoutes(routes=("workflow_app:permit-*", "workflow_app-api:permit-*"), factory=_permit,
                 kwargs={"name": "submit", "transition": "submit"}),
]


def object_routes_for(name: str) -> ObjectRoutes | None:
    return next((entry for entry in OBJECT_ROUTES if entry.matches(name)), None)
