"""Monitoring systems authenticate with their own token: ``Authorization: Monitor <token>``. Only its SHA-256 is
stored; the request's principal is the system, acting for its operator only."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from ..models import MonitoringSystem

KEYWORD = "Monitor"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def monitoring_system_create(*, name: str, operator: Any, token: str | None = None) -> tuple[MonitoringSystem, str]:
    """A new monitoring system with its token (shown once: only its hash is kept)."""
    token = token or secrets.token_urlsafe(32)
    system = MonitoringSystem.objects.create(name=name, operator=operator, token_hash=token_hash(token),
                                             token_hint=token[:6])
    return system, token


class SystemPrincipal:
    """``request.user`` for a monitoring system: authenticated, no roles, no staff rights."""

    is_authenticated = True
    is_active = True
    is_staff = False
    is_superuser = False
    is_anonymous = False
    pk = None
    id = None

    def __init__(self, system: MonitoringSystem) -> None:
        self.system = system
        self.organisation = system.operator
        self.username = f"monitor:{system.pk}"

    def __str__(self) -> str:
        return self.system.name


class MonitoringSystemAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace") != KEYWORD:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("监测系统令牌格式应为：Monitor <token>")
        system = MonitoringSystem.objects.select_related("operator").filter(
            token_hash=token_hash(header[1].decode(errors="replace")), active=True).first()
        if system is None:
            raise exceptions.AuthenticationFailed("监测系统令牌无效或已停用。")
        return SystemPrincipal(system), system

    def authenticate_header(self, request) -> str:
        return KEYWORD


class IsMonitoringSystem(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, MonitoringSystem)


class MonitoringAuthScheme(OpenApiAuthenticationExtension):
    target_class = "tailings.api.authentication.MonitoringSystemAuthentication"
    name = "monitoringToken"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Monitor <token>: an operator's online monitoring system (第二十六条)"}
