"""One JSON error shape for the whole API: ``{"error": {"code", "message", "fields"}}``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(exceptions.APIException):
    """A stale or concurrent attempt, or an action that the case's current state does not allow (HTTP 409)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "该操作与当前状态冲突，请刷新后重试。"


_MESSAGES = {
    "not_found": "未找到该对象，或您无权查看。",
    "not_authenticated": "请先登录或提供有效的令牌。",
    "authentication_failed": "身份验证失败。",
    "permission_denied": "您无权执行此操作。",
    "method_not_allowed": "不支持该请求方法。",
    "throttled": "请求过于频繁，请稍后再试。",
    "unsupported_media_type": "不支持的内容类型。",
    "parse_error": "请求内容无法解析。",
}


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {str(k): _flatten(v) for k, v in detail.items()}
    if isinstance(detail, list):
        if all(not isinstance(x, (dict, list)) for x in detail):
            return [str(x) for x in detail]
        return [_flatten(x) for x in detail]
    return [str(detail)]


def error_response(*, code: str, message: str, fields: dict | None = None, http_status: int) -> Response:
    return Response({"error": {"code": code, "message": message, "fields": fields or {}}}, status=http_status)


def exception_handler(exc: Exception, context: dict) -> Response | None:
    from gazette.workflow.exceptions import GuardFailed, TransitionConflict, TransitionNotAllowed, WorkflowError

    if isinstance(exc, WorkflowError):
        http_status = {
            TransitionConflict: status.HTTP_409_CONFLICT,
            TransitionNotAllowed: status.HTTP_403_FORBIDDEN,
            GuardFailed: status.HTTP_422_UNPROCESSABLE_ENTITY,
        }.get(type(exc), status.HTTP_400_BAD_REQUEST)
        body = {"code": exc.code, "message": exc.message, "fields": exc.fields}
        if isinstance(exc, GuardFailed):
            body["rule_trace"] = exc.trace
        if "current_state" in exc.extra:
            body["current_state"] = exc.extra["current_state"]
        return Response({"error": body}, status=http_status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)

    response = drf_exception_handler(exc, context)
    if response is None:
        return None

    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        fields = _flatten(detail) if isinstance(detail, dict) else {"non_field_errors": _flatten(detail)}
        first = next(iter(fields.values()), [""])
        message = _("提交的数据有误：") + (first[0] if isinstance(first, list) and first else str(first))
        code = "invalid"
    else:
        code = getattr(exc, "default_code", "error")
        detail = getattr(exc, "detail", None)
        if isinstance(detail, dict):
            fields = _flatten(detail)
            message = str(next(iter(detail.values()), ""))
        else:
            fields = {}
            raw = str(detail) if detail is not None else str(exc)
            default = str(getattr(exc, "default_detail", ""))
            message = _MESSAGES.get(code, raw) if raw == default else raw
    response.data = {"error": {"code": code, "message": message, "fields": fields}}
    return response
