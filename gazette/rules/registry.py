"""The rule registry.

A rule is a pure function registered with its id (``FUND-A22``), regulation, article and a one-line statement.
It takes the facts it needs as keyword arguments and returns a :class:`RuleResult` made with ``passed()``,
``failed()`` or ``not_applicable()``. Rules never touch the database::

    @rule("FUND-A22", regulation="FUND-2022", article="第二十二条",
          statement="第7日后的垫付费用按金额分级审批")
    def approval_tier(*, post_day7_amount: Decimal) -> RuleResult:
        ...
        return passed("需市联席办审批", "City office approves", tier="city", amount=post_day7_amount)
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from .choices import Outcome


@dataclass(frozen=True)
class RuleResult:
    outcome: str
    message: str
    message_en: str = ""
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return self.outcome == Outcome.PASSED

    @property
    def failed(self) -> bool:
        return self.outcome == Outcome.FAILED


def passed(message: str, message_en: str = "", **figures: Any) -> RuleResult:
    return RuleResult(Outcome.PASSED, message, message_en, figures)


def failed(message: str, message_en: str = "", **figures: Any) -> RuleResult:
    return RuleResult(Outcome.FAILED, message, message_en, figures)


def not_applicable(message: str, message_en: str = "", **figures: Any) -> RuleResult:
    return RuleResult(Outcome.NOT_APPLICABLE, message, message_en, figures)


@dataclass(frozen=True)
class RuleSpec:
    id: str
    regulation: str
    article: str
    statement: str
    statement_en: str
    fn: Callable[..., RuleResult]
    params: tuple[str, ...]
    required: tuple[str, ...] = ()

    def __call__(self, **facts: Any) -> RuleResult:
        return self.fn(**{k: facts[k] for k in self.params if k in facts})


class RuleError(Exception):
    """A rule was called without the facts it needs, or returned something that is not a RuleResult."""


_REGISTRY: dict[str, RuleSpec] = {}


def rule(
    rule_id: str, *, regulation: str, article: str, statement: str, statement_en: str = ""
) -> Callable[[Callable[..., RuleResult]], Callable[..., RuleResult]]:
    """Register a rule function under ``rule_id`` (e.g. ``FUND-A22``); the function is returned unchanged."""

    def register(fn: Callable[..., RuleResult]) -> Callable[..., RuleResult]:
        params = tuple(
            name for name, p in inspect.signature(fn).parameters.items()
            if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)
        )
        signature = inspect.signature(fn).parameters
        required = tuple(name for name in params if signature[name].default is inspect.Parameter.empty)
        existing = _REGISTRY.get(rule_id)
        if existing is not None and existing.fn.__qualname__ != fn.__qualname__:
            raise RuleError(f"rule id {rule_id} registered twice ({existing.fn.__qualname__}, {fn.__qualname__})")
        _REGISTRY[rule_id] = RuleSpec(rule_id, regulation, article, statement, statement_en, fn, params, required)
        fn.rule_id = rule_id  # type: ignore[attr-defined]
        return fn

    return register


def rule_get(rule_id: str) -> RuleSpec:
    try:
        return _REGISTRY[rule_id]
    except KeyError as exc:
        raise RuleError(f"unknown rule {rule_id}") from exc


def rule_list() -> list[RuleSpec]:
    return sorted(_REGISTRY.values(), key=lambda r: r.id)


def jsonable(value: Any) -> Any:
    """Figures are stored in JSON: Decimal as a string with its places, dates in ISO format."""
    if isinstance(value, Decimal):
        return f"{value:.2f}" if value.as_tuple().exponent >= -2 else str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(v) for v in value]
    if hasattr(value, "value") and hasattr(value, "label"):  # a TextChoices member
        return value.value
    return value
