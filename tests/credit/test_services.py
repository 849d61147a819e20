"""Records, sheets, whole-cycle scoring, dynamic re-rating, the submission window's warning, and bad input (clear
Chinese messages with the article, 4xx in the API, nothing saved half-way)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from credit.models import CreditRecord, Rating, ScoreEntry
from credit.services import (
    RecordInput,
    cycle_score,
    rating_start,
    record_add,
    record_repair,
    scores_enter,
    sheet_check_editable,
    sheet_new_version,
)
from tests.credit.conftest import points_for

pytestmark = pytest.mark.django_db


def _verified(firm, cycle, staff, act):
    rating = rating_start(enterprise=firm, cycle=cycle, actor=firm.user)
    act(rating, "submit", firm.user, declaration="申报", pledge=True)
    act(rating, "verify", staff["county"], street_opinion="无意见")
    rating.refresh_from_db()
    return rating


def test_a_record_without_date_source_or_evidence_is_refused_with_the_article(make_enterprise, staff):
    firm = make_enterprise()
    with pytest.raises(ValidationError) as refused:
        record_add(enterprise=firm, actor=staff["county"], data=RecordInput(
            category="award", title="表彰", occurred_on=None, source="", evidence=None, points=Decimal("2")))
    errors = refused.value.message_dict
    assert set(errors) == {"occurred_on", "source", "evidence"}
    assert "第七条" in errors["evidence"][0]
    assert not CreditRecord.objects.exists()


def test_points_outside_the_sheet_are_refused_and_nothing_is_saved(make_enterprise, sheets, cycle, staff, act):
    rating = _verified(make_enterprise(), cycle, staff, act)
    points = points_for(sheets["property_service"], Decimal("50"))
    points["S01"] = Decimal("10.01")   # the maximum is 10
    with pytest.raises(ValidationError) as refused:
        scores_enter(rating=rating, actor=staff["city"], points=points)
    assert "第十一条" in refused.value.message_dict["S01"][0]
    assert not ScoreEntry.objects.filter(rating=rating).exists()


def test_scoring_with_missing_indicators_is_refused_citing_article_11(make_enterprise, sheets, cycle, staff, act):
    from gazette.workflow.exceptions import GuardFailed

    rating = _verified(make_enterprise(), cycle, staff, act)
    scores_enter(rating=rating, actor=staff["city"], points={"S01": Decimal("10")})
    with pytest.raises(GuardFailed) as refused:
        act(rating, "initial_rating", staff["city"])
    assert "未评分" in str(refused.value) and "第十一条" in str(refused.value)


def test_a_used_sheet_cannot_be_edited_and_a_correction_is_a_new_version(make_enterprise, sheets, cycle, staff, act):
    rating = _verified(make_enterprise(), cycle, staff, act)
    sheet = sheets["property_service"]
    sheet_check_editable(sheet)   # unused: editable
    scores_enter(rating=rating, actor=staff["city"], points=points_for(sheet, Decimal("80")))
    act(rating, "initial_rating", staff["city"])
    sheet.refresh_from_db()
    assert sheet.used_at is not None
    with pytest.raises(ValidationError, match="第四条"):
        sheet_check_editable(sheet)
    new = sheet_new_version(sheet=sheet, effective_from=date(2027, 1, 1))
    assert new.version == 2 and new.indicators.count() == sheet.indicators.count() and new.used_at is None


def test_whole_cycle_scoring_is_set_based(make_enterprise, sheets, cycle, staff, act, add_record,
                                          django_assert_max_num_queries):
    ratings = []
    for n, total in enumerate(("95", "80", "62", "50")):
        firm = make_enterprise("developer" if n % 2 else "brokerage")
        rating = _verified(firm, cycle, staff, act)
        scores_enter(rating=rating, actor=staff["city"], points=points_for(sheets[firm.kind], Decimal(total)))
        ratings.append(rating)
    add_record(ratings[1].enterprise, "award", "5.00", title="市级表彰")
    add_record(ratings[2].enterprise, "penalty", "3.50", title="行政处罚")
    with django_assert_max_num_queries(10):   # the same for 4 firms or 20,000 (bench/credit_scoring.py)
        assert cycle_score(cycle=cycle) == 4
    got = {r.pk: (r.score, r.grade) for r in Rating.objects.filter(pk__in=[r.pk for r in ratings])}
    assert [got[r.pk] for r in ratings] == [(Decimal("95.00"), "A"), (Decimal("85.00"), "B"),
                                           (Decimal("58.50"), "D"), (Decimal("50.00"), "D")]
    assert Rating.objects.get(pk=ratings[1].pk).rule_trace[0]["rule"] == "CRED-A11"


def test_a_new_bad_record_re_rates_a_final_grade_and_a_repair_restores_it(make_enterprise, sheets, cycle, staff,
                                                                          act, add_record):
    from credit.services import rating_notice
    from gazette.notices.models import NoticeStatus

    firm = make_enterprise()
    rating = _verified(firm, cycle, staff, act)
    scores_enter(rating=rating, actor=staff["city"], points=points_for(sheets["property_service"], Decimal("77")))
    act(rating, "initial_rating", staff["city"])
    act(rating, "publish_notice", staff["province"])
    rating_notice(rating).__class__.objects.filter(pk=rating_notice(rating).pk).update(status=NoticeStatus.CLOSED)
    act(rating, "finalise", staff["province"])
    record = add_record(firm, "penalty", "3.00", title="未公示收费标准被处罚", occurred_on=date(2026, 5, 1))
    rating.refresh_from_db()
    assert (rating.score, rating.grade) == (Decimal("74.00"), "C")   # CRED-A14
    assert rating.history.latest("at").transition == "dynamic_rerate"
    record_repair(record=record, actor=staff["city"], repair_basis="已整改，作出信用修复承诺并参加专题培训")
    rating.refresh_from_db()
    assert rating.grade == "B"                                         # CRED-A21
    with pytest.raises(ValidationError, match="第二十一条"):
        veto = add_record(firm, "false_data", "0", title="瞒报", occurred_on=date(2026, 6, 1))
        record_repair(record=veto, actor=staff["city"], repair_basis="整改")


def test_a_window_on_spring_festival_days_warns_the_administrator(cycle):
    from credit.selectors import window_rest_days, window_warning

    rest = window_rest_days(cycle)
    assert date(2026, 2, 16) in rest and date(2026, 2, 13) not in rest
    assert date(2026, 2, 14) not in rest   # a make-up working Saturday
    assert "第九条第一项" in window_warning(cycle) and "休息日" in window_warning(cycle)


def test_api_takes_no_grade_and_answers_4xx_with_the_article(make_enterprise, sheets, cycle, staff, api_client):
    firm = make_enterprise()
    api_client.force_authenticate(firm.user)
    created = api_client.post("/api/v1/credit/ratings/", {"cycle": cycle.pk, "grade": "A"}, format="json")
    assert created.status_code == 400 and "grade" in created.json()["error"]["fields"]
    created = api_client.post("/api/v1/credit/ratings/", {"cycle": cycle.pk}, format="json")
    assert created.status_code == 201
    rid = created.json()["id"]
    refused = api_client.post(f"/api/v1/credit/ratings/{rid}/submit/", {}, format="json")
    assert refused.status_code == 422 and "第十条" in refused.json()["error"]["message"]
    ok = api_client.post(f"/api/v1/credit/ratings/{rid}/submit/", {"declaration": "申报", "pledge": True},
                         format="json")
    assert ok.status_code == 200 and ok.json()["state"] == "submitted"
    api_client.force_authenticate(staff["county"])
    api_client.post(f"/api/v1/credit/ratings/{rid}/verify/", {"street_opinion": "无"}, format="json")
    api_client.force_authenticate(staff["city"])
    over = api_client.post(f"/api/v1/credit/ratings/{rid}/scores/", {"points": {"S01": "11"}}, format="json")
    assert over.status_code == 400 and "第十一条" in over.json()["error"]["fields"]["S01"][0]
    # Another city's department does not see it at all.
    api_client.force_authenticate(staff["other_city"])
    assert api_client.get(f"/api/v1/credit/ratings/{rid}/").status_code == 404


def test_effects_of_the_standing_grade_are_readable_by_departments(make_enterprise, staff, api_client):
    firm = make_enterprise("developer")
    api_client.force_authenticate(staff["city"])
    body = api_client.get(f"/api/v1/credit/enterprises/{firm.pk}/").json()
    assert body["grade"] is None and body["effects"] is None


def test_a_star_application_without_street_consent_is_refused(make_enterprise, depts):
    from credit.models import StarApplication
    from credit.services import StarInput, star_apply
    from gazette.workflow.exceptions import GuardFailed
    from tests.factories import region

    firm = make_enterprise()
    with pytest.raises(GuardFailed) as refused:
        star_apply(enterprise=firm, actor=firm.user, data=StarInput(
            project_name="某小区", project_region=region("140105"), street_office=None, street_consent_on=None,
            service_since=date(2020, 1, 1), filed_with_county=True, occupancy_percent=Decimal("90"),
            delivered_on=date(2019, 1, 1)))
    rules = {e["rule"]: e for e in refused.value.trace}
    assert rules["STAR-A8-1"]["outcome"] == "failed" and rules["STAR-A7"]["outcome"] == "failed"   # no grade yet
    assert not StarApplication.objects.exists()


def test_the_admin_shows_a_used_sheet_read_only(admin_client, make_enterprise, sheets, cycle, staff, act):
    rating = _verified(make_enterprise(), cycle, staff, act)
    sheet = sheets["property_service"]
    scores_enter(rating=rating, actor=staff["city"], points=points_for(sheet, Decimal("80")))
    act(rating, "initial_rating", staff["city"])
    url = f"/admin/credit/scoresheet/{sheet.pk}/change/"
    assert admin_client.get(url).status_code == 200          # view only
    response = admin_client.post(url, {"title": "改过的名称"})
    assert response.status_code == 403
    sheet.refresh_from_db()
    assert sheet.title != "改过的名称"


def test_a_cross_city_firm_files_where_registered_and_project_places_share_its_file(make_enterprise, staff, client):
    from tests.factories import region

    firm = make_enterprise("developer")
    assert not firm.cross_city
    firm.project_regions.add(region("140212"))   # a project in Datong
    assert firm.cross_city
    client.force_login(staff["other_city"])      # Datong's department: shares the file (第四条)
    assert client.get(firm.get_absolute_url()).status_code == 200
    from credit.services import departments_for

    _county, city, _prov = departments_for(firm.registration_region)
    assert city == staff["city"].organisation    # it still files with Taiyuan


def test_a_sheet_correction_rescores_the_cycle_by_the_same_operation(make_enterprise, sheets, cycle, staff, act):
    from credit.services import cycle_sheet_correct

    rating = _verified(make_enterprise(), cycle, staff, act)
    old = sheets["property_service"]
    scores_enter(rating=rating, actor=staff["city"], points=points_for(old, Decimal("80")))
    act(rating, "initial_rating", staff["city"])      # READY; the old version is now used
    new = sheet_new_version(sheet=old, effective_from=date(2026, 3, 1))
    new.indicators.filter(code="S09").delete()          # the correction drops an indicator (5 points, scored 0)
    new.indicators.filter(code="S01").update(max_points=Decimal("15.00"))
    assert cycle_sheet_correct(cycle=cycle, sheet=new) == 1
    rating.refresh_from_db()
    assert rating.sheet == new and rating.score == Decimal("80.00")
    tighter = sheet_new_version(sheet=new, effective_from=date(2026, 3, 2))
    tighter.indicators.filter(code="S01").update(max_points=Decimal("5.00"))
    with pytest.raises(ValidationError, match="第十一条"):
        cycle_sheet_correct(cycle=cycle, sheet=tighter)
    rating.refresh_from_db()
    assert rating.sheet == new
