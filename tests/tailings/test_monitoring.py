"""Online monitoring (第二十六条): the readings API refuses bad readings one by one and stores the rest; alarms
open once, update, are acknowledged, clear with hysteresis, escalate when not acknowledged; silent stations alarm."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from gazette.deadlines.models import Deadline
from gazette.deadlines.services import deadlines_sweep
from gazette.workflow.actions import action_perform
from gazette.workflow.models import WorkItem
from tailings.api.authentication import monitoring_system_create
from tailings.models import Alarm, AlarmLimit, Reading, Station
from tailings.monitoring import stations_stale_sweep
from tests.tailings.factories import facility_make, tailings_orgs, to_operating

pytestmark = pytest.mark.django_db
URL = "/api/v1/tailings/readings/"


@pytest.fixture
def site(make_facility, orgs):
    facility = to_operating(make_facility())
    station = Station.objects.create(facility=facility, code="JR-01", quantity="phreatic_depth", unit="m",
                                     stale_minutes=30)
    today = timezone.localdate()
    for level, threshold in (("yellow", 6.0), ("orange", 5.0), ("red", 4.0)):
        AlarmLimit.objects.create(facility=facility, quantity="phreatic_depth", level=level, direction="below",
                                  threshold=threshold, clear_margin=0.3, escalate_hours=1, effective_from=today)
    _system, token = monitoring_system_create(name="娄烦示范尾矿库在线监测系统", operator=orgs["operator"])
    return {"facility": facility, "station": station, "token": token}


def _post(api_client, token, items):
    return api_client.post(URL, {"readings": items}, format="json", HTTP_AUTHORIZATION=f"Monitor {token}")


def _r(site, value, minutes_ago=0, **kw):
    at = (timezone.now() - timedelta(minutes=minutes_ago)).isoformat()
    return {"facility": site["facility"].reference, "station": "JR-01", "quantity": "phreatic_depth",
            "value": value, "unit": "m", "measured_at": at, **kw}


def test_bad_readings_refused_one_by_one_good_ones_stored(api_client, site, orgs):
    other = tailings_orgs(suffix="（他人）")
    foreign = facility_make(operator=other["operator"], supervisor=other["county"], name="他人尾矿库")
    Station.objects.create(facility=foreign, code="JR-01", quantity="phreatic_depth", unit="m")
    good = _r(site, 8.0, minutes_ago=5)
    items = [
        good,
        _r(site, 8.1, station="NOPE"),                                        # unknown station
        _r(site, 8.1, unit="cm"),                                             # unit mismatch
        _r(site, 8.1, minutes_ago=-60),                                       # future
        dict(good),                                                           # duplicate in the batch
        {**_r(site, 8.2), "facility": foreign.reference},                     # another operator's facility
        _r(site, 8.2, quantity="seepage"),                                    # wrong quantity
        _r(site, "high"),                                                     # not a number
        _r(site, 7.9, minutes_ago=1),
    ]
    response = _post(api_client, site["token"], items)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["accepted"] == 2
    reasons = {r["index"]: (r["field"], r["reason"]) for r in body["refused"]}
    assert set(reasons) == {1, 2, 3, 4, 5, 6, 7}
    assert reasons[1][0] == "station" and reasons[2][0] == "unit" and reasons[3][0] == "measured_at"
    assert "重复" in reasons[4][1] and reasons[5][0] == "facility" and "生产经营单位" in reasons[5][1]
    assert Reading.objects.count() == 2
    again = _post(api_client, site["token"], [good]).json()       # already stored: refused as a duplicate
    assert again["accepted"] == 0 and "已接收过" in again["refused"][0]["reason"]
    assert Reading.objects.count() == 2


def test_a_batch_without_a_valid_token_is_refused(api_client, site):
    assert _post(api_client, "wrong", [_r(site, 8)]).status_code == 401
    assert api_client.post(URL, {"readings": []}, format="json").status_code in (401, 403)
    assert _post(api_client, site["token"], {"x": 1}).status_code == 400
    assert Reading.objects.count() == 0


def test_phreatic_line_above_its_limit_raises_one_red_alarm_in_the_county_inbox(api_client, site, users, orgs):
    response = _post(api_client, site["token"], [_r(site, 3.8, minutes_ago=2)])
    assert response.json()["alarms_opened"] == 1
    alarm = Alarm.objects.get()
    assert (alarm.level, alarm.state, alarm.kind) == ("red", "open", "limit")
    item = WorkItem.objects.get(object_id=alarm.pk, app="tailings", organisation=orgs["county"])
    assert item.due_at is not None and item.rule_id == "TAIL-A26"
    # a persisting condition updates the open alarm, never opens a second
    _post(api_client, site["token"], [_r(site, 4.5, minutes_ago=1)])
    assert Alarm.objects.count() == 1
    alarm.refresh_from_db()
    assert (alarm.level, alarm.peak_level, alarm.value) == ("orange", "red", 4.5)
    action_perform(obj=alarm, name="acknowledge", actor=users["county_clerk"])
    assert not WorkItem.objects.filter(object_id=alarm.pk, app="tailings").exists()
    # back inside the yellow limit (6.0) but not past the hysteresis (6.3): still active
    _post(api_client, site["token"], [_r(site, 6.1, minutes_ago=0.5)])
    alarm.refresh_from_db()
    assert alarm.state == "acknowledged"
    _post(api_client, site["token"], [_r(site, 6.4, minutes_ago=0)])
    alarm.refresh_from_db()
    assert alarm.state == "cleared" and alarm.cleared_at is not None
    _post(api_client, site["token"], [_r(site, 3.9, minutes_ago=-1)])
    assert Alarm.objects.filter(state="open").count() == 1 and Alarm.objects.count() == 2


def test_an_unacknowledged_alarm_escalates_to_the_superior_department(api_client, site, orgs):
    from gazette.notifications.models import Notification

    _post(api_client, site["token"], [_r(site, 3.5)])
    alarm = Alarm.objects.get()
    clock = Deadline.objects.get(object_id=alarm.pk, kind="alarm_ack")
    assert clock.unit == "hours" and clock.amount == 1
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        deadlines_sweep()
    clock.refresh_from_db()
    assert clock.status == "breached" and clock.escalated_to == orgs["city"]
    assert Notification.objects.filter(organisation=orgs["city"], reference=alarm.reference).exists()


def test_a_silent_station_raises_its_own_alarm_and_clears_when_it_reports(api_client, site):
    _post(api_client, site["token"], [_r(site, 8.0, minutes_ago=40)])
    assert stations_stale_sweep() == 1
    assert stations_stale_sweep() == 0       # once
    stale = Alarm.objects.get(kind="stale")
    assert stale.state == "open"
    _post(api_client, site["token"], [_r(site, 8.0)])
    stale.refresh_from_db()
    assert stale.state == "cleared"


def test_facility_page_plots_each_station_against_its_limits_with_alarms(client, api_client, site, users,
                                                                         django_assert_max_num_queries):
    _post(api_client, site["token"], [_r(site, 8.0 - i * 0.5, minutes_ago=60 - i) for i in range(10)])
    client.force_login(users["county_clerk"])
    url = site["facility"].get_absolute_url()
    with django_assert_max_num_queries(45):
        page = client.get(url).content.decode()
    assert 'data-station="JR-01"' in page and page.count('class="limit"') == 3
    assert 'class="alarm-mark"' in page


def test_the_orm_path_of_make_runs_embedded_database_stores_and_refuses_the_same(api_client, site, monkeypatch):
    """``make run`` starts on SQLite, which has no arrays: readings go through ``_insert_portable`` there. Run
    here on PostgreSQL with the vendor switch forced, it stores, refuses a reading already stored and moves the
    station's latest time like the one-statement insert."""
    from tailings import monitoring

    monkeypatch.setattr(monitoring, "_insert", monitoring._insert_portable)
    first = _r(site, 8.0, minutes_ago=5)
    body = _post(api_client, site["token"], [first, _r(site, 7.9, minutes_ago=1)]).json()
    assert body["accepted"] == 2 and Reading.objects.count() == 2
    again = _post(api_client, site["token"], [first]).json()
    assert again["accepted"] == 0 and "已接收过" in again["refused"][0]["reason"]
    site["station"].refresh_from_db()
    assert site["station"].last_reading_at == Reading.objects.latest("measured_at").measured_at
