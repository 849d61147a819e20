"""Audit receivers for sign-in events. Lockouts come from django-axes."""

from __future__ import annotations

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from gazette.audit.services import audit_record

from .middleware import SESSION_LOGIN_AT


def _client_ip(request) -> str:
    if request is None:
        return ""
    return request.META.get("REMOTE_ADDR", "")


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_LOGIN_AT] = time.time()
    audit_record(action="auth.login", actor=user, ip=_client_ip(request), summary=f"login {user.username}")


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_record(action="auth.logout", actor=user, ip=_client_ip(request), summary=f"logout {user.username}")


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str((credentials or {}).get("username", ""))[:150]
    audit_record(
        action="auth.login_failed", ip=_client_ip(request), summary=f"failed login for {username}",
        data={"username": username},
    )


@receiver(user_locked_out)
def on_locked_out(sender, request, username=None, ip_address=None, **kwargs) -> None:
    audit_record(
        action="auth.locked_out", ip=ip_address or _client_ip(request), summary=f"account locked: {username}",
        data={"username": username or ""},
    )
