"""Sending notifications: an inbox row now, an email after commit."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import Notification


def notification_send(
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    reference: str = "",
    organisation: Any = None,
    recipient: Any = None,
) -> Notification:
    """Create an inbox entry for a user or an organisation and queue the email on commit."""
    if organisation is None and recipient is None:
        raise ValueError("a notification needs a recipient or an organisation")
    note = Notification.objects.create(
        kind=kind, title=title[:200], body=body, url=url, reference=reference,
        organisation=organisation, recipient=recipient,
    )
    from .tasks import notification_email

    transaction.on_commit(lambda: notification_email.delay(note.pk))
    return note


def notifications_send_bulk(notes: list[Notification]) -> list[Notification]:
    """Create many inbox entries in one query and queue one email task for all of them after commit."""
    if not notes:
        return []
    created = Notification.objects.bulk_create(notes)
    ids = [n.pk for n in created]
    from .tasks import notification_email_batch

    transaction.on_commit(lambda: notification_email_batch.delay(ids))
    return created
