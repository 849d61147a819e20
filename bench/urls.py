"""The project's URLs plus the two baselines of bench_fund: ``/bench/bare/`` (a bare Django view returning the
newest N rows of the fund application table by primary key) and ``/api/v1/bench/minimal/`` (a minimal DRF
endpoint: token auth, a tiny JSON body in and out, no database write). Bench only (see bench/settings.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from fund.models import Application


def bare_rows(request: HttpRequest) -> HttpResponse:
    n = int(request.GET.get("n", 50))
    rows = Application.objects.order_by("-pk").values_list("reference", "state", "created_at")[:n]
    return HttpResponse("\n".join(f"<p>{ref} {state} {at:%Y-%m-%d}</p>" for ref, state, at in rows))


class _Minimal(serializers.Serializer):
    kind = serializers.CharField(max_length=16)


class MinimalView(APIView):
    def post(self, request):
        payload = _Minimal(data=request.data)
        payload.is_valid(raise_exception=True)
        return Response({"kind": payload.validated_data["kind"], "ok": True}, status=201)


urlpatterns = [
    path("bench/bare/", bare_rows),
    path("api/v1/bench/minimal/", MinimalView.as_view()),
    path("", include("gazette.urls")),
]
