from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gazette.workflow.selectors import work_counts

from .inbox import inbox_body, inbox_entries


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("ui:inbox")
    return redirect("login")


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """我的待办: everything waiting for the user's organisation, soonest deadline first."""
    app, urgency = request.GET.get("app", ""), request.GET.get("urgency", "")
    entries = inbox_entries(request.user, app=app, urgency=urgency)
    return render(request, "ui/inbox.html", {
        "entries": entries, "body": inbox_body(entries), "counts": work_counts(request.user),
        "app": app, "urgency": urgency, "filtered": bool(app or urgency),
        "unread_messages": any(e.unread_message for e in entries)})
