"""The session's user, read with what every page needs of it."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserWithOrganisationBackend(ModelBackend):
    """Django's ``ModelBackend`` whose ``get_user`` (run once per request for the session's user) joins the user's
    organisation: the base layout prints it, the navigation and every permission check read its type and region.
    Read lazily it was a query of its own on every page (issue #6)."""

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("organisation").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
