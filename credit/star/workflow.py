"""The star rating of a residential project (住宅物业服务质量星级评价, 晋建房规字〔2022〕159号): 县级初评（一、二星
县级核定）→ 市级评价（三、四星市级核定；未达71分回县级）→ 省级五星评价 → 公示5个工作日（异议按星级由市级或省厅
复核）→ 颁发铭牌，有效期两年 → 取消星级（第十三条）. 159号 was a two-year trial whose last day was 2024-09-17:
its rules still run for the records kept under it, and every trace entry carries ``regulation_status=lapsed``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gazette.notices.services import notice_publish
from gazette.rules.services import rules_evaluate
from gazette.workflow.definitions import Transition, Work, Workflow

from .. import choices as ch
from ..choices import StarState as S
from ..clocks import NOTICE_WORKDAYS
from ..tasks import star_document

__all__ = ["STAR_WORKFLOW"]


class ScoreInput(serializers.Serializer):
    score = serializers.DecimalField(label=_("评价小组评分（依《评分标准》）"), max_digits=5, decimal_places=2,
                                     min_value=0, max_value=100)


class FiveStarInput(serializers.Serializer):
    five_star = serializers.BooleanField(label=_("达到五星级标准"), required=False)


class RevokeInput(serializers.Serializer):
    ground = serializers.ChoiceField(label=_("取消情形（第十三条）"), choices=ch.RevocationGround.choices)


def _band(rule_id: str, facts: dict[str, Any]) -> dict[str, Any]:
    entry = rules_evaluate((rule_id,), facts, on=timezone.localdate())[0]
    return entry["figures"]


def _county(app, *, actor, data) -> None:
    app.county_score = data["score"]
    band = _band("STAR-A8-2", {"county_score": app.county_score})
    if band["route"] == "city":
        app.organisation = app.organisation.parent or app.organisation
    else:
        app.stars, app.decided_by = band["stars"] or None, app.organisation


def _county_target(app, data) -> str:
    if app.county_score is not None and app.county_score >= 71:
        return S.CITY_REVIEW
    return S.DECIDED if app.stars else S.NO_STAR


def _city(app, *, actor, data) -> None:
    app.city_score = data["score"]
    band = _band("STAR-A8-3", {"city_score": app.city_score})
    city = app.organisation
    if band["route"] == "province":
        app.organisation = city.parent or city
    elif band["route"] == "county":
        app.stars = band["stars"] or None
        app.decided_by = app.county_department
    else:
        app.stars, app.decided_by = band["stars"], city


def _city_target(app, data) -> str:
    if app.city_score is not None and app.city_score >= 86:
        return S.PROVINCE_REVIEW
    return S.DECIDED if app.stars else S.NO_STAR


def _province(app, *, actor, data) -> None:
    """第八条（四）: the province rates five stars; a project that falls short is a four-star project of the city."""
    if data.get("five_star"):
        app.stars, app.decided_by = 5, app.organisation
    else:
        app.stars, app.decided_by = 4, app.city_department


def _publish(app, *, actor, data) -> None:
    route = _band("STAR-A9", {"stars": app.stars})
    notice_publish(
        case=app, title=f"住宅物业服务质量星级评价结果公示：{app.project_name}",
        content=f"{app.project_name}（{app.enterprise}）拟核定为{app.stars}星级。公示期5个工作日，异议由"
                f"{route['reviewer']}复核（159号第九条）。",
        places=["山西数字房产平台", f"{app.project_name}小区公告栏"], amount=NOTICE_WORKDAYS, unit="workdays",
        rule_id="STAR-A9", actor=actor, on_close_transition="award", organisation=app.decided_by or app.organisation)


def _award(app, *, actor, data) -> None:
    """第九条 plaque after a clear notice; 第十条 valid two years from the confirmation."""
    today = timezone.localdate()
    app.awarded_on = today
    try:
        app.valid_until = today.replace(year=today.year + 2)
    except ValueError:
        app.valid_until = date(today.year + 2, 2, 28)


def _certificate(app, history) -> None:
    star_document.delay(app.pk, f"credit-star-{app.pk}-{history.pk}", history.actor_id)


def _revoke(app, *, actor, data) -> None:
    app.revocation_ground = data["ground"]


def _prepare_revoke(app, *, actor, data, comment) -> dict[str, Any]:
    return {"ground": data.get("ground", "")}


STAR_WORKFLOW = Workflow(
    name="credit.starapplication",
    title=_("住宅物业服务质量星级评价"),
    work={S.SUBMITTED: Work(_("待县级初评"), rule_id="STAR-A8-2"),
          S.CITY_REVIEW: Work(_("待市级评价"), rule_id="STAR-A8-3"),
          S.PROVINCE_REVIEW: Work(_("待省级五星评价"), rule_id="STAR-A8-3"),
          S.DECIDED: Work(_("待公示"), responsible=lambda a: a.decided_by or a.organisation, rule_id="STAR-A9"),
          S.NOTICED: Work(_("公示中"), responsible=lambda a: a.decided_by or a.organisation, rule_id="STAR-A9")},
    transitions=[
        Transition("county_rate", source=S.SUBMITTED, target=_county_target,
                   targets=(S.CITY_REVIEW, S.DECIDED, S.NO_STAR), label=_("县级初评"), input=ScoreInput,
                   apply=_county, style="primary",
                   help=_("≤59不设星级，60–65一星，66–70二星，≥71报市级（第八条第二项）")),
        Transition("city_rate", source=S.CITY_REVIEW, target=_city_target,
                   targets=(S.PROVINCE_REVIEW, S.DECIDED, S.NO_STAR), label=_("市级评价"), input=ScoreInput,
                   apply=_city, style="primary",
                   help=_("71–80三星，81–85四星，≥86报省级，未达71分回县级核定（第八条第三项）")),
        Transition("province_decide", source=S.PROVINCE_REVIEW, target=S.DECIDED, label=_("省级五星级评价"),
                   input=FiveStarInput, apply=_province, style="primary"),
        Transition("announce", source=S.DECIDED, target=S.NOTICED, label=_("公示（5个工作日）"),
                   apply=_publish, style="primary"),
        Transition("award", source=S.NOTICED, target=S.AWARDED, label=_("颁发星级铭牌"), apply=_award,
                   effects=(_certificate,), style="primary"),
        Transition("revoke", source=S.AWARDED, target=S.REVOKED, label=_("取消星级，收回铭牌"), input=RevokeInput,
                   guards=("STAR-A13",), prepare=_prepare_revoke, apply=_revoke, requires_comment=True,
                   style="danger"),
    ],
)
