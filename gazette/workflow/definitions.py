"""Declarative workflows.

An app's ``workflow.py`` declares its states and transitions as data::

    REVIEW = DeadlineSpec(kind="review", label="审核期限", rule_id="FUND-A29", amount=3, unit="workdays",
                          on_breach=Breach.ESCALATE)
    WORKFLOW = Workflow(
        name="fund.application",          # binds to the model fund.Application
        field="state",
        transitions=[
            Transition("accept", source=S.RECEIVED, target=S.UNDER_REVIEW, label="受理",
                       start_deadlines=(REVIEW,)),
            Transition("approve", source=S.AWAITING_APPROVAL, target=S.APPROVED, label="批准",
                       guards=("FUND-A21",), stop_deadlines=("approval",)),
        ],
        facts=application_facts,            # case -> dict of facts for the guard rules
    )

and the app's ``AppConfig.ready()`` calls ``workflow_register(WORKFLOW)``, binding it to the model named by ``name``
(django-fsm methods on its protected state field). The engine (``gazette.workflow.engine``) performs them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import datetime
from typing import Any

from django.db import models
from django_fsm import GET_STATE
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
    """One declared action. Everything the page, the API and the tests need comes from here:

    - ``input``: a DRF serializer class for the action's own fields (besides ``comment`` and ``expected_state``).
      It is the one parser of the action's input: the API validates the JSON body with it, the page validates the
      posted form with it and renders its fields as the action's form (``gazette.workflow.actions``). Its
      ``validated_data`` reaches ``apply`` as ``data`` (model instances for related fields, Decimals for money).
    - ``prepare``: ``(obj, *, actor, data, comment) -> facts`` resolves what the step needs from the database
      (e.g. the competent lead department): the engine calls it on the locked row, after the state check and
      before the guards; it adds to ``data`` and returns extra facts, or raises ``ValidationError`` (400 naming the
      field).
    - ``confirm``: the confirmation text of an irreversible step (payment, refusal, 销号): the page asks for it
      before performing the step; the API takes ``"confirm": true``.
    - ``target``: the new state, ``None`` for an act that leaves the state as it is, or a function
      ``(obj, data) -> state`` evaluated after ``apply``, with the possible states in ``targets`` (e.g. a repayment
      settles the recovery when it covers what is owed).
    """

    name: str
    source: str | Sequence[str]
    target: str | Callable[[Any], str] | None
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
    input: type | None = None                  # DRF serializer class of the action's fields
    prepare: Callable[..., dict[str, Any] | None] | None = None
    confirm: str = ""                          # confirmation text of an irreversible step
    targets: tuple[str, ...] = ()              # the states a callable ``target`` may choose
    help: str = ""                             # one line under the action's title on the page
    idempotent: bool = False                   # money moves: the API takes an Idempotency-Key
    # A condition on the object beyond its state (e.g. "a notice not yet served"): without it the action is not
    # offered, and performing it is a conflict (409) with ``when_not`` as the reason.
    when: Callable[[Any], bool] | None = None
    when_not: str = ""

    @property
    def sources(self) -> tuple[str, ...]:
        return (self.source,) if isinstance(self.source, str) else tuple(self.source)

    @property
    def slug(self) -> str:
        """The action's name in URLs, everywhere: ``request_documents`` → ``request-documents``."""
        return self.name.replace("_", "-")


@dataclass(frozen=True)
class Work:
    """The piece of work an object waits for in a state: what is expected and from whom. The engine keeps one
    work item per open piece of work (``gazette.workflow.work``), written in the transaction of each transition,
    and the inbox reads them. ``responsible`` returns the organisation (default: the object's ``organisation``);
    ``clock`` names the deadline kind that sets its due time (default: the soonest open clock of the object)."""

    label: str
    responsible: Callable[[Any], Any] | None = None
    clock: str = ""
    rule_id: str = ""                           # the article the work is owed under, when no clock says it


@dataclass
class Workflow:
    """States and transitions of one model. ``name`` is ``"<app_label>.<model_name>"`` (the model's label, lower
    case) and binds the workflow to its model; ``work`` maps a state to the :class:`Work` expected in it (a state
    not listed that still has actions is work for the object's organisation; a final state is no work);
    ``reference_date`` returns the date whose rules apply (default: the object's ``reference_date`` or today)."""

    name: str                                   # the model's label: "fund.application"
    transitions: Iterable[Transition]
    field: str = "state"
    facts: Callable[[Any], dict[str, Any]] | None = None
    work: dict[str, Work] = dc_field(default_factory=dict)
    title: str = ""                             # e.g. "救助基金申请", for inbox rows and tests
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

    def get_by_slug(self, slug: str) -> Transition | None:
        return self._by_name.get(slug.replace("-", "_"))

    @property
    def actions(self) -> tuple[Transition, ...]:
        """The transitions users take (pages and API); ``system`` ones are the engine's alone."""
        return tuple(t for t in self.transitions if not t.system)

    @property
    def states(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for t in self.transitions:
            for s in t.sources:
                if s != "*":
                    seen[s] = None
            for s in ((t.target,) if isinstance(t.target, str) else t.targets):
                seen[s] = None
        return tuple(seen)

    def work_for(self, state: str) -> Work | None:
        """The work an object in ``state`` waits for: declared, or by default its organisation's when any action
        leads out of the state; none in a final state."""
        if state in self.work:
            return self.work[state]
        return Work(label="") if any(not t.system for t in self.from_state(state)) else None

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

    def model(self) -> type:
        """The model this workflow is bound to (``name`` is its label)."""
        from django.apps import apps

        return apps.get_model(self.name)


def _make_method(field_name: str, t: Transition) -> Callable[..., None]:
    def method(self: Any, *, actor: Any = None, data: dict[str, Any] | None = None) -> None:
        if t.apply is not None:
            t.apply(self, actor=actor, data=data or {})

    method.__name__ = t.name
    method.__doc__ = t.label
    source = "*" if "*" in t.sources else list(t.sources)
    target: Any = t.target
    if callable(t.target):
        chooser = t.target
        target = GET_STATE(lambda instance, *args, **kwargs: chooser(instance, kwargs.get("data") or {}),
                           states=list(t.targets))
    return fsm_transition(field=field_name, source=source, target=target)(method)


_REGISTRY: dict[str, Workflow] = {}


def workflow_register(wf: Workflow) -> Workflow:
    """Bind a workflow to its model (``wf.name`` is the model's label) and make it known to the engine: called
    from the app's ``AppConfig.ready()``, so the model module imports nothing but its choices. The model gets
    ``WORKFLOW`` and one django-fsm transition method per declared transition on its protected state field;
    the engine-owned tests, the inbox, the authorisation matrix and the fuzzer walk every registered workflow."""
    if _REGISTRY.get(wf.name, wf) is not wf:
        raise ValueError(f"workflow {wf.name} registered twice")
    model = wf.model()
    field = model._meta.get_field(wf.field)
    if not getattr(field, "protected", False):
        raise TypeError(f"{wf.name}: {wf.field} must be an FSMField(protected=True)")
    methods = {}
    for t in wf.transitions:
        method = _make_method(wf.field, t)
        method._django_fsm.field = field
        setattr(model, t.name, method)
        methods[t.name] = method
    field.transitions[model] = methods
    model.WORKFLOW = wf
    _REGISTRY[wf.name] = wf
    return wf


def workflows_registered() -> tuple[Workflow, ...]:
    return tuple(_REGISTRY.values())


def workflow_get(name: str) -> Workflow:
    return _REGISTRY[name.lower()]
