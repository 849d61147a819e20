"""The session's user, read with what every page needs of it."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection


class UserWithOrganisationBackend(ModelBackend):
    """Django's ``ModelBackend`` whose ``get_user`` (run once per request for the session's user) joins the user's
    organisation and, on PostgreSQL, aggregates the names of the user's roles (groups) in the same query: the base
    layout prints the organisation, the navigation and every permission check read its type and region and the
    roles (``gazette.permissions.user_has_role``). Read lazily they were two queries of their own on most pages
    (issue #6)."""

    def get_user(self, user_id):
        user_model = get_user_model()
        qs = user_model._default_manager.select_related("organisation")
        if connection.vendor == "postgresql":
            from django.contrib.postgres.aggregates import ArrayAgg

            qs = qs.annotate(_role_names=ArrayAgg("groups__name", distinct=True, default=[]))
        try:
            user = qs.get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        names = user.__dict__.pop("_role_names", None)
        if names is not None:
            user._gazette_roles = {n for n in names if n}  # what user_has_role keeps for the request
        return user if self.user_can_authenticate(user) else None
