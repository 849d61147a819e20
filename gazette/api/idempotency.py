"""Idempotent POSTs for every app: a client that retries a creating or money-moving request with the same
``Idempotency-Key`` gets the first answer again instead of a second case or a second payment."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from .models import IdempotentRequest

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key", str, OpenApiParameter.HEADER, required=False,
    description="重试同一请求时携带相同的键（最长128字符），返回首次结果而不重复办理；首次结果的响应头含 "
                "Idempotent-Replayed: true 时表示为重放。")


def jsonable_body(data: Any) -> Any:
    """A response body as plain JSON (Decimals and dates as the renderer writes them), for storing."""
    return json.loads(JSONRenderer().render(data))


def idempotent(request: Request, run: Callable[[], tuple[int, Any]]) -> Response:
    """Run ``run() -> (status, body)`` once per Idempotency-Key of the user. A retry with the same key gets the
    first answer again (header ``Idempotent-Replayed: true``); a concurrent retry waits on the key's unique index
    until the first commits. An error raised by ``run`` rolls the key back with everything else, so the client may
    retry after fixing its input. Without a key every request runs."""
    key = (request.headers.get("Idempotency-Key") or "").strip()[:128]
    if not key:
        code, body = run()
        return Response(body, status=code)
    with transaction.atomic():
        record, created = IdempotentRequest.objects.get_or_create(user=request.user, key=key,
                                                                  defaults={"path": request.path[:200]})
        if not created and record.path != request.path[:200]:
            return Response({"error": {"code": "idempotency_key_reused", "fields": {},
                                       "message": "该幂等键已用于另一个请求，请换用新的键。"}}, status=422)
        if not created:
            return Response(record.body, status=record.status_code, headers={"Idempotent-Replayed": "true"})
        code, body = run()
        body = jsonable_body(body)
        record.status_code, record.body = code, body
        record.save(update_fields=["status_code", "body"])
    return Response(body, status=code)
