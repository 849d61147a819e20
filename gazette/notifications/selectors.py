from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from gazette.ui.inbox import InboxEntry

from .models import Notification


def notification_list(*, user) -> QuerySet[Notification]:
    q = Q(recipient=user)
    if getattr(user, "organisation_id", None):
        q |= Q(organisation_id=user.organisation_id, recipient__isnull=True)
    return Notification.objects.filter(q)


def inbox_provider(user) -> Iterable[InboxEntry]:
    kinds = dict(Notification._meta.get_field("kind").choices)
    for note in notification_list(user=user).filter(read_at__isnull=True)[:50]:
        yield InboxEntry(
            title=note.title, url=reverse("notifications:open", args=[note.pk]),
            kind=str(kinds.get(note.kind, _("通知"))), state=_("未读"),
            urgency="overdue" if note.kind in ("breached", "escalated") else "normal", rule_id="", unread_message=True,
        )
