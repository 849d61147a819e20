from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

SESSION_LOGIN_AT = "gazette_login_at"


class AbsoluteSessionLimitMiddleware:
    """Ends any session older than SESSION_ABSOLUTE_SECONDS since sign-in, however active it was.

    The idle limit is Django's own (SESSION_COOKIE_AGE renewed on every request); this adds the absolute one.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            started = request.session.get(SESSION_LOGIN_AT)
            if started is None:
                request.session[SESSION_LOGIN_AT] = time.time()
            elif time.time() - float(started) > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("登录已超过12小时，请重新登录。"))
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class NoStoreForAuthenticatedMiddleware:
    """``Cache-Control: no-store, private`` and ``Pragma: no-cache`` on every response to a signed-in user or an
    API client with credentials: such pages may carry personal data, which no browser or proxy cache may keep
    (issue 7, ASVS V8.2.1)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)  # DRF copies a token-authenticated user back onto the request
        if (user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META:
            if "no-store" not in response.get("Cache-Control", ""):
                response["Cache-Control"] = "no-store, private"
            response["Pragma"] = "no-cache"
        return response
