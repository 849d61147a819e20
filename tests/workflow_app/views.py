"""Pages of the test case type, shaped like a regulation app's: list, detail, action (scoped by visible())."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.html import escape

from gazette.permissions import get_visible_or_404, visible

from .models import Permit


def _page(lines: list[str]) -> HttpResponse:
    return HttpResponse("<!doctype html><ul>" + "".join(f"<li>{escape(x)}</li>" for x in lines) + "</ul>")


@login_required
def permit_list(request: HttpRequest) -> HttpResponse:
    return _page([f"{p.reference} {p.applicant}" for p in visible(request.user, Permit).order_by("-id")[:100]])


@login_required
def permit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    permit = get_visible_or_404(request.user, Permit, pk=pk)
    return _page([permit.reference, permit.applicant, permit.state_label])
