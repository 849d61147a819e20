"""Concurrency (issue 7.3): many people press the same button on the same case at the same moment, against real
PostgreSQL. Exactly one transition happens, everyone else gets a conflict (HTTP 409 in the API), and the
after-commit effect (a payment, in the fund app) runs once.

``SOAK_RACES`` sets how many races run (default 5; `make soak` runs 1000), ``RACE_THREADS`` how many people
race (default 50).
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection, connections

from gazette.audit.models import AuditEvent
from gazette.workflow.engine import case_create, case_history, transition_perform
from gazette.workflow.exceptions import TransitionConflict
from tests.factories import OrganisationFactory, UserFactory, region
from tests.workflow_app.models import Permit
from tests.workflow_app.workflow import APPROVED_EFFECTS, S

RACES = int(os.environ.get("SOAK_RACES", "5"))
THREADS = int(os.environ.get("RACE_THREADS", "50"))

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


class Racers:
    """``THREADS`` long-lived threads (one database connection each) that attempt the same transition on the
    same case at the same moment, race after race."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.start = threading.Barrier(n + 1)
        self.done = threading.Barrier(n + 1)
        self.job: tuple | None = None
        self.outcomes: list[str] = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(n)]
        for t in self.threads:
            t.start()

    def _run(self) -> None:
        try:
            while True:
                self.start.wait()
                if self.job is None:
                    return
                try:
                    outcome = self.job()
                except Exception as exc:  # noqa: BLE001 - anything else is a finding, reported below
                    outcome = f"error: {type(exc).__name__}: {exc}"
                with self.lock:
                    self.outcomes.append(outcome)
                self.done.wait()
        finally:
            connections.close_all()

    def race(self, job) -> Counter:
        self.outcomes = []
        self.job = job
        self.start.wait()
        self.done.wait()
        return Counter(self.outcomes)

    def stop(self) -> None:
        self.job = None
        self.start.wait()
        for t in self.threads:
            t.join(timeout=30)


@pytest.fixture
def people(db):
    city = OrganisationFactory(name="太原市并发办", region=region("140100"))
    office = OrganisationFactory(name="小店区并发办", region=region("140105"), parent=city)
    clerk, approver = UserFactory(organisation=office), UserFactory(organisation=office)
    clerk.groups.add(Group.objects.get_or_create(name="clerk")[0])
    approver.groups.add(Group.objects.get_or_create(name="approver")[0])
    return office, clerk, approver


@pytest.fixture
def racers():
    r = Racers(THREADS)
    yield r
    r.stop()


def _submitted_permit(office, clerk) -> Permit:
    permit = case_create(model=Permit, actor=clerk, reference_date=date(2026, 11, 2), region=office.region,
                         organisation=office, fields={"applicant": "并发测试", "amount": Decimal("1000.00")})
    transition_perform(case=permit, name="submit", actor=clerk)
    return permit


def _engine_approval(pk: int, approver):
    def job() -> str:
        try:
            transition_perform(case=Permit.objects.get(pk=pk), name="approve", actor=approver,
                               expected_state=S.SUBMITTED)
        except TransitionConflict:
            return "conflict"
        return "ok"

    return job


def _api_approval(pk: int, approver):
    def job() -> str:
        from rest_framework.test import APIClient

        client = APIClient()
        client.force_authenticate(approver)
        response = client.post(f"/api/v1/test-permits/permits/{pk}/approve/",
                               {"expected_state": S.SUBMITTED}, format="json")
        return {200: "ok", 409: "conflict"}.get(response.status_code, f"HTTP {response.status_code}")

    return job


def test_fifty_simultaneous_api_approvals_give_one_200_and_409s(people, racers):
    office, clerk, approver = people
    permit = _submitted_permit(office, clerk)
    APPROVED_EFFECTS.clear()
    outcomes = racers.race(_api_approval(permit.pk, approver))
    assert outcomes == Counter({"ok": 1, "conflict": THREADS - 1}), outcomes
    assert case_history(permit).filter(transition="approve").count() == 1
    assert AuditEvent.objects.filter(action="workflow.transition", object_id=str(permit.pk),
                                     data__transition="approve").count() == 1
    assert Permit.objects.get(pk=permit.pk).version == 2
    assert len(APPROVED_EFFECTS) == 1 and APPROVED_EFFECTS[0] == permit.pk


def test_many_races_have_no_double_transition(people, racers):
    office, clerk, approver = people
    APPROVED_EFFECTS.clear()
    permits, failures = [], []
    for _ in range(RACES):
        permit = _submitted_permit(office, clerk)
        permits.append(permit.pk)
        outcomes = racers.race(_engine_approval(permit.pk, approver))
        if outcomes != Counter({"ok": 1, "conflict": THREADS - 1}):
            failures.append((permit.pk, outcomes))
    assert not failures, failures[:5]
    assert Permit.objects.filter(pk__in=permits, state=S.APPROVED, version=2).count() == RACES
    approvals = Counter(h.object_id for h in case_history_all(permits, "approve"))
    assert all(approvals[pk] == 1 for pk in permits), "double transition"
    assert sorted(APPROVED_EFFECTS) == sorted(permits), "an effect ran twice or not at all"
    print(f"\nraces run: {RACES} × {THREADS} threads, double transitions: 0, double effects: 0")


def case_history_all(pks: list[int], transition: str):
    from django.contrib.contenttypes.models import ContentType

    from gazette.workflow.models import CaseHistory

    return CaseHistory.objects.filter(content_type=ContentType.objects.get_for_model(Permit), object_id__in=pks,
                                      transition=transition)
