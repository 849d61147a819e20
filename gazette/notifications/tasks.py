from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import timezone

from .models import Notification


@shared_task(name="gazette.notifications.email")
def notification_email(notification_id: int) -> int:
    """Email a notification to its recipient, or to every active user of its organisation with an address.

    Safe to run twice: the row is claimed with a conditional update before anything is sent.
    """
    if not Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(emailed_at=timezone.now()):
        return 0
    note = Notification.objects.get(pk=notification_id)
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if note.recipient_id:
        users = users.filter(pk=note.recipient_id)
    else:
        users = users.filter(organisation_id=note.organisation_id)
    addresses = list(users.values_list("email", flat=True))
    if not addresses:
        return 0
    return send_mail(note.title, f"{note.body}\n\n{note.url}".strip(), None, addresses, fail_silently=False)


@shared_task(name="gazette.notifications.email_batch")
def notification_email_batch(notification_ids: list[int]) -> int:
    """Email a batch of notifications (each claimed on its own, so a retry sends nothing twice)."""
    return sum(notification_email(pk) for pk in notification_ids)
