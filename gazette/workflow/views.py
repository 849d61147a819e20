"""The pages of declared actions, for every app: ``GET /<app>/<collection>/<id>/<action>/`` shows the action's form
(its confirmation step where declared), ``POST`` performs it. A failed attempt shows the form again with what was
typed and the reason (the field's error, the rule that failed with its article, or the state it is in now)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError as InputError

from gazette.permissions import get_visible_or_404

from .actions import action_form, action_run
from .engine import transitions_available, workflow_of
from .exceptions import GuardFailed, TransitionConflict, WorkflowError
from .presenters import trace_rows


def _errors(exc: InputError | ValidationError) -> dict[str, list[str]]:
    if isinstance(exc, InputError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"__all__": exc.detail}
        return {k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in detail.items()}
    if hasattr(exc, "error_dict"):
        return {k: list(v) for k, v in exc.message_dict.items()}
    return {"__all__": list(exc.messages)}


@login_required
def action_page(request: HttpRequest, *, model: str, pk: int, action: str) -> HttpResponse:
    """One declared action of one object: out of reach is a 404, an unknown or system action a 404."""
    obj = get_visible_or_404(request.user, model, pk=pk)
    wf = workflow_of(obj)
    t = wf.get_by_slug(action)
    if t is None or t.system:
        raise Http404
    back = obj.get_absolute_url()
    status = 200
    failure: dict[str, Any] = {}
    data = errors = None
    if request.method == "POST":
        try:
            result = action_run(wf=wf, t=t, obj=obj, actor=request.user, raw=request.POST, files=request.FILES)
        except InputError as exc:
            data, errors, status = request.POST, _errors(exc), 400
        except ValidationError as exc:
            data, errors, status = request.POST, _errors(exc), 400
        except GuardFailed as exc:
            data, status = request.POST, 422
            failure = {"message": exc.message, "trace": trace_rows(exc.trace)}
            errors = exc.fields or None
        except TransitionConflict as exc:
            messages.error(request, exc.message)
            return redirect(back)
        except WorkflowError as exc:
            data, status = request.POST, 403
            failure = {"message": exc.message}
        else:
            messages.success(request, _("已办理：%(action)s。当前状态：%(state)s") % {
                "action": result.history.transition_label, "state": result.case.state_label})
            return redirect(back)
    available = t in transitions_available(case=obj, user=request.user)
    if request.method == "GET" and not available:
        messages.error(request, _("当前不能办理「%(action)s」。") % {"action": t.label})
        return redirect(back)
    form = action_form(wf=wf, t=t, obj=obj, actor=request.user, data=data, errors=errors)
    return render(request, "workflow/action.html", {
        "obj": obj, "t": t, "form": form, "failure": failure, "back": back,
        "expected_state": request.POST.get("expected_state") if data is not None else getattr(obj, wf.field),
        "guards": t.guards,
    }, status=status)


def action_urls(prefix: str, model: str, *, name: str) -> list:
    """The URL of every declared action of ``model`` under ``prefix`` (``"applications"`` gives
    ``applications/<pk>/<action>/``), named ``<name>`` in the app's namespace. Put it after the app's own
    ``<prefix>/<pk>/<word>/`` pages so that those win."""
    base = f"{prefix}/" if prefix else ""
    return [path(f"{base}<int:pk>/<slug:action>/", action_page, {"model": model}, name=name)]
