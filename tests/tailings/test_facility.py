"""The register and the facility's lifecycle through the engine: bad input, the project review, trial run,
licence, closure with its extension, 销号."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gazette.deadlines.models import Deadline
from gazette.workflow.actions import action_perform
from gazette.workflow.exceptions import GuardFailed, TransitionConflict
from gazette.workflow.models import WorkItem
from tailings.models import Facility
from tests.tailings.factories import compliant_input, to_operating

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("field", "value", "words"), [
    ("grade", 6, ["等别", "1至5"]), ("grade", 0, ["等别"]),
    ("outer_slope_ratio", Decimal("0.33"), ["坡比", "垂直÷水平", "第二十三条"]),
    ("current_elevation", Decimal("1250.01"), ["当前堆积标高", "设计最终堆积标高", "第二十三条"]),
])
def test_bad_register_input_names_the_field_and_article_and_saves_nothing(make_facility, field, value, words):
    with pytest.raises(ValidationError) as exc:
        make_facility(**{field: value})
    message = "；".join(exc.value.message_dict[field])
    assert all(w in message for w in words), message
    assert not Facility.objects.exists()


def _review_to_decision(facility, users):
    action_perform(obj=facility, name="submit_design", actor=users["operator"])
    return facility


def test_project_29km_from_the_yellow_river_is_refused_citing_article_9(make_facility, users, client):
    facility = make_facility(yellow_river_distance_km=Decimal("2.900"))
    entry = next(e for e in facility.rule_trace if e["rule"] == "TAIL-A9")
    assert entry["outcome"] == "failed" and entry["article"] == "第九条"
    _review_to_decision(facility, users)
    with pytest.raises(GuardFailed) as exc:
        action_perform(obj=facility, name="approve_design", actor=users["county_approver"])
    assert "TAIL-A9" in str(exc.value) and "第九条" in str(exc.value)
    facility.refresh_from_db()
    assert facility.state == "design_review"
    client.force_login(users["county_approver"])
    page = client.get(reverse("tailings:facility_review", args=[facility.pk])).content.decode()
    assert 'id="review-blocked"' in page and "第九条" in page and "2.900公里" in page


def test_compliant_project_goes_through_trial_run_to_licence(make_facility, users):
    facility = make_facility()
    _review_to_decision(facility, users)
    action_perform(obj=facility, name="approve_design", actor=users["county_approver"])
    today = timezone.localdate()
    start = today + timedelta(days=3)
    action_perform(obj=facility, name="file_trial_plan", actor=users["operator"], data={
        "filed_on": today, "start_on": start, "planned_end_on": start + timedelta(days=90)})
    facility.refresh_from_db()
    assert facility.state == "trial_run"
    clock = Deadline.objects.get(object_id=facility.pk, kind="trial_run")
    assert timezone.localtime(clock.started_at).date() == start
    assert "6个月" in clock.explanation["summary"]
    action_perform(obj=facility, name="finish_trial_run", actor=users["operator"], data={
        "end_on": start + timedelta(days=45), "max_discharge_elevation": Decimal("1208.00"),
        "trial_report_on": start + timedelta(days=46), "acceptance_evaluation_on": start + timedelta(days=50)})
    assert WorkItem.objects.filter(object_id=facility.pk, organisation=facility.supervisor).exists()
    action_perform(obj=facility, name="grant_licence", actor=users["county_approver"], data={
        "licence_number": "（晋）FM安许证字〔2026〕12号", "issued_on": today, "expires_on": date(today.year + 3, 1, 1)})
    facility.refresh_from_db()
    assert facility.state == "operating"
    link = Deadline.objects.get(object_id=facility.pk, kind="monitoring_link", status="running")
    assert link.rule_id == "TAIL-A26"


def test_trial_plan_filed_on_the_start_day_is_refused(make_facility, users):
    facility = to_operating_until_construction(make_facility(), users)
    today = timezone.localdate()
    with pytest.raises(GuardFailed) as exc:
        action_perform(obj=facility, name="file_trial_plan", actor=users["operator"], data={
            "filed_on": today, "start_on": today, "planned_end_on": today + timedelta(days=60)})
    assert "第十六条" in str(exc.value)


@pytest.mark.parametrize(("days", "ok"), [(29, False), (30, True)])
def test_trial_run_shorter_than_30_days_cannot_finish(make_facility, users, days, ok):
    facility = to_operating_until_construction(make_facility(), users)
    today = timezone.localdate()
    start = today - timedelta(days=40)
    action_perform(obj=facility, name="file_trial_plan", actor=users["operator"], data={
        "filed_on": start - timedelta(days=2), "start_on": start, "planned_end_on": start + timedelta(days=60)})
    data = {"end_on": start + timedelta(days=days), "max_discharge_elevation": Decimal("1200.00"),
            "trial_report_on": start + timedelta(days=days), "acceptance_evaluation_on": today}
    if ok:
        action_perform(obj=facility, name="finish_trial_run", actor=users["operator"], data=data)
    else:
        with pytest.raises(GuardFailed, match="少于30天"):
            action_perform(obj=facility, name="finish_trial_run", actor=users["operator"], data=data)


def to_operating_until_construction(facility, users):
    action_perform(obj=facility, name="submit_design", actor=users["operator"])
    action_perform(obj=facility, name="approve_design", actor=users["county_approver"])
    facility.refresh_from_db()
    return facility


def test_final_elevation_starts_the_closure_clock_and_a_seventh_month_is_refused(make_facility, users):
    facility = to_operating(make_facility())
    from tailings.services import facility_elevation_record

    facility_elevation_record(facility=facility, actor=users["operator"], elevation=Decimal("1250.00"),
                              on=date(2026, 3, 1))
    facility.refresh_from_db()
    assert facility.state == "closing" and facility.closure_trigger == "final_elevation"
    clock = Deadline.objects.get(object_id=facility.pk, kind="closure", status="running")
    assert timezone.localtime(clock.started_at).date() == date(2026, 3, 1)
    assert clock.amount == 12 and "12个月" in clock.explanation["summary"]
    action_perform(obj=facility, name="extend_closure", actor=users["county_approver"],
                   data={"months": 6, "consent_document": "娄应急函〔2027〕8号"})
    facility.refresh_from_db()
    assert facility.closure_extension_months == 6
    clock = Deadline.objects.get(object_id=facility.pk, kind="closure", status="running")
    assert clock.amount == 18 and timezone.localtime(clock.due_at).date() >= date(2027, 9, 1)
    with pytest.raises(GuardFailed) as exc:
        action_perform(obj=facility, name="extend_closure", actor=users["county_approver"],
                       data={"months": 1, "consent_document": "娄应急函〔2027〕9号"})
    assert "超过6个月" in str(exc.value) and "第三十条" in str(exc.value)
    facility.refresh_from_db()
    assert facility.closure_extension_months == 6


def test_extension_by_a_department_that_is_not_local_is_refused(make_facility, users, make_user, orgs):
    from tests.factories import OrganisationFactory, region

    facility = to_operating(make_facility())
    action_perform(obj=facility, name="start_closure", actor=users["operator"],
                   data={"trigger": "discharge_ceased", "trigger_on": timezone.localdate()})
    # the city department sees the facility but is not the local (所在地) one
    with pytest.raises(GuardFailed, match="所在地"):
        action_perform(obj=facility, name="extend_closure", actor=users["city_approver"],
                       data={"months": 2, "consent_document": "并应急函"})
    assert OrganisationFactory and region  # imported helpers used by other tests


def test_elevation_above_final_design_refused(make_facility, users):
    from tailings.services import facility_elevation_record

    facility = to_operating(make_facility())
    with pytest.raises(ValidationError) as exc:
        facility_elevation_record(facility=facility, actor=users["operator"], elevation=Decimal("1250.50"))
    assert "第二十三条" in "；".join(exc.value.messages)
    facility.refresh_from_db()
    assert facility.current_elevation == Decimal("1200.00")


def test_after_closeout_no_change_only_supervisor_and_land_record(make_facility, users):
    from tailings.services import facility_update

    facility = to_operating(make_facility())
    action_perform(obj=facility, name="start_closure", actor=users["operator"],
                   data={"trigger": "discharge_ceased", "trigger_on": timezone.localdate()})
    action_perform(obj=facility, name="close_out", actor=users["county_approver"],
                   data={"closed_on": timezone.localdate()})
    facility.refresh_from_db()
    assert facility.state == "closed"
    with pytest.raises(ValidationError, match="第三十三条"):
        facility_update(facility=facility, actor=users["county_approver"], changes={"name": "改名"})
    with pytest.raises(TransitionConflict):
        action_perform(obj=facility, name="resume", actor=users["operator"])
    action_perform(obj=facility, name="name_supervisor", actor=users["county_approver"],
                   data={"post_closure_supervisor": "娄烦县自然资源局"})
    action_perform(obj=facility, name="record_land_reclamation", actor=users["county_approver"],
                   data={"land_reclamation_record": "已复垦为林地"})
    facility.refresh_from_db()
    assert facility.post_closure_supervisor == "娄烦县自然资源局" and facility.name == "娄烦示范尾矿库"


def test_resume_without_a_valid_licence_is_refused(make_facility, users):
    facility = to_operating(make_facility())
    action_perform(obj=facility, name="suspend", actor=users["operator"], data={"idle_since": timezone.localdate()})
    Facility.objects.filter(pk=facility.pk).update(licence_expires_on=timezone.localdate() - timedelta(days=1))
    facility.refresh_from_db()
    with pytest.raises(GuardFailed, match="第十八条"):
        action_perform(obj=facility, name="resume", actor=users["operator"])


def test_compliant_input_passes_every_siting_rule(make_facility):
    facility = make_facility()
    assert all(e["outcome"] != "failed" for e in facility.rule_trace), facility.rule_trace
    assert compliant_input().grade == 4
