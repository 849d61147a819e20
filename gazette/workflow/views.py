"""Shared view helpers for performing a transition from a browser form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .engine import transition_perform
from .exceptions import TransitionNotAllowed, WorkflowError


def action_post(request: HttpRequest, *, case: Any, name: str, data: dict[str, Any] | None = None,
                redirect_to: str | None = None) -> HttpResponse:
    """Perform ``name`` from a posted form (comment, expected_state) and come back with a clear message.
    A conflict, a refused permission or a failed rule becomes a Chinese error message, never a 500."""
    target = redirect_to or case.get_absolute_url()
    try:
        result = transition_perform(
            case=case, name=name, actor=request.user, comment=request.POST.get("comment", ""),
            expected_state=request.POST.get("expected_state") or None, data=data,
        )
    except TransitionNotAllowed as exc:
        messages.error(request, exc.message)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已办理：%(action)s。当前状态：%(state)s") % {
            "action": result.history.transition_label, "state": result.case.state_label})
    return redirect(target)
