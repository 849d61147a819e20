"""What a case page and a case API response show about the engine's state: rule trace with articles,
history, clocks with time left, and the actions this user may take. One place, used by every app."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from gazette.deadlines.selectors import deadline_list_for_case, remaining
from gazette.ui.html import table_rows

from .engine import case_history, transitions_available, workflow_of


def trace_rows(trace: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rule-trace entries ready for display (outcome label, lapsed-regulation flag)."""
    labels = {"passed": _("符合"), "failed": _("不符合"), "not_applicable": _("不适用")}
    return [
        {**entry, "outcome_label": labels.get(entry.get("outcome", ""), entry.get("outcome", "")),
         "lapsed": entry.get("regulation_status") in ("lapsed", "superseded")}
        for entry in trace or []
    ]


def deadline_rows(case: Any, deadlines: Iterable[Any] | None = None) -> list[dict[str, Any]]:
    """The case's clocks for display; ``deadlines`` when the caller has them already (a case just created)."""
    rows = []
    for d in deadline_list_for_case(case) if deadlines is None else deadlines:
        left = remaining(d) if d.is_open else None
        rows.append({
            "kind": d.kind, "label": d.label, "rule_id": d.rule_id, "status": d.status,
            "status_label": d.get_status_display(), "started_at": d.started_at, "due_at": d.due_at,
            "provisional": d.provisional, "summary": d.explanation.get("summary", ""),
            "left": left, "recounts": d.recounts, "breach_result": d.breach_result,
        })
    return rows


# One row of a rule-trace table (templates/workflow/_rule_trace.html printed these cells with ~12 template nodes a
# row; a case page shows the case's trace and each history entry's).
TRACE_ROW = (
    '<tr>\n<td><code>{rule}</code></td>\n<td>{doc_number} {article}{lapsed}\n<div class="hint">{statement}</div></td>\n'
    '<td><span class="badge {badge}">{outcome_label}</span></td>\n<td>{message}</td>\n</tr>\n'
)
_BADGES = {"passed": "passed", "failed": "failed"}
# The rules a history entry evaluated, one line each under its comment.
HISTORY_TRACE_LINE = '<div class="hint"><code>{rule}</code> {outcome_label}：{message}</div>'


def trace_body(entries: list[dict[str, Any]] | None) -> SafeString:
    """The ``<tbody>`` rows of a rule-trace table, escaped as the template did; a row saying so when empty."""
    rows = trace_rows(entries)
    if not rows:
        return format_html('<tr><td colspan="4" class="hint">{}</td></tr>', _("暂无规则判定。"))
    lapsed = format_html(' <span class="badge lapsed">{}</span>', _("规章已失效"))
    return table_rows(TRACE_ROW, ({
        "rule": r.get("rule", ""), "doc_number": r.get("doc_number", ""), "article": r.get("article", ""),
        "lapsed": lapsed if r["lapsed"] else "", "statement": r.get("statement", ""),
        "badge": _BADGES.get(r.get("outcome", ""), "na"), "outcome_label": r["outcome_label"],
        "message": r.get("message", ""),
    } for r in rows))


_INLINE_FORMS: dict[tuple, type] = {}


def action_panel(obj: Any, user: Any) -> list[dict[str, Any]]:
    """The actions this user may take on ``obj`` now, each with its small form for the case page's action panel
    (its own fields, a comment where one is asked for); a step declared with ``confirm`` is a link to its
    confirmation page instead. Form classes are built once per action."""
    from .actions import action_form

    wf = workflow_of(obj)
    # Records whose page is a list of many (a report on the ledger page) name where their actions live.
    base = obj.actions_url() if hasattr(obj, "actions_url") else obj.get_absolute_url()
    rows = []
    for t in transitions_available(case=obj, user=user):
        # An input whose choices depend on the object (the documents of its checklist) says on what.
        form_key = getattr(t.input, "form_key", None)
        key = (wf.name, t.name, form_key(obj) if form_key else None)
        if key not in _INLINE_FORMS:
            _INLINE_FORMS[key] = type(action_form(wf=wf, t=t, obj=obj, actor=user, inline=True))
        form = _INLINE_FORMS[key](auto_id=f"id_{t.slug}_%s")
        rows.append({"t": t, "url": f"{base}{t.slug}/", "form": form, "has_fields": bool(form.fields),
                     "confirm": bool(t.confirm), "guards": t.guards,
                     "fields_html": _fields_html(key, form) if form.fields and not t.confirm else ""})
    return rows


_FIELDS_HTML: dict[tuple, SafeString] = {}


def _fields_html(key: tuple, form: Any) -> SafeString:
    """An unbound inline form's fields, rendered once per action and language: Django renders each widget through
    its template (tens of µs a field, the case page shows a dozen). Forms with a database-backed choice (a select of
    hospitals) are rendered each time, so a new choice shows at once."""
    from django import forms
    from django.template.loader import render_to_string
    from django.utils.translation import get_language

    if any(isinstance(f, forms.ModelChoiceField) for f in form.fields.values()):
        return render_to_string("workflow/_action_fields.html", {"form": form})
    cache_key = (*key, get_language())
    if cache_key not in _FIELDS_HTML:
        _FIELDS_HTML[cache_key] = render_to_string("workflow/_action_fields.html", {"form": form})
    return _FIELDS_HTML[cache_key]


def case_panel(case: Any, user: Any) -> dict[str, Any]:
    """Template context for the shared case panels (templates/workflow/_case_panels.html)."""
    return {
        "case": case,
        "rule_trace": trace_rows(case.rule_trace),
        "history": [
            {"h": h, "at": timezone.localtime(h.at).strftime("%Y-%m-%d %H:%M"),
             "trace": table_rows(HISTORY_TRACE_LINE, ({"rule": r.get("rule", ""), "outcome_label": r["outcome_label"],
                                                       "message": r.get("message", "")}
                                                      for r in trace_rows(h.rule_trace)))}
            for h in case_history(case)
        ],
        "deadlines": deadline_rows(case),
        "actions": action_panel(case, user),
        "state_value": getattr(case, workflow_of(case).field),
        "now": timezone.now(),
    }
