"""Opening a notification marks it read and goes to what it is about."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .selectors import notification_list


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """消息: the first opening records ``read_at`` (an organisation's message is read once any member opens it) and the
    message leaves the inbox; the browser goes on to the message's page (only a page of this site)."""
    note = get_object_or_404(notification_list(user=request.user), pk=pk)
    if note.read_at is None:
        type(note).objects.filter(pk=note.pk, read_at=None).update(read_at=timezone.now())
    target = note.url if note.url and url_has_allowed_host_and_scheme(
        note.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()) else reverse("ui:inbox")
    return redirect(target)


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    """全部标为已读: every unread message of the user and of the user's organisation."""
    notification_list(user=request.user).filter(read_at=None).update(read_at=timezone.now())
    return redirect(reverse("ui:inbox"))
