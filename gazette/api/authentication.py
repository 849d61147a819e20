"""API authentication: DRF's token scheme, reading the user's organisation with the token."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token


class TokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>``. Every API request scopes what it shows by the user's organisation, so the
    organisation comes in the token's query instead of a second one (issue #6: one statement less per request)."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        try:
            token = Token.objects.select_related("user__organisation").get(key=key)
        except Token.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None  # DRF's message and translation
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return token.user, token
