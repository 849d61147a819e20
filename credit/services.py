"""Writes of the credit app: enterprises and their records, score entries, sheet versions, ratings created on
the engine, whole-cycle scoring in set-based batches, objections during the notice. Never sets a state: every move
is a transition of the engine (``rating_act``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gazette.notices.models import NoticeStatus, Objection, ObjectionOutcome, PublicNotice
from gazette.notices.services import objection_handle, objection_receive
from gazette.orgs.choices import OrganisationType, RegionLevel
from gazette.orgs.models import Organisation, Region
from gazette.rules.services import RuleTrace, rules_evaluate
from gazette.workflow.actions import action_perform
from gazette.workflow.engine import case_create

from . import choices as ch
from .models import CreditCycle, CreditRecord, Enterprise, Indicator, Rating, ScoreEntry, ScoreSheet
from .rules import credit_outcome
from .selectors import ScoringFacts, current_grade, scoring_facts, sheet_for

SCORING_RULES = ("CRED-A11", "CRED-A12", "CRED-A13")
# The states in which the yearly scoring may be (re)computed: after the county's verification, before the final
# grade (a final grade changes only by a re-rating, CRED-A23).
SCORABLE = (ch.RatingState.VERIFIED, ch.RatingState.PROVINCE_REVIEW, ch.RatingState.READY)


# --- departments ------------------------------------------------------------------------------------------------
def housing_department(region: Region | None) -> Organisation | None:
    if region is None:
        return None
    return (Organisation.objects.filter(type=OrganisationType.HOUSING_DEPARTMENT, region=region, is_active=True)
            .order_by("id").first())


def departments_for(region: Region) -> tuple[Organisation, Organisation, Organisation]:
    """CRED-A4: the county that collects and verifies, the city that rates, the province that reviews and
    publishes, for a firm registered in ``region`` (a county)."""
    codes = region.ancestors_and_self()
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    by_level = {r.level: r for r in regions.values()}
    county = housing_department(by_level.get(RegionLevel.COUNTY))
    city = housing_department(by_level.get(RegionLevel.CITY))
    province = housing_department(by_level.get(RegionLevel.PROVINCE))
    missing = [label for label, org in ((_("县级"), county), (_("市级"), city), (_("省级"), province)) if org is None]
    if missing:
        raise ValidationError(_("未找到注册地%(region)s的%(levels)s住房城乡建设主管部门（第四条）。") % {
            "region": region.name, "levels": "、".join(missing)})
    return county, city, province


# --- enterprises and records ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class EnterpriseInput:
    name: str
    kind: str
    credit_code: str
    registration_region: Region
    legal_representative: str
    qualification: str = ""
    performance: str = ""
    key_persons: str = ""
    related_firms: str = ""
    last_activity_on: date | None = None


def enterprise_register(*, data: EnterpriseInput, project_regions: list[Region] = ()) -> Enterprise:
    """Register an enterprise and its portal organisation (CRED-A5/A6); its supervisor is the county department."""
    if data.kind not in ch.EnterpriseKind.values:
        raise ValidationError({"kind": [_("企业类型须为开发、物业服务、估价或经纪（第二条）。")]})
    county, _city, _province = departments_for(data.registration_region)
    with transaction.atomic():
        org = Organisation.objects.create(name=data.name, type=OrganisationType.ENTERPRISE,
                                          region=data.registration_region, parent=county, credit_code=data.credit_code)
        enterprise = Enterprise.objects.create(
            organisation=org, kind=data.kind, credit_code=data.credit_code,
            registration_region=data.registration_region, legal_representative=data.legal_representative,
            qualification=data.qualification, performance=data.performance, key_persons=data.key_persons,
            related_firms=data.related_firms, last_activity_on=data.last_activity_on)
        if project_regions:
            enterprise.project_regions.set(project_regions)
    return enterprise


@dataclass(frozen=True)
class RecordInput:
    category: str
    title: str
    occurred_on: date | None
    source: str
    evidence: Any
    points: Decimal | None


def record_add(*, enterprise: Enterprise, actor: Any, data: RecordInput) -> CreditRecord:
    """Enter a good (CRED-A7) or bad (CRED-A8) record or a veto item (CRED-A13), with date, source and evidence,
    as the actor's department. A bad record or veto item on a firm with a final grade re-rates it at once
    (CRED-A14), in the same transaction: the record and the new grade stand or fall together."""
    errors: dict[str, list[str]] = {}
    if data.category not in ch.RecordCategory.values:
        errors["category"] = [_("请选择信用信息的具体情形（第七条、第八条、第十三条）。")]
    if not data.title.strip():
        errors["title"] = [_("请填写事项。")]
    if data.occurred_on is None:
        errors["occurred_on"] = [_("请填写发生日期（第七条、第八条：信用信息须有日期）。")]
    elif data.occurred_on > timezone.localdate():
        errors["occurred_on"] = [_("发生日期不能晚于今天。")]
    if not data.source.strip():
        errors["source"] = [_("请填写信息来源，如表彰文件或行政处罚决定书文号（第七条、第八条）。")]
    if not data.evidence:
        errors["evidence"] = [_("请上传证明材料（第七条、第八条：信用信息须有证明）。")]
    veto = data.category in ch.VETO_CATEGORIES
    if data.points is None or data.points < 0:
        errors["points"] = [_("分值须为0或正数（第十一条：良好信用分值加分，不良信用分值减分）。")]
    elif data.points > 100:
        errors["points"] = [_("分值不能超过100分（第十一条）。")]
    org = getattr(actor, "organisation", None)
    if org is None:
        errors["entered_by_organisation"] = [_("录入人须属于一个主管部门。")]
    if errors:
        raise ValidationError(errors)
    polarity = ch.RecordPolarity.GOOD if data.category in ch.GOOD_CATEGORIES else ch.RecordPolarity.BAD
    with transaction.atomic():
        record = CreditRecord.objects.create(
            enterprise=enterprise, polarity=polarity, category=data.category, title=data.title.strip(),
            occurred_on=data.occurred_on, source=data.source.strip(), evidence=data.evidence, points=data.points,
            veto=veto, entered_by_organisation=org, entered_by=actor if actor.is_authenticated else None)
        if polarity == ch.RecordPolarity.BAD:
            what = _("一票否决项") if veto else _("不良信用信息")
            rating_dynamic_rerate(enterprise=enterprise, actor=actor,
                                  trigger=f"{what}：{record.title}（{record.source}）")
    return record


def record_repair(*, record: CreditRecord, actor: Any, repair_basis: str) -> CreditRecord:
    """CRED-A21 信用修复: a penalty record repaired on the firm's application no longer counts; the grade is
    re-rated."""
    trace = rules_evaluate(("CRED-A21",), {"category": record.category, "veto": record.veto,
                                           "repair_basis": repair_basis}, on=timezone.localdate())
    if not trace.ok:
        raise ValidationError({"repair_basis": trace.messages()})
    with transaction.atomic():
        record.repaired_on, record.repair_basis = timezone.localdate(), repair_basis.strip()
        record.save(update_fields=["repaired_on", "repair_basis"])
        rating_dynamic_rerate(enterprise=record.enterprise, actor=actor,
                              trigger=f"信用修复：{record.title}（第二十一条）")
    return record


def rating_dynamic_rerate(*, enterprise: Enterprise, actor: Any, trigger: str) -> Rating | None:
    """CRED-A14: re-rate the firm's standing final grade (if any) through the engine."""
    rating = current_grade(enterprise)
    if rating is None:
        return None
    # A system step on the entering department's behalf (第十四条: the grading department re-rates at once, the
    # entering department is named in the history).
    from gazette.workflow.engine import transition_perform

    return transition_perform(case=rating, name="dynamic_rerate", actor=actor, system=True,
                              data={"trigger": trigger}, comment=trigger).case


