"""What a case page and a case API response show about the engine's state: rule trace with articles,
history, clocks with time left, and the actions this user may take. One place, used by every app."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from gazette.deadlines.selectors import deadline_list_for_case, remaining

from .engine import case_history, transitions_available


def trace_rows(trace: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rule-trace entries ready for display (outcome label, lapsed-regulation flag)."""
    labels = {"passed": "符合", "failed": "不符合", "not_applicable": "不适用"}
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


def case_panel(case: Any, user: Any) -> dict[str, Any]:
    """Template context for the shared case panels (templates/workflow/_case_panels.html)."""
    return {
        "case": case,
        "rule_trace": trace_rows(case.rule_trace),
        "history": [
            {"h": h, "trace": trace_rows(h.rule_trace)} for h in case_history(case)
        ],
        "deadlines": deadline_rows(case),
        "actions": transitions_available(case=case, user=user),
        "now": timezone.now(),
    }
