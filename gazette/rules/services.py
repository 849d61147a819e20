"""Evaluating rules for a case under the regulation in force on its reference date."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from gazette.refdata import ReferenceData

from .choices import Outcome, RegulationStatus
from .models import Regulation
from .registry import RuleError, RuleResult, jsonable, rule_get

TraceEntry = dict[str, Any]


class RuleTrace(list):
    """The outcomes of the rules evaluated for one decision, in order; stored as JSON with the case and with
    each history entry. Each entry: rule, regulation, doc_number, article, statement, outcome, message,
    message_en, figures, regulation_status."""

    @property
    def failures(self) -> list[TraceEntry]:
        return [e for e in self if e["outcome"] == Outcome.FAILED]

    @property
    def ok(self) -> bool:
        return not self.failures

    def get(self, rule_id: str) -> TraceEntry | None:
        return next((e for e in self if e["rule"] == rule_id), None)

    def messages(self) -> list[str]:
        return [f"{e['rule']}（{e['article']}）：{e['message']}" for e in self]


def _load_regulations() -> dict[str, Regulation]:
    return {r.code: r for r in Regulation.objects.prefetch_related("extensions")}


# Read-only, shared by every evaluation in the process (gazette/refdata.py); an extension recorded in the admin
# reaches every process within REFDATA_CHECK_SECONDS.
REGULATIONS = ReferenceData("regulations", _load_regulations,
                            watch=("rules.Regulation", "rules.RegulationExtension"))


def _regulations() -> dict[str, Regulation]:
    return REGULATIONS.get()


def rules_evaluate(rule_ids: Iterable[str], facts: Mapping[str, Any], *, on: date) -> RuleTrace:
    """Evaluate rules with ``facts`` for a case whose reference date is ``on``.

    A rule whose regulation is not yet in force on ``on`` is *not applicable*; one whose regulation has lapsed
    is still evaluated (the case was filed under it) but its entry carries ``regulation_status="lapsed"`` so
    users see it. A missing fact raises :class:`RuleError`: rules never guess.
    """
    regulations = _regulations()
    trace = RuleTrace()
    for rule_id in rule_ids:
        spec = rule_get(rule_id)
        regulation = regulations.get(spec.regulation)
        status = regulation.status_on(on) if regulation else RegulationStatus.IN_FORCE
        if status == RegulationStatus.NOT_YET:
            result = RuleResult(
                Outcome.NOT_APPLICABLE,
                _("参考日期%(day)s时%(doc)s尚未施行。") % {"day": on.isoformat(), "doc": regulation.doc_number},
                f"{regulation.doc_number} was not yet in force on {on.isoformat()}.",
            )
        else:
            missing = [p for p in spec.required if p not in facts]
            if missing:
                raise RuleError(f"{rule_id} needs facts {missing}")
            result = spec(**facts)
            if not isinstance(result, RuleResult):
                raise RuleError(f"{rule_id} returned {type(result).__name__}, not a RuleResult")
        trace.append(
            {
                "rule": spec.id,
                "regulation": spec.regulation,
                "doc_number": regulation.doc_number if regulation else "",
                "article": spec.article,
                "statement": spec.statement,
                "outcome": str(result.outcome),
                "message": result.message,
                "message_en": result.message_en,
                "figures": jsonable(result.figures),
                "regulation_status": str(status),
            }
        )
    return trace


def regulations_load(*, regulation_model: type[Regulation] | None = None) -> int:
    """Create or update the regulations from the fixture (idempotent). Used by the data migration too."""
    import json
    from pathlib import Path

    model = regulation_model or Regulation
    fixture = Path(__file__).resolve().parent / "fixtures" / "regulations.json"
    rows = json.loads(fixture.read_text(encoding="utf-8"))
    for row in rows:
        data = dict(row)
        code = data.pop("code")
        model.objects.update_or_create(code=code, defaults=data)
    return len(rows)


def regulation_status_list(today: date) -> list[tuple[Regulation, str]]:
    return [(r, r.status_on(today)) for r in Regulation.objects.prefetch_related("extensions").order_by("code")]