# --- score sheets -----------------------------------------------------------------------------------------------
def sheet_check_editable(sheet: ScoreSheet) -> None:
    """CRED-A4: the province keeps the indicator system and revises it periodically; a version a cycle has scored
    with stays as it was (the grades it gave must remain explainable): a correction is a new version."""
    if sheet.pk and ScoreSheet.objects.filter(pk=sheet.pk, used_at__isnull=False).exists():
        raise ValidationError(_("评分表“%(sheet)s”已用于评分，不能修改；请新建版本（第四条：省级制定并定期修订评分"
                                "标准）。") % {"sheet": sheet})


def sheet_new_version(*, sheet: ScoreSheet, effective_from: date, title: str = "") -> ScoreSheet:
    """A correction of ``sheet``: a new version with the same indicators, to edit before it is used."""
    with transaction.atomic():
        last = ScoreSheet.objects.filter(kind=sheet.kind).order_by("-version").values_list("version", flat=True)[0]
        new = ScoreSheet.objects.create(kind=sheet.kind, version=last + 1, title=title or sheet.title,
                                        effective_from=effective_from, is_sample=sheet.is_sample, notes=sheet.notes)
        Indicator.objects.bulk_create([
            Indicator(sheet=new, code=i.code, name=i.name, max_points=i.max_points, rule_text=i.rule_text,
                      order=i.order) for i in sheet.indicators.all()])
    return new


