"""The workflow engine: the one way a case changes state.

``transition_perform`` locks the case row, re-checks the state (409 on a stale or concurrent attempt),
permission and guard rules, moves the state through django-fsm-2, writes the history entry with the rule
trace, starts/stops/pauses/resumes deadlines, writes the audit row, and queues side effects after commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from gazette.audit.masking import mask_text
from gazette.audit.services import audit_record
from gazette.deadlines import services as deadlines
from gazette.permissions import user_can
from gazette.rules.services import RuleTrace, rules_evaluate

from .definitions import Transition, Workflow
from .exceptions import GuardFailed, TransitionConflict, TransitionNotAllowed
from .models import Case, CaseHistory, StatefulRecord
from .work import DEFER_ATTR, work_sync

SYSTEM_ACTOR_NAME = "系统"


@dataclass(frozen=True)
class TransitionResult:
    case: Case
    history: CaseHistory


def workflow_of(case: Case | type[Case]) -> Workflow:
    wf = getattr(case, "WORKFLOW", None)
    if wf is None:
        raise TypeError(f"{case} has no WORKFLOW: register its workflow in AppConfig.ready()")
    return wf


def reference_next(*, prefix: str, year: int) -> str:
    """Allocate the next case number for ``prefix`` and ``year`` (call inside the creating transaction).

    One statement: the upsert creates the year's row or increments it, and the row stays locked until the
    creating transaction ends, so a rolled-back case gives its number back (numbers stay gap-free)."""
    sql = (
        "INSERT INTO workflow_referencesequence (prefix, year, last_number) VALUES (%s, %s, 1) "
        "ON CONFLICT (prefix, year) DO UPDATE SET last_number = workflow_referencesequence.last_number + 1 "
        "RETURNING last_number"
    )
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(sql, [prefix, year])
        number = cursor.fetchone()[0]
    return f"{prefix}-{year}-{number:06d}"


def case_create(
    *,
    model: type[Case],
    actor: Any,
    reference_date: date,
    region: Any,
    organisation: Any,
    fields: dict[str, Any],
    rule_ids: tuple[str, ...] = (),
    facts: dict[str, Any] | None = None,
    trace: RuleTrace | None = None,
    start_deadlines: tuple = (),
    comment: str = "",
) -> Case:
    """Create a case in its initial state with a reference number, evaluate ``rule_ids`` on ``facts``
    (stored as the case's rule trace), write the first history entry and start the initial deadlines.

    A caller that has already evaluated the rules on the same facts (to report errors before anything is written)
    passes that ``trace`` instead of ``rule_ids`` and ``facts``, so they are evaluated once."""
    if trace is None:
        trace = rules_evaluate(rule_ids, facts or {}, on=reference_date) if rule_ids else RuleTrace()
    # No savepoint: nothing here is retried, and a failure rolls back whatever transaction the caller opened.
    with transaction.atomic(savepoint=False):
        reference = reference_next(prefix=model.REFERENCE_PREFIX, year=timezone.localdate().year)
        case = model(
            reference=reference, reference_date=reference_date, region=region, organisation=organisation,
            rule_trace=list(trace), **fields,
        )
        case.save(force_insert=True)
        history = CaseHistory.objects.create(
            content_type=_content_type(case), object_id=case.pk, reference=case.reference,
            transition="create", transition_label=_("登记"), from_state="", to_state=case.state,
            actor=_real_user(actor), actor_name=_actor_name(actor), comment=mask_text(comment),
            rule_trace=list(trace),
        )
        # Kept on the object so that the answer to the creating request can show the clocks without reading them.
        setattr(case, DEFER_ATTR, True)
        case.started_deadlines = [
            deadlines.deadline_start(case=case, spec=spec, actor=_real_user(actor), start=history.at, new_case=True)
            for spec in start_deadlines
        ]
        setattr(case, DEFER_ATTR, False)
        work_sync(case, clocks=case.started_deadlines, new=True)
        audit_record(action="workflow.create", actor=actor, obj=case, summary=f"{case.reference} created")
    return case


def record_create(*, model: type[StatefulRecord], actor: Any, fields: dict[str, Any], comment: str = "",
                  trace: RuleTrace | None = None, start_deadlines: tuple = (), label: str = "") -> StatefulRecord:
    """Create a record (not a whole case) in its initial state: the first history entry, its rule trace, its
    clocks and work items, the audit row. ``fields`` must give it its ``reference`` and ``organisation`` where those
    are columns."""
    with transaction.atomic(savepoint=False):
        record = model(rule_trace=list(trace or []), **fields)
        record.save(force_insert=True)
        wf = workflow_of(record)
        history = CaseHistory.objects.create(
            content_type=_content_type(record), object_id=record.pk, reference=str(record.reference)[:32],
            transition="create", transition_label=label or _("登记"), from_state="", to_state=getattr(record, wf.field),
            actor=_real_user(actor), actor_name=_actor_name(actor), comment=mask_text(comment),
            rule_trace=list(trace or []),
        )
        setattr(record, DEFER_ATTR, True)
        started = [deadlines.deadline_start(case=record, spec=spec, actor=_real_user(actor), start=history.at,
                                            new_case=True) for spec in start_deadlines]
        setattr(record, DEFER_ATTR, False)
        work_sync(record, clocks=started, new=True)
        audit_record(action="workflow.create", actor=actor, obj=record, summary=f"{record.reference} created")
    return record


def transitions_available(*, case: Case, user: Any) -> list[Transition]:
    """The actions this user may take on this case now (drives buttons and the API)."""
    wf = workflow_of(case)
    state = getattr(case, wf.field)
    return [
        t for t in wf.from_state(state)
        if not t.system and (t.when is None or t.when(case)) and user_can(user, t.name, case)
        and _duty_conflict(wf, case, t, user) is None
    ]


def transition_perform(
    *,
    case: Case,
    name: str,
    actor: Any,
    comment: str = "",
    data: dict[str, Any] | None = None,
    facts: dict[str, Any] | None = None,
    expected_state: str | None = None,
    expected_version: int | None = None,
    system: bool = False,
) -> TransitionResult:
    """Perform transition ``name`` on ``case`` (a case or any record on the engine) as ``actor`` (or as the system,
    for deadline breaches).

    Raises TransitionConflict (wrong or stale state), TransitionNotAllowed (no permission) or GuardFailed
    (a guard rule failed; nothing is written).
    """
    wf = workflow_of(case)
    t = wf.get(name)
    if t is None:
        raise TransitionConflict(_("未知的操作：%(name)s") % {"name": name})
    if t.system and not system:
        raise TransitionNotAllowed(_("该操作由系统自动执行。"))
    if t.requires_comment and not (comment or "").strip():
        raise GuardFailed(_("请填写意见或理由。"), trace=[], fields={"comment": [_("请填写意见或理由。")]})

    model = type(case)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=case.pk)
        current = getattr(locked, wf.field)
        if expected_state is not None and current != expected_state:
            raise TransitionConflict(
                _("该事项已由他人处理，当前状态为「%(state)s」，请刷新后重试。") % {"state": locked.state_label},
                current_state=current,
            )
        if expected_version is not None and locked.version != expected_version:
            raise TransitionConflict(_("该事项已被修改，请刷新后重试。"), current_state=current)
        method = getattr(locked, t.name)
        if not can_proceed(method):
            raise TransitionConflict(
                _("当前状态「%(state)s」不能执行「%(action)s」。") % {"state": locked.state_label, "action": t.label},
                current_state=current,
            )
        if t.when is not None and not t.when(locked):
            raise TransitionConflict(str(t.when_not) or _("当前不能办理「%(action)s」。") % {"action": t.label},
                                     current_state=current)
        if not system and not user_can(actor, t.name, locked):
            raise TransitionNotAllowed(_("您无权对该事项执行「%(action)s」。") % {"action": t.label})
        if not system and (done := _duty_conflict(wf, locked, t, actor)) is not None:
            raise TransitionNotAllowed(
                _("职责分离：您已对该事项办理过「%(done)s」，不能再办理「%(action)s」，请由其他工作人员办理。")
                % {"done": done, "action": t.label}
            )

        data = dict(data or {})
        if t.prepare is not None:
            # Resolves what the step needs from the database (on the locked row) before its guards run.
            facts = {**(facts or {}), **(t.prepare(locked, actor=actor, data=data, comment=comment or "") or {})}
        trace = RuleTrace()
        if t.guards:
            all_facts = {**wf.case_facts(locked, actor=None if system else actor), **(facts or {})}
            trace = rules_evaluate(t.guards, all_facts, on=locked.rule_date)
            if not trace.ok:
                first = trace.failures[0]
                raise GuardFailed(
                    _("不符合%(rule)s（%(article)s）：%(message)s")
                    % {"rule": first["rule"], "article": first["article"], "message": first["message"]},
                    trace=list(trace),
                )

        if trace:  # before the step sets its fields: a record it creates may cite the guards that let it
            locked.rule_trace = _merge_trace(locked.rule_trace, trace)
        method(actor=actor, data=data)
        locked.version += 1
        locked.save()

        history = CaseHistory.objects.create(
            content_type=_content_type(locked), object_id=locked.pk, reference=str(locked.reference)[:32],
            transition=t.name, transition_label=t.label, from_state=current, to_state=getattr(locked, wf.field),
            # A system step performed on a user's behalf (another record's decision) names that user.
            actor=_real_user(actor), actor_name=_actor_name(actor),
            comment=mask_text(comment or ""), rule_trace=list(trace), data=_jsonable(data or {}),
        )
        now = history.at
        setattr(locked, DEFER_ATTR, True)
        if t.stop_deadlines:
            deadlines.deadlines_close(case=locked, kinds=t.stop_deadlines, met=True, at=now)
        if t.cancel_deadlines:
            deadlines.deadlines_close(case=locked, kinds=t.cancel_deadlines, met=False, at=now)
        if t.pause_deadlines:
            deadlines.deadlines_pause(case=locked, kinds=t.pause_deadlines, at=now)
        if t.resume_deadlines:
            deadlines.deadlines_resume(case=locked, kinds=t.resume_deadlines, at=now)
        for spec in t.start_deadlines:
            deadlines.deadline_start(case=locked, spec=spec, actor=_real_user(actor), start=now)
        setattr(locked, DEFER_ATTR, False)
        work_sync(locked)
        audit_record(
            action="workflow.transition", actor=_real_user(actor), obj=locked,
            summary=f"{locked.reference} {t.name}: {current} -> {history.to_state}",
            data={"transition": t.name, "from": current, "to": history.to_state, "system": system},
        )
        for effect in t.effects:
            transaction.on_commit(lambda effect=effect: effect(locked, history))
    case.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    # Related objects cached on the caller's instance may be stale (an apply() changed a foreign key, or the row
    # changed since it was loaded): take the locked row's cache instead.
    case._state.fields_cache = dict(locked._state.fields_cache)
    return TransitionResult(case=locked, history=history)


@deadlines.breach_transition_performer
def _breach_transition(deadline: Any) -> None:
    """A clock declared ``on_breach=TRANSITION`` fell due: the system performs its transition."""
    transition_perform(case=deadline.case, name=deadline.breach_transition, actor=None, system=True,
                       comment=_("%(label)s届满，系统自动处理（%(rule)s）") % {
                           "label": deadline.label, "rule": deadline.rule_id})


def _duty_conflict(wf: Workflow, case: Case, t: Transition, actor: Any) -> str | None:
    """The label of a conflicting transition ``actor`` already performed on ``case`` (separation of duties)."""
    others = wf.conflicting(t.name)
    if not others or not getattr(actor, "is_authenticated", False):
        return None
    done = case_history(case).filter(transition__in=others, actor=actor).values_list("transition_label", flat=True)
    return next(iter(done), None)


def case_history(case: Case) -> models.QuerySet[CaseHistory]:
    return CaseHistory.objects.filter(content_type=_content_type(case), object_id=case.pk).select_related("actor")


def _merge_trace(existing: list[dict], new: RuleTrace) -> list[dict]:
    """Keep the latest outcome per rule: a re-evaluated rule replaces its earlier entry."""
    replaced = {e["rule"] for e in new}
    return [e for e in (existing or []) if e.get("rule") not in replaced] + list(new)


def _content_type(case: Case):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(case, for_concrete_model=True)


def _real_user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _actor_name(actor: Any) -> str:
    if not getattr(actor, "is_authenticated", False):
        return SYSTEM_ACTOR_NAME
    return getattr(actor, "display_name", "") or actor.get_username()


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    """History data is JSON: a model instance passed as transition data (e.g. the organisation a case is sent to)
    is stored as its id and name."""
    from gazette.rules.registry import jsonable

    return jsonable({k: {"id": v.pk, "name": str(v)} if isinstance(v, models.Model) else v for k, v in data.items()})
