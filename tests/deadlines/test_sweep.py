"""The per-minute sweep: breach actions exactly once, soon-due warnings, catching up after downtime."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from gazette.deadlines.choices import DeadlineStatus
from gazette.deadlines.models import Deadline
from gazette.deadlines.selectors import deadline_list_for_case, deadline_list_overdue, remaining
from gazette.deadlines.services import deadlines_sweep
from gazette.notifications.models import Notification
from gazette.workflow.engine import case_history, transition_perform
from tests.concurrency import run_together
from tests.workflow_app.models import Permit
from tests.workflow_app.workflow import S

SH = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def _at(*args) -> datetime:
    return datetime(*args, tzinfo=SH)


def test_review_clock_counts_working_days_across_national_day(make_permit, county_clerk):
    with time_machine.travel(_at(2026, 9, 30, 10, 0), tick=False):
        permit = make_permit()
        transition_perform(case=permit, name="submit", actor=county_clerk)
    review = deadline_list_for_case(permit).get(kind="review")
    # 2026 National Day: Oct 1–7 off, Oct 10 (Saturday) a make-up working day; start day not counted.
    assert timezone.localtime(review.due_at).date().isoformat() == "2026-10-10"
    assert review.provisional is False


def test_breach_escalates_to_the_supervising_organisation_exactly_once(make_permit, county_clerk, county_office):
    with time_machine.travel(_at(2026, 11, 2, 9, 0), tick=False):
        permit = make_permit()
        transition_perform(case=permit, name="submit", actor=county_clerk)
    with time_machine.travel(_at(2026, 11, 6, 0, 5), tick=False):
        first = deadlines_sweep()
        second = deadlines_sweep()
    assert (first.breached, second.breached) == (1, 0)
    review = deadline_list_for_case(permit).get(kind="review")
    assert review.status == DeadlineStatus.BREACHED
    assert review.escalated_to == county_office.parent
    assert Notification.objects.filter(organisation=county_office.parent, kind="escalated").count() == 1
    assert Notification.objects.filter(organisation=county_office, kind="breached").count() == 1
    assert "上级单位" in review.breach_result


def test_soon_due_warning_is_sent_once(make_permit, county_clerk, county_office):
    with time_machine.travel(_at(2026, 11, 2, 9, 0), tick=False):
        permit = make_permit()
        transition_perform(case=permit, name="submit", actor=county_clerk)
    with time_machine.travel(_at(2026, 11, 5, 8, 0), tick=False):  # the last working day
        assert deadlines_sweep().warned == 1
        assert deadlines_sweep().warned == 0
        d = deadline_list_for_case(permit).get(kind="review")
        assert remaining(d).urgency == "soon"
    assert Notification.objects.filter(organisation=county_office, kind="soon_due").count() == 1


def test_breach_can_move_the_case_automatically(make_permit, county_clerk):
    with time_machine.travel(_at(2026, 11, 2, 9, 0), tick=False):
        permit = make_permit()
        transition_perform(case=permit, name="submit", actor=county_clerk)
        transition_perform(case=permit, name="request_materials", actor=county_clerk, comment="缺材料")
    with time_machine.travel(_at(2026, 11, 4, 9, 1), tick=False):  # 48 hours later
        deadlines_sweep()
    permit.refresh_from_db()
    assert permit.state == S.EXPIRED
    last = case_history(permit).last()
    assert last.actor is None and last.actor_name == "系统" and "TEST-A1" in last.comment


def test_sweep_after_downtime_fires_everything_due_once(make_permit, county_clerk):
    with time_machine.travel(_at(2026, 11, 2, 9, 0), tick=False):
        permits = [make_permit() for _ in range(5)]
        for p in permits:
            transition_perform(case=p, name="submit", actor=county_clerk)
    # Beat and workers were down for two weeks; the first sweep after restart catches up.
    with time_machine.travel(_at(2026, 11, 16, 9, 0), tick=False):
        result = deadlines_sweep(batch=2)
        assert result.breached == 5
        assert deadlines_sweep().breached == 0
    assert Deadline.objects.filter(status=DeadlineStatus.BREACHED).count() == 5


def test_overdue_list_is_scoped_to_jurisdiction(make_permit, county_clerk, other_county_clerk):
    with time_machine.travel(_at(2026, 11, 2, 9, 0), tick=False):
        permit = make_permit()
        transition_perform(case=permit, name="submit", actor=county_clerk)
    with time_machine.travel(_at(2026, 11, 9, 9, 0), tick=False):
        deadlines_sweep()
        assert list(deadline_list_overdue(user=county_clerk).values_list("reference", flat=True)) == [permit.reference]
        assert not deadline_list_overdue(user=other_county_clerk).exists()


def test_work_done_after_a_breach_leaves_the_overdue_list_and_keeps_the_breach(make_permit, county_clerk,
                                                                              county_approver):
    """Issue 12 item 15: a report submitted late is no longer overdue, and the lateness stays on record."""
    with time_machine.travel(_at(2026, 11, 2, 9, 0), tick=False):
        permit = make_permit()
        transition_perform(case=permit, name="submit", actor=county_clerk)
    with time_machine.travel(_at(2026, 11, 9, 9, 0), tick=False):
        deadlines_sweep()
        assert deadline_list_overdue(user=county_clerk).count() == 1
    with time_machine.travel(_at(2026, 11, 11, 9, 0), tick=False):
        transition_perform(case=permit, name="refuse", actor=county_approver, comment="材料不实")
        assert not deadline_list_overdue(user=county_clerk).exists()
        review = deadline_list_for_case(permit).get(kind="review")
        assert review.status == DeadlineStatus.BREACHED
        assert review.done_late_at == timezone.now()
        # Due 5 Nov (3 working days from 2 Nov); done on 11 Nov: 6, 9, 10, 11 Nov are 4 working days late.
        assert remaining(review).text == "逾期4个工作日后办结"


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, make_permit, county_clerk, county_office):
    with time_machine.travel(_at(2026, 11, 2, 9, 0), tick=False):
        permit = make_permit()
        transition_perform(case=permit, name="submit", actor=county_clerk)
    with time_machine.travel(_at(2026, 11, 6, 0, 5), tick=False):
        deadlines_sweep()
    note = Notification.objects.get(organisation=county_office, kind="breached")
    client.force_login(county_clerk)
    inbox = client.get("/inbox/").content.decode()
    assert f"/notifications/{note.pk}/open/" in inbox and "全部消息标为已读" in inbox
    answer = client.get(f"/notifications/{note.pk}/open/")
    assert answer.status_code == 302 and answer["Location"] == (note.url or "/inbox/")
    note.refresh_from_db()
    assert note.read_at is not None
    assert f"/notifications/{note.pk}/open/" not in client.get("/inbox/").content.decode()
    # Another organisation's message is not found, and an address off this site is never followed.
    other = Notification.objects.create(kind="info", title="x", organisation=county_office.parent)
    assert client.get(f"/notifications/{other.pk}/open/").status_code == 404
    away = Notification.objects.create(kind="info", title="y", organisation=county_office, url="https://evil.example/")
    assert client.get(f"/notifications/{away.pk}/open/")["Location"] == "/inbox/"
    fresh = Notification.objects.create(kind="info", title="z", organisation=county_office)
    assert client.post("/notifications/read-all/").status_code == 302
    fresh.refresh_from_db()
    assert fresh.read_at is not None


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SKIP LOCKED needs PostgreSQL")
def test_two_sweepers_at_once_apply_each_breach_exactly_once(make_permit, county_clerk, county_office):
    with time_machine.travel(_at(2026, 11, 2, 9, 0), tick=False):
        permits = [make_permit() for _ in range(30)]
        for p in permits:
            transition_perform(case=p, name="submit", actor=county_clerk)
    now = _at(2026, 11, 10, 9, 0)
    totals = run_together(lambda i: deadlines_sweep(now=now, batch=3).breached, 2)
    assert sum(totals) == 30
    assert Notification.objects.filter(kind="escalated").count() == 30
    assert Notification.objects.filter(kind="breached").count() == 30
    assert Permit.objects.count() == 30


@pytest.mark.worker
def test_the_sweep_runs_in_a_real_worker(celery_worker, make_permit, county_clerk):
    from gazette.deadlines.tasks import sweep

    with time_machine.travel(_at(2026, 11, 2, 9, 0), tick=False):
        permit = make_permit()
        transition_perform(case=permit, name="submit", actor=county_clerk)
    Deadline.objects.filter(reference=permit.reference).update(due_at=timezone.now() - timedelta(minutes=1))
    sweep.delay()
    import time

    for _ in range(100):
        if Deadline.objects.filter(reference=permit.reference, status=DeadlineStatus.BREACHED).exists():
            break
        time.sleep(0.1)
    assert Deadline.objects.get(reference=permit.reference).status == DeadlineStatus.BREACHED


def test_inbox_query_count_does_not_grow_with_rows(client, make_permit, county_clerk):
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    def count_for(n: int) -> int:
        for _ in range(n):
            transition_perform(case=make_permit(), name="submit", actor=county_clerk)
        client.force_login(county_clerk)
        with CaptureQueriesContext(conn) as ctx:
            response = client.get("/inbox/")
        assert response.status_code == 200
        return len(ctx.captured_queries)

    small = count_for(2)
    large = count_for(15)
    assert large == small


def test_an_inbox_clock_links_to_its_case_and_shows_its_state(client, make_permit, county_clerk):
    """Each clock's row links to the case page and shows the case's state (read for the clocks in one query per
    case model, issue #6)."""
    permit = make_permit()
    transition_perform(case=permit, name="submit", actor=county_clerk)
    client.force_login(county_clerk)
    html = client.get("/inbox/").content.decode()
    permit.refresh_from_db()
    assert f'href="{permit.get_absolute_url()}"' in html
    assert f"<td>{permit.state_label}</td>" in html
    assert 'href="#"' not in html
