"""Worker faults (issue 7.4): the Celery worker is SIGKILLed at random moments during deadline sweeps and every
sweep message is delivered twice; every breach action is still applied exactly once. Deadlines that fell due
while beat and workers were down fire on the first sweep after the restart.

``SOAK_KILLS`` sets how many times the worker is killed (default 2; `make soak` runs 25).
"""

from __future__ import annotations

import os
import random
import time
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from gazette.audit.models import AuditEvent
from gazette.deadlines.choices import DeadlineStatus
from gazette.deadlines.models import Deadline
from gazette.deadlines.tasks import sweep
from gazette.notifications.models import Notification
from gazette.workflow.engine import case_create, case_history, transition_perform
from tests.factories import OrganisationFactory, UserFactory, region
from tests.workflow_app.models import Permit
from tests.workflow_app.workflow import S

from .worker_harness import WorkerProcess

KILLS = int(os.environ.get("SOAK_KILLS", "2"))
CASES_PER_BATCH = int(os.environ.get("SOAK_FAULT_CASES", "60"))

pytestmark = [
    pytest.mark.worker,
    pytest.mark.soak,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql" or not settings.REDIS_URL,
                       reason="needs PostgreSQL and Redis"),
]


@pytest.fixture
def office(db):
    city = OrganisationFactory(name="太原市故障办", region=region("140100"))
    office = OrganisationFactory(name="小店区故障办", region=region("140105"), parent=city)
    clerk = UserFactory(organisation=office)
    clerk.groups.add(Group.objects.get_or_create(name="clerk")[0])
    return office, clerk


@pytest.fixture
def worker(tmp_path):
    w = WorkerProcess(tmp_path)
    yield w
    w.stop()


def _make_due_cases(office, clerk, n: int) -> None:
    """``n`` cases whose clocks fell due an hour ago: two thirds escalate (review), a third expire
    automatically (the materials clock's breach transition)."""
    for i in range(n):
        permit = case_create(model=Permit, actor=clerk, reference_date=date(2026, 11, 2), region=office.region,
                             organisation=office,
                             fields={"applicant": f"故障{i} 11010519491231002X", "amount": Decimal("10.00")})
        transition_perform(case=permit, name="submit", actor=clerk)
        if i % 3 == 0:
            transition_perform(case=permit, name="request_materials", actor=clerk, comment="缺材料")
    Deadline.objects.filter(status=DeadlineStatus.RUNNING).update(
        due_at=timezone.now() - timedelta(hours=1), warn_at=None)


def _due() -> int:
    return Deadline.objects.filter(status=DeadlineStatus.RUNNING, due_at__lte=timezone.now()).count()


def _drain(worker: WorkerProcess, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while _due() and time.monotonic() < deadline:
        worker.send_twice(sweep)
        time.sleep(1.0)
    assert _due() == 0, f"{_due()} due deadlines were never swept"


def _assert_exactly_once(office) -> dict[str, int]:
    breached = list(Deadline.objects.filter(status=DeadlineStatus.BREACHED))
    assert breached and all(d.breach_applied_at for d in breached)
    notes = Counter((n.kind, n.reference) for n in Notification.objects.filter(kind__in=("breached", "escalated")))
    for d in breached:
        assert notes[("breached", d.reference)] == 1, f"{d.reference}: {notes[('breached', d.reference)]} notices"
        if d.kind == "review":
            assert notes[("escalated", d.reference)] == 1, f"{d.reference} escalated more or less than once"
    expired = Permit.objects.filter(state=S.EXPIRED)
    for permit in expired:
        assert case_history(permit).filter(transition="expire").count() == 1
        assert AuditEvent.objects.filter(object_id=str(permit.pk), data__transition="expire").count() == 1
    return {"breached": len(breached), "expired": expired.count()}


def test_breach_actions_are_applied_exactly_once_when_the_worker_is_killed(office, worker):
    office, clerk = office
    _make_due_cases(office, clerk, CASES_PER_BATCH)
    materials_cases = Permit.objects.filter(state=S.MATERIALS).count()
    rng = random.Random(os.environ.get("SOAK_SEED"))
    interrupted = 0
    while worker.kills < KILLS:
        if not _due():
            _make_due_cases(office, clerk, CASES_PER_BATCH)
            materials_cases = Permit.objects.filter(state__in=(S.MATERIALS, S.EXPIRED)).count()
        worker.start()
        worker.send_twice(sweep)
        # A sweep takes a few tenths of a second per 60 due deadlines (batches of 200, one transaction each):
        # kill anywhere from before it starts to after it ends.
        time.sleep(rng.uniform(0.0, 0.6 * max(1.0, _due() / 60)))
        worker.kill()
        if _due():
            interrupted += 1  # the sweep had not finished: its open batch was rolled back by the kill
    worker.start()
    _drain(worker)
    figures = _assert_exactly_once(office)
    assert figures["expired"] == materials_cases
    print(f"\nworker kills survived: {worker.kills} ({interrupted} with the sweep unfinished); "
          f"deadlines breached exactly once: {figures['breached']}; cases expired exactly once: {figures['expired']}")
    _assert_logs_clean(worker)


def _assert_logs_clean(worker: WorkerProcess) -> None:
    """The worker's own log files (Celery replaces the root logger's handlers) hold no plaintext ID number."""
    from gazette.audit.personal_data import scan_lines

    for log in sorted(worker.log_dir.glob("worker-*.log")):
        with log.open(encoding="utf-8", errors="replace") as fh:
            found = [str(f) for f in scan_lines(fh, name=log.name)]
        assert not found, found


def test_deadlines_that_fell_due_while_everything_was_down_fire_on_the_first_sweep(office, worker):
    office, clerk = office
    _make_due_cases(office, clerk, 12)  # fell due an hour ago, with no worker and no beat running
    worker.start()
    worker.send_twice(sweep)  # the first tick of beat after the restart
    deadline = time.monotonic() + 60
    while _due() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _due() == 0
    _assert_exactly_once(office)


def test_a_message_killed_mid_task_is_delivered_again_and_finishes(worker):
    from tests.reliability.fault_tasks import slow_step

    token = os.urandom(6).hex()
    worker.start()
    slow_step.apply_async(args=[token], queue=worker.queue)
    deadline = time.monotonic() + 30
    while not cache.get(f"faults:{token}:starts") and time.monotonic() < deadline:
        time.sleep(0.05)
    worker.kill()  # mid-way through the 1.5 s task: never acknowledged
    assert not cache.get(f"faults:{token}:done")
    worker.start()
    deadline = time.monotonic() + 90
    while not cache.get(f"faults:{token}:done") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert cache.get(f"faults:{token}:done"), "the killed task's message was lost"
    assert cache.get(f"faults:{token}:starts") == 2
