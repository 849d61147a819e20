"""Work items: one row per open piece of work, written with each transition; the inbox reads only them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from gazette.workflow.engine import transition_perform
from gazette.workflow.models import WorkItem
from gazette.workflow.selectors import work_counts, work_inbox

pytestmark = pytest.mark.django_db


def _rows(obj):
    return sorted(WorkItem.objects.filter(object_id=obj.pk, app=obj._meta.app_label)
                  .values_list("organisation_id", "state", "deadline__kind", "title"))


def test_each_transition_rewrites_the_work_items_in_its_transaction(make_permit, county_clerk, county_approver):
    permit = make_permit()
    assert [(org, state, kind) for org, state, kind, _t in _rows(permit)] == [(permit.organisation_id, "draft", None)]
    transition_perform(case=permit, name="submit", actor=county_clerk)
    rows = _rows(permit)
    assert [(org, state, kind) for org, state, kind, _t in rows] == [(permit.organisation_id, "submitted", "review")]
    transition_perform(case=permit, name="approve", actor=county_approver)
    transition_perform(case=permit, name="publicise", actor=county_clerk)
    # 公示中: only the engine acts (finalise is a system step), so nothing waits for anybody.
    assert _rows(permit) == []


def test_a_failed_transition_leaves_the_work_items_as_they_were(make_permit, county_clerk):
    from gazette.workflow.exceptions import TransitionConflict

    permit = make_permit()
    before = _rows(permit)
    with pytest.raises(TransitionConflict):
        transition_perform(case=permit, name="approve", actor=county_clerk)
    assert _rows(permit) == before


def test_the_inbox_shows_counts_by_app_and_urgency_and_filters(client, make_permit, county_clerk):
    late, soon = make_permit(), make_permit()
    for p in (late, soon):
        transition_perform(case=p, name="submit", actor=county_clerk)
    WorkItem.objects.filter(object_id=late.pk).update(due_at=timezone.now() - timedelta(hours=1))
    WorkItem.objects.filter(object_id=soon.pk).update(due_at=timezone.now() + timedelta(days=2),
                                                      warn_at=timezone.now() - timedelta(minutes=1))
    counts = work_counts(county_clerk)
    assert counts["total"] == 2 and counts["urgency"] == {"overdue": 1, "soon": 1, "normal": 0}
    assert [a["app"] for a in counts["apps"]] == ["workflow_app"]
    overdue = list(work_inbox(county_clerk, urgency="overdue"))
    assert [e.title.split()[0] for e in overdue] == [late.reference]
    client.force_login(county_clerk)
    page = client.get(reverse("ui:inbox") + "?urgency=soon").content.decode()
    assert soon.reference in page and late.reference not in page
    assert "?app=workflow_app" in client.get(reverse("ui:inbox")).content.decode()


def test_the_inbox_reads_work_items_in_one_query_for_any_number_of_apps(make_permit, county_clerk,
                                                                         django_assert_num_queries):
    for _ in range(5):
        transition_perform(case=make_permit(), name="submit", actor=county_clerk)
    with django_assert_num_queries(1):
        entries = list(work_inbox(county_clerk))
    assert len(entries) == 5


def test_work_rebuild_restores_the_same_rows(make_permit, county_clerk):
    permit = make_permit()
    transition_perform(case=permit, name="submit", actor=county_clerk)
    before = _rows(permit)
    WorkItem.objects.all().delete()
    call_command("work_rebuild", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _rows(permit) == before
    call_command("work_rebuild", stdout=open("/dev/null", "w"))  # noqa: SIM115 - twice: still one row each
    assert _rows(permit) == before