# --- ratings ----------------------------------------------------------------------------------------------------
def rating_start(*, enterprise: Enterprise, cycle: CreditCycle, actor: Any, declaration: str = "",
                 pledge: bool = False) -> Rating:
    """Open the firm's rating of ``cycle`` (待报送) with the sheet of its kind in effect on the notice date."""
    if Rating.objects.filter(enterprise=enterprise, cycle=cycle).exists():
        raise ValidationError(_("%(firm)s已有%(year)s年度的信用评价。") % {"firm": enterprise, "year": cycle.year})
    sheet = sheet_for(kind=enterprise.kind, on=cycle.notice_date)
    if sheet is None:
        raise ValidationError(_("尚未录入%(kind)s的信用评价评分表（第四条）。") % {
            "kind": enterprise.get_kind_display()})
    county, city, province = departments_for(enterprise.registration_region)
    return case_create(
        model=Rating, actor=actor, reference_date=cycle.notice_date, region=enterprise.registration_region,
        organisation=county, fields={
            "enterprise": enterprise, "cycle": cycle, "kind": enterprise.kind, "sheet": sheet,
            "county_department": county, "city_department": city, "province_department": province,
            "declaration": declaration, "pledge": pledge})


def rating_act(*, rating: Rating, name: str, actor: Any, comment: str = "", data: dict | None = None):
    return action_perform(obj=rating, name=name, actor=actor, comment=comment, data=data)


def _decimal(value: Any, label: str) -> Decimal:
    try:
        result = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({label: [_("请填写数字。")]}) from None
    if result != result.quantize(Decimal("0.01")):
        raise ValidationError({label: [_("分值最多两位小数（第十一条）。")]})
    return result


def scores_enter(*, rating: Rating, actor: Any, points: dict[str, Any]) -> int:
    """The city's points per indicator code of the rating's sheet: each 0 ≤ points ≤ the indicator's maximum, all
    or nothing. Allowed while the city scores (and when re-rating after an upheld objection)."""
    if rating.state not in (ch.RatingState.VERIFIED, ch.RatingState.NOTICED):
        raise ValidationError(_("当前状态（%(state)s）不能录入评分。") % {"state": rating.state_label})
    indicators = {i.code: i for i in Indicator.objects.filter(sheet_id=rating.sheet_id)}
    errors: dict[str, list[str]] = {}
    clean: dict[str, Decimal] = {}
    for code, raw in points.items():
        indicator = indicators.get(code)
        if indicator is None:
            errors[code] = [_("评分表中没有该指标。")]
            continue
        if raw in (None, ""):
            continue
        try:
            value = _decimal(raw, code)
        except ValidationError as exc:
            errors.update(exc.message_dict)
            continue
        if value < 0 or value > indicator.max_points:
            errors[code] = [_("%(name)s得分须在0至%(max)s分之间（第十一条，评分表最高分）。") % {
                "name": indicator.name, "max": indicator.max_points}]
            continue
        clean[code] = value
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        ScoreEntry.objects.bulk_create(
            [ScoreEntry(rating=rating, indicator=indicators[code], points=value, entered_by=actor)
             for code, value in clean.items()],
            update_conflicts=True, unique_fields=["rating", "indicator"], update_fields=["points", "entered_by"])
    return len(clean)


def rating_computation(facts: ScoringFacts, *, on: date) -> tuple[RuleTrace, dict[str, Any]]:
    """The rules of 第十一条–第十三条 on one rating's facts, and the fields they give (score, grade…)."""
    trace = rules_evaluate(SCORING_RULES, facts.as_facts(), on=on)
    inactive = trace.get("CRED-A12")["outcome"] == "passed"
    veto = trace.get("CRED-A13")["outcome"] == "passed"
    score, grade = credit_outcome(objective=facts.objective, good=facts.good, bad=facts.bad, inactive=inactive,
                                  veto=veto)
    return trace, {"objective": facts.objective, "good": facts.good, "bad": facts.bad, "score": score,
                   "grade": grade, "veto": veto, "inactive": inactive}


