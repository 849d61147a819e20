"""One permission mechanism for the whole project.

- **Scoping** (reads): each model that users list or look up registers one ``visible_to(user) -> QuerySet``
  function; lists, lookups, the API and templates all go through ``visible(user, model)``. An object outside
  it is a 404, never a 403.
- **Policies** (actions): ``@policy("fund.application", "approve")`` registers ``fn(user, obj) -> bool``;
  ``user_can(user, "approve", obj)`` answers it. No policy registered means *no*.
- **Jurisdiction**: ``jurisdiction_q(user)`` filters rows by the user's organisation's region subtree; a
  provincial organisation sees the province, a county clerk the county.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404

PolicyFn = Callable[[Any, Any], bool]
ScopeFn = Callable[[Any], QuerySet]

_POLICIES: dict[tuple[str, str], PolicyFn] = {}
_SCOPES: dict[str, ScopeFn] = {}


def _label(model_or_obj: Any) -> str:
    if isinstance(model_or_obj, str):
        return model_or_obj.lower()
    return model_or_obj._meta.label_lower


def policy(model_label: str, action: str) -> Callable[[PolicyFn], PolicyFn]:
    """Register the policy function deciding whether a user may perform ``action`` on objects of a model."""

    def register(fn: PolicyFn) -> PolicyFn:
        _POLICIES[(model_label.lower(), action)] = fn
        return fn

    return register


def scope(model_label: str) -> Callable[[ScopeFn], ScopeFn]:
    """Register the scoping function: every object of the model that ``user`` may see."""

    def register(fn: ScopeFn) -> ScopeFn:
        _SCOPES[model_label.lower()] = fn
        return fn

    return register


def user_can(user: Any, action: str, obj: Any) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    fn = _POLICIES.get((_label(obj), action))
    if fn is None:
        return False
    return bool(fn(user, obj))


def visible(user: Any, model: type[Model] | str) -> QuerySet:
    """Everything of ``model`` that ``user`` may see. Unregistered models are visible to nobody."""
    label = _label(model)
    fn = _SCOPES.get(label)
    if fn is None or user is None or not getattr(user, "is_authenticated", False):
        from django.apps import apps

        return apps.get_model(label).objects.none()
    return fn(user)


def get_visible_or_404(user: Any, model: type[Model] | str, **lookup: Any) -> Any:
    try:
        return visible(user, model).get(**lookup)
    except (ObjectDoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def jurisdiction_q(user: Any, *, region_field: str = "region") -> Q:
    """Rows whose region lies within the user's organisation's region (all rows for superusers)."""
    if getattr(user, "is_superuser", False):
        return Q()
    organisation = getattr(user, "organisation", None)
    if organisation is None:
        return Q(pk__in=[])
    # The region codes of the subtree, not a LIKE on the joined region's path: combined with OR (cases an office
    # is named on), a join condition forces a sequential scan of the whole case table (360 ms at 200,000 fund
    # applications), while a list of codes is a bitmap index scan on the foreign key (see bench/README.md).
    return Q(**{f"{region_field}__in": jurisdiction_codes(organisation)})


def jurisdiction_codes(organisation: Any) -> list[str]:
    """The codes of the organisation's region and every region under it, from the process's copy of the region
    tree (``gazette.orgs.selectors.REGIONS``: no query, and a region edited anywhere reaches every process within
    REFDATA_CHECK_SECONDS); cached on the organisation object as well."""
    codes = getattr(organisation, "_jurisdiction_codes", None)
    if codes is None:
        from gazette.orgs.selectors import REGIONS

        tree = REGIONS.get()
        own = tree.get(organisation.region_id)
        codes = sorted(code for code, r in tree.items() if own is not None and r.path.startswith(own.path))
        organisation._jurisdiction_codes = codes
    return codes


def user_has_role(user: Any, *codes: str) -> bool:
    """True when the user holds any of the roles (groups). Cached per request on the user object."""
    if not getattr(user, "is_authenticated", False):
        return False
    names = getattr(user, "_gazette_roles", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._gazette_roles = names
    return bool(names & set(codes))


# --- Per-object grants (django-guardian) -------------------------------------------------------------------------
# Where a person is named on a case (a hospital's own application, the two assigned investigators), the app
# grants them a permission on that one object. Apps declare direct foreign-key permission models
# (``class ClueUserObjectPermission(UserObjectPermissionBase): content_object = ForeignKey(Clue, ...)``) so the
# lookups are indexed joins, not generic ones.


def _perm_name(perm: str, obj: Any) -> str:
    return perm if "." in perm else f"{obj._meta.app_label}.{perm}"


def grant(user: Any, perm: str, obj: Any) -> None:
    """Grant ``user`` the permission ``perm`` (e.g. ``"view_clue"``) on ``obj`` alone."""
    from guardian.shortcuts import assign_perm

    assign_perm(_perm_name(perm, obj), user, obj)


def revoke(user: Any, perm: str, obj: Any) -> None:
    from guardian.shortcuts import remove_perm

    remove_perm(_perm_name(perm, obj), user, obj)


def has_grant(user: Any, perm: str, obj: Any) -> bool:
    """True when ``user`` holds ``perm`` on this object through a per-object grant (global rights ignored)."""
    if not getattr(user, "is_authenticated", False):
        return False
    from guardian.core import ObjectPermissionChecker

    return ObjectPermissionChecker(user).has_perm(_perm_name(perm, obj).split(".", 1)[1], obj)


def granted_q(user: Any, perm: str, model: type[Model]) -> Q:
    """A filter for the objects of ``model`` on which ``user`` holds ``perm`` through a per-object grant."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    from guardian.shortcuts import get_objects_for_user

    codename = perm.split(".", 1)[-1]
    objects = get_objects_for_user(
        user, f"{model._meta.app_label}.{codename}", klass=model, with_superuser=False, accept_global_perms=False
    )
    return Q(pk__in=objects.values("pk"))
