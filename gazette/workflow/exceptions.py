"""Errors of the workflow engine; the API maps them to HTTP statuses (409, 404, 422)."""

from __future__ import annotations

from typing import Any


class WorkflowError(Exception):
    code = "workflow_error"

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        self.extra = extra


class TransitionConflict(WorkflowError):  # noqa: N818 - reads as the HTTP meaning
    """The case is not in a state that allows the action, or it changed since the user loaded it (409)."""

    code = "conflict"


class TransitionNotAllowed(WorkflowError):  # noqa: N818
    """The user may not perform this action on this case (the API answers 404 when the case is out of reach)."""

    code = "permission_denied"


class GuardFailed(WorkflowError):  # noqa: N818
    """A rule guarding the transition failed; ``trace`` says which and why (422)."""

    code = "rule_failed"

    def __init__(self, message: str, *, trace: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.trace = trace
