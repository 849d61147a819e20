"""Declarative workflows.

An app's ``workflow.py`` declares its states and transitions as data::

    REVIEW = DeadlineSpec(kind="review", label="审核期限", rule_id="FUND-A29", amount=3, unit="workdays",
                          on_breach=Breach.ESCALATE)
    WORKFLOW = Workflow(
        name="fund.application",
        field="state",
        transitions=[
            Transition("accept", source=S.RECEIVED, target=S.UNDER_REVIEW, label="受理",
                       start_deadlines=(REVIEW,)),
            Transition("approve", source=S.AWAITING_APPROVAL, target=S.APPROVED, label="批准",
                       guards=("FUND-A21",), stop_deadlines=("approval",)),
        ],
        facts=application_facts,            # case -> dict of facts for the guard rules
    )

and its model mixes in ``WORKFLOW.model_mixin()`` so that django-fsm-2 knows every transition (source states,
target, protected field). The engine (``gazette.workflow.engine``) performs them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import datetime
from typing import Any

from django.db import models
from django_fsm import transition as fsm_transition


class Breach(models.TextChoices):
    """What happens when a deadline falls due without being met."""

    NOTIFY = "notify", "通知承办单位"
    ESCALATE = "escalate", "通知并报告上级单位"
    TRANSITION = "transition", "自动流转"
    HANDLER = "handler", "自定义处理"


@dataclass(frozen=True)
class DeadlineSpec:
    """A statutory clock started by a transition.

    ``amount`` may be a number or a function of the case; ``start`` a function returning the moment the period
    starts (default: the transition time). ``on_breach`` is one of :class:`Breach`; for ``TRANSITION`` name the
    transition in ``breach_transition``, for ``HANDLER`` a registered handler in ``breach_handler``.
    ``warn_workdays`` sends a soon-due warning that many working days before the end (hours periods: 25 %).
    """

    kind: str
    label: str
    rule_id: str
    amount: int | Callable[[Any], int]
    unit: str
    on_breach: str = Breach.NOTIFY
    breach_transition: str = ""
    breach_handler: str = ""
    warn_workdays: int = 1
    start: Callable[[Any], datetime] | None = None
    responsible: Callable[[Any], Any] | None = None  # case -> Organisation (default: the case's organisation)

    def amount_for(self, case: Any) -> int:
        return self.amount(case) if callable(self.amount) else int(self.amount)


@dataclass(frozen=True)
class Transition:
    name: str
    source: str | Sequence[str]
    target: str
    label: str
    label_en: str = ""
    guards: tuple[str, ...] = ()
    start_deadlines: tuple[DeadlineSpec, ...] = ()
    stop_deadlines: tuple[str, ...] = ()      # kinds closed as met; "*" closes every running clock
    cancel_deadlines: tuple[str, ...] = ()    # kinds closed as cancelled (no longer applicable)
    pause_deadlines: tuple[str, ...] = ()
    resume_deadlines: tuple[str, ...] = ()
    apply: Callable[..., None] | None = None  # (case, *, actor, data) -> None: set fields as part of the move
    effects: tuple[Callable[..., None], ...] = ()  # (case, history) -> None, run after commit
    requires_comment: bool = False
    style: str = ""                            # "primary" / "danger" for buttons
    system: bool = False                       # only the engine performs it (e.g. on a deadline breach)

    @property
    def sources(self) -> tuple[str, ...]:
        return (self.source,) if isinstance(self.source, str) else tuple(self.source)


@dataclass
class Workflow:
    name: str
    transitions: Iterable[Transition]
    field: str = "state"
    facts: Callable[[Any], dict[str, Any]] | None = None
    # Separation of duties (职责分离): groups of transition names no single account may combine on one case,
    # e.g. (("create", "submit", "approve", "pay"),). "create" is the case's creation.
    separation_of_duties: tuple[tuple[str, ...], ...] = ()
    _by_name: dict[str, Transition] = dc_field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.transitions = tuple(self.transitions)
        for t in self.transitions:
            if t.name in self._by_name:
                raise ValueError(f"{self.name}: transition {t.name} declared twice")
            self._by_name[t.name] = t

    def conflicting(self, name: str) -> set[str]:
        """The other transitions that the performer of ``name`` must not have performed on the same case."""
        return {other for group in self.separation_of_duties if name in group for other in group if other != name}

    def get(self, name: str) -> Transition | None:
        return self._by_name.get(name)

    def from_state(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources or "*" in t.sources]

    def case_facts(self, case: Any, *, actor: Any = None) -> dict[str, Any]:
        """Facts for the guard rules. A ``facts`` function that accepts ``actor`` gets the acting user, for rules
        that depend on who acts (e.g. "decided by the lead department at city level or above")."""
        if not self.facts:
            return {}
        if "actor" in inspect.signature(self.facts).parameters:
            return self.facts(case, actor=actor)
        return self.facts(case)

    def model_mixin(self) -> type:
        """An abstract model mixin with one django-fsm transition method per declared transition."""
        attrs: dict[str, Any] = {"__module__": __name__, "Meta": type("Meta", (), {"abstract": True})}
        for t in self.transitions:
            attrs[t.name] = _make_method(self.field, t)
        attrs["WORKFLOW"] = self
        return type(f"{self.name.replace('.', '_').title()}WorkflowMixin", (models.Model,), attrs)


def _make_method(field_name: str, t: Transition) -> Callable[..., None]:
    def method(self: Any, *, actor: Any = None, data: dict[str, Any] | None = None) -> None:
        if t.apply is not None:
            t.apply(self, actor=actor, data=data or {})

    method.__name__ = t.name
    method.__doc__ = t.label
    source = "*" if "*" in t.sources else list(t.sources)
    return fsm_transition(field=field_name, source=source, target=t.target)(method)
