from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gazette.notices.models import PublicNotice
from gazette.workflow.actions import action_perform
from gazette.workflow.exceptions import GuardFailed
from property.models import Backing, Committee, Nomination

from .conftest import PLACES, close_notices, nominate, run_committee, units

pytestmark = pytest.mark.django_db


def test_announcement_is_posted_in_two_places_for_seven_days_and_starts_the_30_day_clock(form_committee):
    committee = form_committee()
    assert committee.state == "announcing"
    notice = PublicNotice.objects.get(object_id=committee.pk, rule_id="PROP-A7")
    assert sorted(p.place for p in notice.places.all()) == sorted(PLACES)
    assert (notice.ends_at - notice.starts_at).days == 7
    from gazette.deadlines.selectors import deadline_list_for_case

    assert {d.kind for d in deadline_list_for_case(committee)} == {"establish"}
    assert committee.rule_trace[0]["rule"] == "PROP-A2"


def test_one_posting_place_is_refused_citing_article_7(form_committee):
    with pytest.raises(ValidationError) as exc:
        form_committee(places=["小区东门公告栏"])
    assert "第七条" in str(exc.value) and "两处以上" in str(exc.value)
    assert not Committee.objects.exists()


def test_six_day_announcement_is_refused(form_committee):
    with pytest.raises(ValidationError) as exc:
        form_committee(days=6)
    assert "不得少于7日" in str(exc.value)


def test_an_area_with_an_owners_committee_is_refused_citing_article_2(form_committee, make_area):
    from datetime import date

    area = make_area(owners_committee_elected_on=date(2025, 5, 1))
    with pytest.raises(ValidationError) as exc:
        form_committee(area=area)
    assert "已成立业主委员会" in str(exc.value) and "第二条" in str(exc.value)


@pytest.mark.parametrize(("delivered", "ok"), [("24999.99", True), ("25000.00", False), ("25000.01", False)])
def test_trigger_one_needs_delivered_area_under_half(form_committee, make_area, delivered, ok):
    area = make_area(total_area=Decimal("50000.00"), delivered_area=Decimal(delivered))
    if ok:
        assert form_committee(area=area).state == "announcing"
    else:
        with pytest.raises(ValidationError, match="第六条"):
            form_committee(area=area)


def test_delivered_area_above_total_is_refused(make_area):
    with pytest.raises(ValidationError) as exc:
        make_area(total_area=Decimal("100.00"), delivered_area=Decimal("100.01"))
    assert "不能大于建筑总面积" in str(exc.value)


def test_owners_import_reports_each_bad_row_and_saves_the_good_ones(make_area, street_clerk):
    from property.services import owners_import

    area = make_area(units=2)
    result = owners_import(area=area, actor=street_clerk, rows=[
        {"房号": "2-101", "专有部分面积": "88", "业主姓名": "甲", "手机号码": "13900000001"},
        {"房号": "1-001", "专有部分面积": "88", "业主姓名": "乙"},
        {"房号": "2-102", "专有部分面积": "abc", "业主姓名": "丙"},
        {"房号": "2-103", "专有部分面积": "80", "业主姓名": "", "手机号码": "123"},
    ])
    assert result.created == 1
    assert [(e["row"], e["errors"]) for e in result.errors] == [
        (3, "房号重复（一个专有部分只登记一名业主）"), (4, "专有部分面积不是数字"),
        (5, "业主姓名为空；手机号码应为11位数字")]
    assert area.owners.count() == 3


def test_nomination_needs_ten_distinct_backers_not_counting_the_nominee(form_committee, street_clerk):
    committee = form_committee()
    with pytest.raises(ValidationError) as exc:
        nominate(committee, street_clerk, "1-001", units(2, 9))
    assert "不足10名" in str(exc.value) and "第十条" in str(exc.value)
    with pytest.raises(ValidationError, match="本人不能为自己联名"):
        nominate(committee, street_clerk, "1-001", units(1, 10))
    # A unit named twice counts once: 9 distinct backers.
    with pytest.raises(ValidationError, match="不足10名"):
        nominate(committee, street_clerk, "1-001", [*units(2, 9), "1-002"])
    assert not Nomination.objects.exists()
    nomination = nominate(committee, street_clerk, "1-001", units(2, 10))
    assert nomination.backings.count() == 10