def cycle_score(*, cycle: CreditCycle, batch: int = 5000) -> int:
    """Score and grade every rating of ``cycle`` still in scoring (a whole cycle, or again after a sheet
    correction), set-based: grouped reads of the points and records, the pure rules in memory, one UPDATE … FROM
    VALUES per batch. The grade is written with its rule trace; the state moves only by the city's transition."""
    ids = list(Rating.objects.filter(cycle=cycle, state__in=SCORABLE).values_list("id", flat=True))
    done = 0
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        facts = scoring_facts(Rating.objects.filter(pk__in=chunk))
        values = []
        for rid, f in facts.items():
            trace, fields = rating_computation(f, on=cycle.notice_date)
            if trace.get("CRED-A11")["outcome"] == "failed":
                continue   # not fully scored yet: left for the city
            values.append((rid, fields["objective"], fields["good"], fields["bad"], fields["score"],
                           fields["grade"], fields["veto"], fields["inactive"], _json(trace)))
        if values:
            _ratings_update(values)
            done += len(values)
    ScoreSheet.objects.filter(ratings__cycle=cycle, used_at__isnull=True).update(used_at=timezone.now())
    return done


def cycle_sheet_correct(*, cycle: CreditCycle, sheet: ScoreSheet) -> int:
    """A corrected sheet version (``sheet_new_version`` then edited) during a cycle: the ratings of its kind still in
    scoring move to it, their points follow by indicator code (one UPDATE per indicator; points of a dropped
    indicator go), and the cycle is scored again by ``cycle_score`` — the same set-based operation. Refused, with
    nothing changed, when a point already given exceeds the corrected maximum."""
    ratings = Rating.objects.filter(cycle=cycle, kind=sheet.kind, state__in=SCORABLE)
    new = {i.code: i for i in sheet.indicators.all()}
    entries = ScoreEntry.objects.filter(rating__in=ratings).exclude(indicator__sheet=sheet)
    over = [f"{code}（{new[code].max_points}）" for code, points in entries.values_list("indicator__code", "points")
            if code in new and points > new[code].max_points]
    if over:
        raise ValidationError(_("已给分数超过更正后评分表的最高分：%(items)s（第十一条）。") % {
            "items": "、".join(sorted(set(over)))})
    with transaction.atomic():
        old = dict(Indicator.objects.filter(pk__in=entries.values("indicator_id")).values_list("pk", "code"))
        for old_id, code in old.items():
            moved = ScoreEntry.objects.filter(rating__in=ratings, indicator_id=old_id)
            if code in new:
                moved.update(indicator_id=new[code].pk)
            else:
                moved.delete()
        ratings.update(sheet=sheet)
        return cycle_score(cycle=cycle)


def _json(trace: RuleTrace) -> str:
    import json

    return json.dumps(list(trace), ensure_ascii=False)


def _ratings_update(values: list[tuple]) -> None:
    if connection.vendor != "postgresql":   # the embedded SQLite of `make run`: the ORM's CASE-based update
        now = timezone.now()
        rows = []
        for rid, o, g, b, sc, gr, ve, ia, trace in values:
            import json

            rows.append(Rating(pk=rid, objective=o, good=g, bad=b, score=sc, grade=gr, initial_grade=gr, veto=ve,
                               inactive=ia, rule_trace=json.loads(trace), scored_at=now))
        Rating.objects.bulk_update(rows, ["objective", "good", "bad", "score", "grade", "initial_grade", "veto",
                                          "inactive", "rule_trace", "scored_at"], batch_size=500)
        return
    row = "(%s::bigint,%s::numeric,%s::numeric,%s::numeric,%s::numeric,%s,%s::boolean,%s::boolean,%s::jsonb)"
    rows = ",".join([row] * len(values))
    params = [p for value in values for p in value]
    table = Rating._meta.db_table
    sql = ("UPDATE " + table + " AS r SET objective=v.o, good=v.g, bad=v.b, score=v.s, grade=v.gr, "  # noqa: S608
           "initial_grade=v.gr, veto=v.ve, inactive=v.ia, rule_trace=v.t, scored_at=now() FROM (VALUES " + rows
           + ") AS v(id, o, g, b, s, gr, ve, ia, t) WHERE r.id = v.id")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- objections during the notice (CRED-A9(三)) ------------------------------------------------------------------
