"""The one way to write an audit row."""

from __future__ import annotations

from typing import Any

from .masking import mask_text
from .models import AuditEvent


def audit_record(
    *,
    action: str,
    actor: Any = None,
    obj: Any = None,
    summary: str = "",
    data: dict[str, Any] | None = None,
    ip: str = "",
) -> AuditEvent:
    """Append an audit row. ``summary`` is masked: personal data never reaches the log in clear."""
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=actor_obj,
        actor_name=getattr(actor_obj, "username", "") or "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=mask_text(summary)[:255],
        data=data or {},
        ip=ip or "",
    )
