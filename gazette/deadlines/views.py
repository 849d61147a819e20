from __future__ import annotations

from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import deadline_list_overdue, remaining


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    """逾期事项: overdue deadlines per organisation within the user's jurisdiction."""
    page = Paginator(deadline_list_overdue(user=request.user), 100).get_page(request.GET.get("page"))
    rows = [(d, remaining(d)) for d in page.object_list]
    groups = [(org, list(items)) for org, items in groupby(rows, key=lambda r: r[0].organisation)]
    return render(request, "deadlines/overdue.html", {"groups": groups, "page": page})
