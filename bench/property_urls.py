"""The project's URLs plus the baseline of bench_property: ``/bench/bare-notices/``, a bare view printing the
newest 50 postings' titles and dates by primary key. Bench only."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from gazette.notices.models import PublicNotice


def bare_notices(request: HttpRequest) -> HttpResponse:
    rows = PublicNotice.objects.order_by("-pk").values_list("title", "starts_at", "ends_at")[:50]
    return HttpResponse("\n".join(f"<p>{t} {s:%Y-%m-%d} {e:%Y-%m-%d}</p>" for t, s, e in rows))


urlpatterns = [path("bench/bare-notices/", bare_notices), path("", include("gazette.urls"))]
