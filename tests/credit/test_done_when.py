"""The issue's "Done when": a property firm submits in February 2026, the county sends one gap notice, the firm
completes in 3 working days, the city scores 88.5 (B) on the sample sheet, an objection during the notice leads to a
re-rating, the final B is published; a firm with a veto item is D at 93 points citing 第十三条; that firm's star
application is refused citing 159号 第七条."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from credit.choices import RatingState as S
from credit.services import objection_decide, rating_start, scores_enter
from gazette.deadlines.models import Deadline
from gazette.deadlines.services import deadlines_sweep
from gazette.workflow.exceptions import GuardFailed, TransitionConflict
from tests.credit.conftest import points_for

SH = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def at(*args):
    return time_machine.travel(datetime(*args, tzinfo=SH), tick=False)


def clock(rating, kind):
    return Deadline.objects.filter(object_id=rating.pk, kind=kind).latest("id")


def test_property_firm_is_rated_b_through_a_gap_notice_an_objection_and_a_rerating(
        make_enterprise, sheets, cycle, staff, act, client):
    firm = make_enterprise("property_service", name="山西示范物业服务有限公司")
    with at(2026, 2, 12, 10):
        rating = rating_start(enterprise=firm, cycle=cycle, actor=firm.user)
        act(rating, "submit", firm.user, declaration="2025年度经营情况……", pledge=True)
        rating.refresh_from_db()
    assert rating.state == S.SUBMITTED
    verification = clock(rating, "verification")
    # 7 working days from the close of the window (Fri 20 Feb, still Spring Festival): 24–27 Feb, the make-up
    # working Saturday 28 Feb, 2–3 Mar.
    assert verification.due_at.astimezone(SH).date() == date(2026, 3, 3)
    assert "春节" in verification.explanation["summary"] or "节" in str(verification.explanation)

    with at(2026, 2, 24, 9):
        act(rating, "request_completion", staff["county"],
            gap_items="缺少2025年度业主满意度调查表、物业服务合同备案证明")
        rating.refresh_from_db()
        # One notice listing every gap: a second one is refused (第九条第一项).
        with pytest.raises(TransitionConflict):
            act(rating, "request_completion", staff["county"], gap_items="又发现缺少……")
    completion = clock(rating, "completion")
    assert completion.due_at.astimezone(SH).date() == date(2026, 2, 27)
    assert "工作日" in completion.explanation["summary"]

    with at(2026, 2, 26, 15):  # within the 3 working days
        act(rating, "complete", firm.user)
    rating.refresh_from_db()
    assert rating.state == S.SUBMITTED and clock(rating, "completion").status == "met"

    with at(2026, 2, 27, 10):
        with pytest.raises(GuardFailed) as refused:   # property firms: the street office and community first
            act(rating, "verify", staff["county"])
        assert "第九条第一项" in str(refused.value)
        act(rating, "verify", staff["county"], street_opinion="坞城街道办事处、社区：服务规范，无重大投诉")
    rating.refresh_from_db()
    assert rating.state == S.VERIFIED and rating.organisation == staff["city"].organisation

    with at(2026, 3, 10, 10):
        scores_enter(rating=rating, actor=staff["city"], points=points_for(sheets["property_service"],
                                                                          Decimal("88.50")))
        act(rating, "initial_rating", staff["city"])
    rating.refresh_from_db()
    assert (rating.score, rating.grade, rating.state) == (Decimal("88.50"), "B", S.READY)
    assert rating.rule_trace[-1]["rule"] == "CRED-A9-2"

    with at(2026, 4, 1, 9):
        act(rating, "publish_notice", staff["province"])
        rating.refresh_from_db()
        assert rating.state == S.NOTICED
        response = client.post("/credit/notices/objection/", {"rating": rating.pk,
            "objector": "业主王某", "content": "该企业2025年曾被通报批评，评分偏高"})
        assert response.status_code == 200
    objection = rating.__class__.objects.get(pk=rating.pk)
    from credit.services import rating_notice

    notice = rating_notice(rating)
    objection = notice.objections.get()
    # The notice runs at least 5 working days: it cannot be finalised early, nor re-rated without a verified
    # objection.
    with at(2026, 4, 2, 9):
        with pytest.raises(GuardFailed):
            act(rating, "finalise", staff["province"])
        with pytest.raises(GuardFailed):
            act(rating, "rerate", staff["city"], comment="重新评定")
        objection_decide(objection=objection, outcome="upheld", handling="经查证属实：2025年被通报批评一次",
                         actor=staff["city"])
        points = points_for(sheets["property_service"], Decimal("86.00"))
        scores_enter(rating=rating, actor=staff["city"], points=points)
        act(rating, "rerate", staff["city"], comment="依查证属实的异议重新评分")
    rating.refresh_from_db()
    assert (rating.score, rating.grade, rating.state) == (Decimal("86.00"), "B", S.RERATED)

    with at(2026, 4, 13, 9):
        deadlines_sweep()    # the notice closes; the pending re-rated grade waits for the province
        act(rating, "finalise", staff["province"])
    rating.refresh_from_db()
    assert rating.state == S.FINAL and rating.grade == "B"
    page = client.get("/credit/grades/", {"q": "示范物业"})
    assert page.status_code == 200
    assert "山西示范物业服务有限公司" in page.content.decode() and "B级" in page.content.decode()
    # An objection after the notice ended is refused, citing the article.
    late = client.post("/credit/notices/objection/", {"rating": rating.pk, "objector": "某人", "content": "异议"})
    assert late.status_code == 400 and "第九条第三项" in late.content.decode()


def test_veto_item_makes_93_points_a_d_and_bars_the_star_application(
        make_enterprise, sheets, cycle, staff, act, add_record, depts):
    firm = make_enterprise("property_service", name="山西失信物业有限公司")
    add_record(firm, "dishonest_list", "0", title="纳入信用山西失信惩戒对象")
    with at(2026, 2, 12, 10):
        rating = rating_start(enterprise=firm, cycle=cycle, actor=firm.user)
        act(rating, "submit", firm.user, declaration="申报", pledge=True)
        act(rating, "verify", staff["county"], street_opinion="街道、社区意见：无")
        scores_enter(rating=rating, actor=staff["city"], points=points_for(sheets["property_service"],
                                                                          Decimal("93.00")))
        act(rating, "initial_rating", staff["city"])
    rating.refresh_from_db()
    assert rating.score == Decimal("93.00") and rating.grade == "D" and rating.veto
    veto = next(e for e in rating.rule_trace if e["rule"] == "CRED-A13")
    assert veto["article"] == "第十三条" and veto["outcome"] == "passed"
    # 93 points would be A, which goes to the province; D goes straight to the notice.
    assert rating.state == S.READY

    from credit.services import StarInput, star_apply
    from tests.factories import region

    with pytest.raises(GuardFailed) as refused:
        star_apply(enterprise=firm, actor=firm.user, data=StarInput(
            project_name="坞城花园", project_region=region("140105"), street_office=depts["street"],
            street_consent_on=date(2026, 11, 1), service_since=date(2023, 1, 1), filed_with_county=True,
            occupancy_percent=Decimal("80"), delivered_on=date(2020, 1, 1)))
    entry = refused.value.trace[0]
    assert entry["rule"] == "STAR-A7" and entry["article"] == "第七条"
    assert entry["doc_number"] == "晋建房规字〔2022〕159号" and entry["regulation_status"] == "lapsed"
    assert "159号第七条" in entry["message"]