def test_an_owner_backs_one_representative_only(form_committee, street_clerk):
    committee = form_committee()
    nominate(committee, street_clerk, "1-001", units(2, 10))
    with pytest.raises(ValidationError) as exc:
        nominate(committee, street_clerk, "1-020", [*units(21, 9), "1-005"])
    assert "1-005" in str(exc.value) and "只能推选一名业主代表" in str(exc.value)
    assert Nomination.objects.count() == 1 and Backing.objects.count() == 10


def test_joint_nomination_needs_the_nominees_consent(form_committee, street_clerk):
    committee = form_committee()
    with pytest.raises(ValidationError, match="本人签字同意"):
        nominate(committee, street_clerk, "1-001", units(2, 10), consent_signed=False)
    assert nominate(committee, street_clerk, "1-001", units(2, 10), consent_signed=False, self_nominated=True)


def _to_candidates(form_committee):
    committee = form_committee()
    return close_notices(committee)


def test_announcement_end_opens_the_five_day_candidate_clock(form_committee):
    committee = _to_candidates(form_committee)
    assert committee.state == "candidates"
    from gazette.deadlines.selectors import deadline_list_for_case

    clock = next(d for d in deadline_list_for_case(committee) if d.kind == "candidates")
    assert clock.amount == 5 and clock.unit == "days"


@pytest.mark.parametrize(("community", "owner_reps", "message"), [
    (2, 4, "不足7人"), (4, 4, "应为单数"), (4, 3, "不足成员人数7人的二分之一")])
def test_composition_is_checked_when_candidates_are_fixed(form_committee, street_clerk, seat_candidates,
                                                          community, owner_reps, message):
    committee = _to_candidates(form_committee)
    seat_candidates(committee, community=community, owner_reps=owner_reps)
    with pytest.raises(GuardFailed) as exc:
        action_perform(obj=committee, name="fix_candidates", actor=street_clerk, data={"places": PLACES, "days": 7})
    assert message in str(exc.value) and "第八条" in str(exc.value)
    committee.refresh_from_db()
    assert committee.state == "candidates"


def test_unsigned_pledge_stops_the_list(form_committee, street_clerk, seat_candidates):
    committee = _to_candidates(form_committee)
    seat_candidates(committee, pledge=False)
    with pytest.raises(GuardFailed, match="第九条"):
        action_perform(obj=committee, name="fix_candidates", actor=street_clerk, data={"places": PLACES, "days": 7})


def test_list_in_one_place_is_refused(form_committee, street_clerk, seat_candidates):
    committee = _to_candidates(form_committee)
    seat_candidates(committee)
    with pytest.raises(GuardFailed, match="第十二条"):
        action_perform(obj=committee, name="fix_candidates", actor=street_clerk, data={"places": PLACES[:1], "days": 7})


def test_without_objections_the_committee_is_established_when_the_list_posting_ends(
        form_committee, street_clerk, seat_candidates, orgs):
    committee = run_committee(form_committee(), street_clerk, seat_candidates, orgs)
    assert committee.state == "running"
    assert committee.established_on is not None
    assert committee.members.filter(status="active").count() == 7
    from gazette.notifications.models import Notification

    assert Notification.objects.filter(organisation=orgs["housing"], reference=committee.reference).exists()


def test_a_long_planned_posting_is_flagged_against_the_30_days_but_never_shortened(
        form_committee, street_clerk, seat_candidates):
    committee = _to_candidates(form_committee)
    seat_candidates(committee)
    action_perform(obj=committee, name="fix_candidates", actor=street_clerk, data={"places": PLACES, "days": 31})
    committee.refresh_from_db()
    entry = next(e for e in committee.rule_trace if e["rule"] == "PROP-A6-30D")
    assert entry["figures"]["warning"] is True and "超过第六条" in entry["message"]
