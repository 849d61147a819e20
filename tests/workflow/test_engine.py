"""Every transition path of the test workflow, through the one engine function."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection

from gazette.audit.models import AuditEvent
from gazette.deadlines.choices import DeadlineStatus
from gazette.deadlines.selectors import deadline_list_for_case
from gazette.workflow.engine import case_history, transition_perform, transitions_available
from gazette.workflow.exceptions import GuardFailed, TransitionConflict, TransitionNotAllowed
from tests.concurrency import run_together
from tests.workflow_app.models import Permit
from tests.workflow_app.workflow import S

pytestmark = pytest.mark.django_db


def test_case_gets_a_gap_free_reference_and_a_creation_entry(make_permit):
    first, second = make_permit(), make_permit()
    year = first.created_at.astimezone().year
    assert first.reference == f"TEST-{year}-000001"
    assert second.reference == f"TEST-{year}-000002"
    assert [h.transition for h in case_history(first)] == ["create"]
    assert first.state == S.DRAFT


def test_a_creation_that_rolls_back_gives_its_number_back(make_permit):
    """The number comes from one upsert whose row lock lasts until the creating transaction ends."""
    from django.db import transaction

    first = make_permit()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_permit()
        raise RuntimeError("the caller's transaction fails after the case was created")
    after = make_permit()
    year = first.created_at.astimezone().year
    assert after.reference == f"TEST-{year}-000002"


@pytest.mark.django_db(transaction=True)
def test_concurrent_creations_get_consecutive_distinct_numbers(make_permit):
    """Eight threads create at once: eight numbers, 1 to 8, no duplicate and no gap."""
    outcomes = run_together(lambda i: make_permit().reference, 8)
    assert sorted(int(r.rsplit("-", 1)[1]) for r in outcomes) == list(range(1, 9))


def test_submit_starts_the_review_clock_and_writes_history_and_audit(make_permit, county_clerk):
    permit = make_permit()
    result = transition_perform(case=permit, name="submit", actor=county_clerk)
    assert result.case.state == S.SUBMITTED
    history = list(case_history(permit))
    assert [(h.from_state, h.to_state) for h in history] == [("", S.DRAFT), (S.DRAFT, S.SUBMITTED)]
    assert history[-1].actor == county_clerk
    review = deadline_list_for_case(permit).get(kind="review")
    assert review.status == DeadlineStatus.RUNNING and review.rule_id == "TEST-A1"
    assert review.explanation["summary"]
    assert AuditEvent.objects.filter(action="workflow.transition", object_id=str(permit.pk)).count() == 1


def test_wrong_state_is_a_conflict_and_writes_nothing(make_permit, county_approver):
    permit = make_permit()
    with pytest.raises(TransitionConflict, match="不能执行"):
        transition_perform(case=permit, name="approve", actor=county_approver)
    permit.refresh_from_db()
    assert permit.state == S.DRAFT
    assert case_history(permit).count() == 1


def test_stale_expected_state_is_a_conflict(make_permit, county_clerk):
    permit = make_permit()
    transition_perform(case=permit, name="submit", actor=county_clerk)
    with pytest.raises(TransitionConflict, match="已由他人处理"):
        transition_perform(case=permit, name="request_materials", actor=county_clerk, comment="缺材料",
                           expected_state=S.DRAFT)


def test_wrong_person_is_refused(make_permit, county_clerk):
    permit = make_permit()
    transition_perform(case=permit, name="submit", actor=county_clerk)
    with pytest.raises(TransitionNotAllowed):
        transition_perform(case=permit, name="approve", actor=county_clerk)


def test_out_of_jurisdiction_clerk_may_not_act(make_permit, other_county_clerk):
    permit = make_permit()
    with pytest.raises(TransitionNotAllowed):
        transition_perform(case=permit, name="submit", actor=other_county_clerk)
    assert transitions_available(case=permit, user=other_county_clerk) == []


def test_guard_rule_failure_blocks_with_the_rule_trace(make_permit, county_clerk, county_approver):
    permit = make_permit(amount="30000.01")
    transition_perform(case=permit, name="submit", actor=county_clerk)
    with pytest.raises(GuardFailed) as info:
        transition_perform(case=permit, name="approve", actor=county_approver)
    assert info.value.trace[0]["rule"] == "TEST-A1"
    assert info.value.trace[0]["outcome"] == "failed"
    assert "第一条" in info.value.message
    permit.refresh_from_db()
    assert permit.state == S.SUBMITTED


@pytest.mark.parametrize("amount,ok", [("29999.99", True), ("30000.00", True), ("30000.01", False)])
def test_guard_thresholds(make_permit, county_clerk, county_approver, amount, ok):
    permit = make_permit(amount=amount)
    transition_perform(case=permit, name="submit", actor=county_clerk)
    if ok:
        result = transition_perform(case=permit, name="approve", actor=county_approver)
        assert result.case.state == S.APPROVED
        assert result.case.rule_trace[-1]["outcome"] == "passed"
        assert result.history.rule_trace[0]["figures"]["amount"] == amount
    else:
        with pytest.raises(GuardFailed):
            transition_perform(case=permit, name="approve", actor=county_approver)


def test_requires_comment(make_permit, county_clerk):
    permit = make_permit()
    transition_perform(case=permit, name="submit", actor=county_clerk)
    with pytest.raises(GuardFailed, match="意见"):
        transition_perform(case=permit, name="request_materials", actor=county_clerk)


def test_materials_pause_and_resume_the_review_clock(make_permit, county_clerk):
    permit = make_permit()
    transition_perform(case=permit, name="submit", actor=county_clerk)
    transition_perform(case=permit, name="request_materials", actor=county_clerk, comment="缺身份证明")
    review = deadline_list_for_case(permit).get(kind="review")
    assert review.status == DeadlineStatus.PAUSED
    assert deadline_list_for_case(permit).get(kind="response").status == DeadlineStatus.RUNNING
    transition_perform(case=permit, name="provide_materials", actor=county_clerk)
    review.refresh_from_db()
    assert review.status == DeadlineStatus.RUNNING
    assert review.recounts and "恢复计时" in review.recounts[-1]["reason"]
    assert deadline_list_for_case(permit).get(kind="response").status == DeadlineStatus.MET


def test_refuse_closes_every_clock(make_permit, county_clerk, county_approver):
    permit = make_permit()
    transition_perform(case=permit, name="submit", actor=county_clerk)
    transition_perform(case=permit, name="refuse", actor=county_approver, comment="不符合条件")
    assert not deadline_list_for_case(permit).filter(status=DeadlineStatus.RUNNING).exists()


def test_system_transitions_are_not_offered_to_users(make_permit, county_clerk, county_approver):
    permit = make_permit()
    transition_perform(case=permit, name="submit", actor=county_clerk)
    names = {t.name for t in transitions_available(case=permit, user=county_approver)}
    assert names == {"approve", "refuse"}
    assert {t.name for t in transitions_available(case=permit, user=county_clerk)} == {"request_materials"}
    with pytest.raises(TransitionNotAllowed):
        transition_perform(case=permit, name="expire", actor=county_clerk)


def test_state_field_is_protected(make_permit):
    permit = make_permit()
    with pytest.raises(AttributeError):
        permit.state = S.FINAL


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_concurrent_attempts_give_exactly_one_transition(make_permit, county_clerk, county_approver):
    permit = make_permit()
    transition_perform(case=permit, name="submit", actor=county_clerk)

    def attempt(i: int) -> str:
        transition_perform(case=Permit.objects.get(pk=permit.pk), name="approve", actor=county_approver,
                           expected_state=S.SUBMITTED)
        return "ok"

    outcomes = ["conflict" if isinstance(o, TransitionConflict) else o for o in run_together(attempt, 8)]
    assert sorted(outcomes) == ["conflict"] * 7 + ["ok"]
    assert case_history(permit).filter(transition="approve").count() == 1
    assert Permit.objects.get(pk=permit.pk).version == 2
    assert Decimal(Permit.objects.get(pk=permit.pk).amount) == Decimal("1000.00")


def test_caller_instance_gets_fresh_related_objects_after_a_transition(make_permit, county_clerk):
    from tests.factories import OrganisationFactory, region

    permit = make_permit()
    assert permit.organisation.name == "小店区测试办"  # cached on the instance
    other = OrganisationFactory(name="另一个测试办", region=region("140105"))
    Permit.objects.filter(pk=permit.pk).update(organisation=other)
    transition_perform(case=permit, name="submit", actor=county_clerk)
    assert permit.organisation == other
