from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness: the database answers and the broker accepts a connection."""
    from gazette.celery import app as celery_app

    checks: dict[str, str] = {}
    ok = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - a health check reports failures, it does not raise
        checks["database"] = f"error: {exc.__class__.__name__}"
        ok = False
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        checks["broker"] = "ok"
    except Exception as exc:  # noqa: BLE001 - a health check reports failures, it does not raise
        checks["broker"] = f"error: {exc.__class__.__name__}"
        ok = False
    from django.core.cache import cache

    from .tasks import HEARTBEAT_KEY

    # Informational: a missing heartbeat does not fail the probe (beat may just have started).
    checks["worker_heartbeat"] = cache.get(HEARTBEAT_KEY) or "none yet"
    return JsonResponse({"status": "ok" if ok else "error", "checks": checks}, status=200 if ok else 503)


def _api_error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, "fields": {}}}, status=status,
                        json_dumps_params={"ensure_ascii": False})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 for a URL that matches no route: the shared JSON error shape under /api/ (clients and the documented
    schema expect JSON there), the HTML page elsewhere."""
    if request.path.startswith("/api/"):
        return _api_error("not_found", "未找到该对象，或您无权查看。", 404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return _api_error("server_error", "服务器内部错误，已记录，请稍后重试。", 500)
    return defaults.server_error(request)