def rating_notice(rating: Rating) -> PublicNotice | None:
    from django.contrib.contenttypes.models import ContentType

    return (PublicNotice.objects.filter(content_type=ContentType.objects.get_for_model(Rating),
                                        object_id=rating.pk).order_by("-starts_at").first())


def objection_submit(*, rating: Rating, objector: str, content: str, contact: str = "") -> Objection:
    """Anyone may object during the notice, to the department that made the grade; one after the notice ended is
    refused, citing 第九条第三项."""
    notice = rating_notice(rating)
    if notice is None or rating.state != ch.RatingState.NOTICED:
        raise ValidationError({"content": [_("该企业的信用评价结果不在公示期内，不能提出异议（第九条第三项）。")]})
    if not objector.strip():
        raise ValidationError({"objector": [_("请填写异议人。")]})
    try:
        return objection_receive(notice=notice, objector=objector.strip(), content=content, contact=contact)
    except ValidationError as exc:
        raise ValidationError({k: [f"{m}（第九条第三项）" for m in v] for k, v in exc.message_dict.items()}) from None


def objection_decide(*, objection: Objection, outcome: str, handling: str, actor: Any) -> Objection:
    """The city verifies an objection (查证核实); an upheld one lets the grading department re-rate."""
    if objection.outcome != ObjectionOutcome.PENDING:
        raise ValidationError(_("该异议已核查。"))
    return objection_handle(objection=objection, outcome=outcome, handling=handling, actor=actor)


def objection_counts(rating: Rating) -> dict[str, Any]:
    notice = rating_notice(rating)
    if notice is None:
        return {"notice_open": False, "pending_objections": 0, "upheld_objections": 0}
    counts = dict.fromkeys(ObjectionOutcome.values, 0)
    for outcome in notice.objections.values_list("outcome", flat=True):
        counts[outcome] += 1
    return {"notice_open": notice.status == NoticeStatus.OPEN, "pending_objections": counts["pending"],
            "upheld_objections": counts["upheld"]}


# --- star rating (159号) -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StarInput:
    project_name: str
    project_region: Region
    street_office: Organisation | None
    street_consent_on: date | None
    service_since: date
    filed_with_county: bool
    occupancy_percent: Decimal
    delivered_on: date
    liability_accident_last_year: bool = False
    round_year: int | None = None


def star_facts(*, enterprise: Enterprise, data: StarInput, today: date) -> dict[str, Any]:
    from .selectors import grade_in_year

    last_grade = grade_in_year(enterprise, today.year - 1) or (getattr(current_grade(enterprise), "grade", "") or "")
    return {
        "service_days": (today - data.service_since).days, "filed_with_county": data.filed_with_county,
        "last_grade": last_grade, "occupancy_percent": data.occupancy_percent,
        "delivered_days": (today - data.delivered_on).days,
        "liability_accident_last_year": data.liability_accident_last_year,
        "street_office_consented": data.street_office is not None and data.street_consent_on is not None,
    }


def star_apply(*, enterprise: Enterprise, actor: Any, data: StarInput):
    """A property firm applies for a project's star rating with the street office's consent (159号 A8(一)); the
    conditions of A7 (including the firm's last-cycle credit grade of B or better) are checked first and nothing is
    stored when one fails (GuardFailed, 422 with the rule trace)."""
    from gazette.workflow.exceptions import GuardFailed

    from .models import StarApplication

    if enterprise.kind != ch.EnterpriseKind.PROPERTY_SERVICE:
        raise ValidationError(_("只有物业服务企业可以申报住宅物业服务质量星级评价（159号第七条第一项）。"))
    today = timezone.localdate()
    facts = star_facts(enterprise=enterprise, data=data, today=today)
    trace = rules_evaluate(("STAR-A7", "STAR-A8-1"), facts, on=today)
    if not trace.ok:
        raise GuardFailed(trace.failures[0]["message"], trace=list(trace))
    county, city, _province = departments_for(data.project_region)
    return case_create(
        model=StarApplication, actor=actor, reference_date=today, region=data.project_region, organisation=county,
        trace=trace, fields={
            "enterprise": enterprise, "project_name": data.project_name, "county_department": county,
            "city_department": city, "street_office": data.street_office,
            "street_consent_on": data.street_consent_on, "service_since": data.service_since,
            "filed_with_county": data.filed_with_county, "occupancy_percent": data.occupancy_percent,
            "delivered_on": data.delivered_on, "liability_accident_last_year": data.liability_accident_last_year,
            "last_grade": facts["last_grade"], "round_year": data.round_year or today.year})
