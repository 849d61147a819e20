"""A task that keeps failing becomes an incident an administrator sees; it is never dropped silently."""

from __future__ import annotations

import time
import uuid

import pytest
from django.urls import reverse

from gazette.incidents.models import Incident
from tests.incidents.tasks import ATTEMPTS, always_fails, works

ID_NUMBER = "11010519491231002X"


def _wait_for(predicate, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    return predicate()


@pytest.mark.worker
def test_a_task_failing_after_three_retries_becomes_one_incident(celery_worker):
    tag = uuid.uuid4().hex
    result = always_fails.apply_async(args=[tag], kwargs={"id_number": ID_NUMBER})
    incident = _wait_for(lambda: Incident.objects.filter(task_id=result.id).first())
    assert incident is not None, "the failed task left no incident"
    assert ATTEMPTS[tag] == 4  # the first try and three retries
    assert incident.kind == Incident.Kind.FAILED and incident.retries == 3 and incident.count == 1
    assert incident.task_name == "tests.incidents.always_fails"
    assert "ConnectionError" in incident.exception and "Traceback" in incident.traceback
    assert not incident.resolved
    # Personal data in arguments and messages is masked.
    for text in (incident.args, incident.exception, incident.traceback):
        assert ID_NUMBER not in text
    assert "110105********002X" in incident.args


@pytest.mark.worker
def test_an_unknown_task_message_becomes_an_incident(celery_worker):
    from gazette.celery import app

    result = app.send_task("tests.incidents.no_such_task", args=[1])
    incident = _wait_for(lambda: Incident.objects.filter(task_id=result.id).first())
    assert incident is not None and incident.kind == Incident.Kind.UNKNOWN
    assert incident.task_name == "tests.incidents.no_such_task"


@pytest.mark.worker
def test_a_message_started_too_often_without_finishing_is_stopped(celery_worker, settings):
    """A message that kills its worker is redelivered (acks_late); past the limit it becomes an incident."""
    from django.core.cache import cache

    from gazette.incidents.base import DELIVERY_KEY

    settings.GAZETTE_TASK_MAX_DELIVERIES = 2
    tag = uuid.uuid4().hex
    task_id = str(uuid.uuid4())
    # Two earlier deliveries started and died with their worker (never reached after_return).
    cache.set(DELIVERY_KEY.format(id=task_id, retries=0), 2, timeout=60)
    works.apply_async(args=[tag], task_id=task_id)
    incident = _wait_for(lambda: Incident.objects.filter(task_id=task_id).first())
    assert incident is not None and incident.kind == Incident.Kind.POISON
    assert "3 times" in incident.exception
    assert tag not in ATTEMPTS


@pytest.mark.worker
def test_finished_tasks_do_not_count_towards_the_limit(celery_worker, settings):
    settings.GAZETTE_TASK_MAX_DELIVERIES = 2
    tag = uuid.uuid4().hex
    task_id = str(uuid.uuid4())
    for _ in range(4):  # the same message delivered four times, each run to the end
        works.apply_async(args=[tag], task_id=task_id)
    assert _wait_for(lambda: ATTEMPTS.get(tag) == 4)
    assert not Incident.objects.filter(task_id=task_id).exists()


def test_administrators_see_and_resolve_incidents(admin_client, django_user_model):
    incident = Incident.objects.create(task_name="gazette.deadlines.sweep", task_id="abc", exception="boom")
    page = admin_client.get(reverse("admin:incidents_incident_changelist"))
    assert page.status_code == 200 and "gazette.deadlines.sweep" in page.content.decode()
    admin_client.post(reverse("admin:incidents_incident_changelist"),
                      {"action": "mark_resolved", "_selected_action": [incident.pk]})
    incident.refresh_from_db()
    assert incident.resolved and incident.resolved_by is not None
