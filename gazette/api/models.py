"""Models of the API layer: the first answers of idempotent POSTs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotentRequest(models.Model):
    """The first answer to a POST carrying an Idempotency-Key; a retry with the same key by the same user gets it
    again. Used by every creating or money-moving endpoint of every app (``gazette.api.idempotency``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=128)
    path = models.CharField(max_length=200)
    status_code = models.PositiveSmallIntegerField(default=0)
    body = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("幂等请求")
        verbose_name_plural = _("幂等请求")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="api_idempotency_unique")]

    def __str__(self) -> str:
        return self.key
