"""Pure, cited rules of 晋建房规字〔2022〕156号 (CRED) and 159号 (STAR). No ORM: facts in, a RuleResult out.

The grade bands and the star bands are also exposed as plain functions (``grade_for``, ``county_stars``,
``city_stars``) so that scoring a whole cycle in SQL-sized batches uses exactly the same thresholds."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from gazette.rules.registry import RuleResult, failed, not_applicable, passed

CRED = "CRED-2022"
STAR = "STAR-2022"

A_MIN, B_MIN, C_MIN = Decimal("90"), Decimal("75"), Decimal("60")
INACTIVE_SCORE = Decimal("60.00")
GRADE_LABELS = {"A": "A级（优秀）", "B": "B级（良好）", "C": "C级（合格）", "D": "D级（不合格）"}


def grade_for(score: Decimal) -> str:
    """第十一条: A ≥ 90; B 75 ≤ s < 90; C 60 ≤ s < 75; D < 60."""
    if score >= A_MIN:
        return "A"
    if score >= B_MIN:
        return "B"
    if score >= C_MIN:
        return "C"
    return "D"


def _rule(rule_id: str, article: str, statement: str, regulation: str = CRED):
    from gazette.rules.registry import rule

    return rule(rule_id, regulation=regulation, article=article, statement=statement)


@_rule("CRED-A10", "第十条", "申报资料：信用评价申报表、企业承诺书等")
def submission_documents(*, declaration: str, pledge: bool) -> RuleResult:
    """第十条 提交具体内容如下：1.房地产企业信用评价申报表；2.企业承诺书；3.资质证书、备案信息；4.经营业绩情况；
    5.其他有关资料。"""
    missing = [name for name, ok in (("信用评价申报表", bool(declaration.strip())), ("企业承诺书", pledge)) if not ok]
    if missing:
        return failed(f"缺少{'、'.join(missing)}（第十条）", f"Missing: {', '.join(missing)}", missing=missing)
    return passed("申报表和企业承诺书已提交", "Declaration and pledge submitted")


@_rule("CRED-A9-1", "第九条第一项",
       "县级7个工作日内核实；资料不全的一次性告知3个工作日内补齐；物业服务企业征求街道、社区意见")
def county_verification(*, kind: str, street_opinion: str) -> RuleResult:
    """第九条（一）……县（市、区）住房城乡建设主管部门应在7个工作日内完成核实时，统一提交至设区市住房城乡建设主管
    部门。对参加评价的物业服务企业，县（市、区）住房城乡建设主管部门要征求物业服务项目所在地街道办事处（乡镇人民政
    府）、社区的意见。对于提交资料不全的企业，主管部门应当一次性告知其在3个工作日内补齐。"""
    if kind == "property_service" and not street_opinion.strip():
        return failed("物业服务企业须先征求项目所在地街道办事处（乡镇人民政府）、社区的意见（第九条第一项）",
                      "Ask the street office and community first", kind=kind)
    return passed("核实完成，提交设区市主管部门", "Verified, sent to the city", kind=kind)


@_rule("CRED-A11", "第十一条", "信用分值=客观信用分值+良好信用分值-不良信用分值；A≥90，B 75–<90，C 60–<75，D<60")
def credit_score(*, objective: Decimal, good: Decimal, bad: Decimal, unscored: int = 0,
                 over_max: list | None = None) -> RuleResult:
    """第十一条 企业信用评价等级的评定采取信用分值综合评分制。信用分值=客观信用分值+良好信用分值-不良信用分值。
    （一）A级（优秀）：得分在90分（含）以上的；（二）B级（良好）：得分在75分（含）-90分的；（三）C级（合格）：得分
    在60分（含）-75分的；（四）D级（不合格）：得分在60以下的。"""
    if unscored:
        return failed(f"评分表尚有{unscored}项指标未评分（第十一条）", f"{unscored} indicators not scored",
                      unscored=unscored)
    if over_max:
        return failed(f"指标得分超出评分表最高分：{'、'.join(over_max)}（第十一条）",
                      "Points above the sheet's maximum",
                      over_max=over_max)
    score = objective + good - bad
    grade = grade_for(score)
    return passed(f"信用分值{score:.2f}分（客观{objective:.2f}+良好{good:.2f}-不良{bad:.2f}），{GRADE_LABELS[grade]}",
                  f"Score {score:.2f}: grade {grade}", objective=objective, good=good, bad=bad, score=score,
                  grade=grade)


@_rule("CRED-A12", "第十二条", "两年内未从事房地产市场活动的，综合信用分计为60分，直接计入C级")
def inactive_firm(*, last_activity_on: date | None, notice_date: date) -> RuleResult:
    """第十二条 截至信用评价通知印发之日，两年内未从事房地产市场活动的房地产企业，原则上不参加当年信用评价，综合信
    用分计为60分，直接计入C级。"""
    try:
        two_years_before = notice_date.replace(year=notice_date.year - 2)
    except ValueError:  # 29 February
        two_years_before = notice_date.replace(year=notice_date.year - 2, day=28)
    if last_activity_on is not None and last_activity_on > two_years_before:
        return not_applicable(f"最近一次市场活动{last_activity_on.isoformat()}，在通知印发日前两年内",
                              "Active within two years", last_activity_on=last_activity_on)
    since = last_activity_on.isoformat() if last_activity_on else "无记录"
    return passed(f"截至通知印发之日（{notice_date.isoformat()}）两年内未从事房地产市场活动（最近：{since}），"
                  f"计60分，C级", "Inactive for two years: 60 points, C", score=INACTIVE_SCORE, grade="C",
                  notice_date=notice_date)


@_rule("CRED-A13", "第十三条", "存在一票否决情形或瞒报、提供虚假信息的，按D级处理")
def veto_items(*, veto_items: list) -> RuleResult:
    """第十三条 对房地产企业存在以下情形之一的，信用评价结果按D级处理：（一）……纳入“信用中国”“信用山西”等信用监管
    平台失信惩戒对象的，存在其他违规行为的；（二）瞒报或提供虚假信息的房地产企业。"""
    if not veto_items:
        return not_applicable("无一票否决情形", "No veto item")
    return passed(f"存在一票否决情形：{'；'.join(veto_items)}，无论得分均按D级处理（第十三条）",
                  "Veto item: grade D whatever the score", grade="D", items=veto_items)


@_rule("CRED-A9-2", "第九条第二项", "估价机构和初评A级的开发、物业服务、经纪企业由省级在10个工作日内审核")
def province_review_route(*, kind: str, grade: str) -> RuleResult:
    """第九条（二）设区市住房城乡建设主管部门上报的房地产估价机构，初评等级为A级的房地产开发企业、物业服务企业、
    房地产经纪机构的信用评价初评结论由省住房城乡建设主管部门在10个工作日内进行审核出具评定结果并予以公示；设区市住
    房城乡建设主管部门上报的其他初评结论将直接予以公示。"""
    if kind == "appraisal" or grade == "A":
        why = "房地产估价机构" if kind == "appraisal" else "初评等级为A级"
        return passed(f"{why}，报省级主管部门10个工作日内审核", "Province reviews", route="province")
    return passed("其他初评结论直接予以公示", "Goes straight to the notice", route="notice")


@_rule("CRED-A9-3", "第九条第三项", "公示期内的异议由设区市查证核实，确认后由作出评定的部门重新评定")
def objection_rerating(*, upheld_objections: int) -> RuleResult:
    """第九条（三）……在公示期内，若有异议向做出该评定结果的部门提出，由设区市住房城乡建设主管部门负责查证核实，并根
    据确认后的事实由做出该评定结果的部门重新评定等级。"""
    if upheld_objections <= 0:
        return failed("没有经设区市查证核实成立的异议，不能重新评定（第九条第三项）", "No upheld objection")
    return passed(f"{upheld_objections}件异议经查证核实成立，依确认后的事实重新评定", "Re-rated after objection",
                  upheld=upheld_objections)


@_rule("CRED-A14", "第十四条", "发生不良信用信息、一票否决项等的，实施动态评定，重新评定信用等级")
def dynamic_rerating(*, trigger: str) -> RuleResult:
    """第十四条 房地产企业信用评价采取定期评定加动态考核的办法，企业发生信用评价指标体系中不良信用信息、一票否决
    项等可能影响信用等级的，实施动态评定，由住房城乡建设主管部门重新评定信用等级。"""
    if not trigger.strip():
        return failed("请说明动态评定的原因（第十四条）", "State why")
    return passed(f"动态评定：{trigger}", "Dynamic re-rating", trigger=trigger)


@_rule("CRED-A21", "第二十一条", "符合信用修复条件的行政处罚信息，经申请并核实完成整改的，可重新评定")
def credit_repair(*, category: str, veto: bool, repair_basis: str) -> RuleResult:
    """第二十一条 ……对于符合信用修复条件的行政处罚信息，企业在规定公示期内依法纠正失信行为、消除不良影响的，可通过
    作出信用修复承诺、完成信用整改、接受专题培训等方式开展信用修复。经企业提出申请，并经相应主管部门核实已完成整改
    的，可重新评定信用等级。"""
    if category != "penalty" or veto:
        return failed("只有符合修复条件的行政处罚信息可以信用修复（第二十一条）",
                      "Only penalty records can be repaired")
    if not repair_basis.strip():
        return failed("请填写信用修复承诺、整改和培训的核实情况（第二十一条）", "State the verified repair")
    return passed("信用修复经核实，重新评定信用等级", "Repair verified")


# 第十六条–第十九条: what each grade means for other departments, as data (API ``effects``).
def grade_effects(*, kind: str, grade: str) -> dict:
    """The measures of 第十六条–第十九条 for an enterprise of ``kind`` with ``grade``."""
    effects = {"grade": grade, "kind": kind, "escrow_retention_change_points": "0", "inspection_tier": "normal",
               "may_skip_next_cycle": False, "awards_allowed": True, "government_tenders_allowed": True,
               "early_property_tenders_allowed": True, "tender_bonus_reference": False, "warnings_to": [],
               "key_supervision": False, "transaction_funds_full_supervision": False, "articles": []}
    if grade == "A":
        effects.update(may_skip_next_cycle=True, inspection_tier="reduced", articles=["第十六条"])
        if kind == "developer":
            effects["escrow_retention_change_points"] = "-5"   # at most 5 points lower at each of 5 nodes
        if kind == "property_service":
            effects["tender_bonus_reference"] = True
    elif grade == "B":
        effects["articles"] = ["第十七条"]
    elif grade == "C":
        effects.update(inspection_tier="increased", articles=["第十八条"])
    elif grade == "D":
        effects.update(inspection_tier="key", key_supervision=True, awards_allowed=False,
                       warnings_to=["自然资源管理部门（国有建设用地使用权竞买预警）", "市场监管部门"],
                       articles=["第十九条"])
        if kind == "developer":
            effects["escrow_retention_change_points"] = "+5"
        if kind == "brokerage":
            effects["transaction_funds_full_supervision"] = True
        if kind == "property_service":
            effects.update(government_tenders_allowed=False, early_property_tenders_allowed=False)
    return effects


@_rule("CRED-A16", "第十六条至第十九条", "依信用等级分类实施差异化管理")
def grade_measures(*, kind: str, grade: str) -> RuleResult:
    """第十六条–第十九条 A级：可隔年参评、减少检查频次、开发企业节点留存监管资金每节点降低不超过5%……D级：限制表彰、
    预警提示、列入重点监管、开发企业留存额度提高5%、物业服务企业限制参与政府项目和前期物业管理项目招投标……"""
    if grade not in GRADE_LABELS:
        return not_applicable("尚无信用等级", "No grade")
    effects = grade_effects(kind=kind, grade=grade)
    return passed(f"{GRADE_LABELS[grade]}：检查频次{effects['inspection_tier']}，预售监管资金节点留存额度调整"
                  f"{effects['escrow_retention_change_points']}个百分点", "Grade measures", **effects)


# --- 159号 star rating ------------------------------------------------------------------------------------------
def county_stars(score: Decimal) -> int:
    """第八条（二）县级初评：59分以下（含）不设星级，60—65分一星级，66—70分二星级；71分及以上报市级（返回 None）。"""
    if score < 60:
        return 0
    if score < 66:
        return 1
    if score < 71:
        return 2
    return -1


def city_stars(score: Decimal) -> int:
    """第八条（三）市级：71—80分三星级，81—85分四星级，86分及以上报省级（返回 -1），未达71分回县级（返回 0）。"""
    if score < 71:
        return 0
    if score < 81:
        return 3
    if score < 86:
        return 4
    return -1


@_rule("STAR-A7", "第七条",
       "申报条件：服务一年以上、已备案、上年度信用等级B级以上、入住率≥50%或交付两年以上、无责任事故",
       regulation=STAR)
def star_eligibility(*, service_days: int, filed_with_county: bool, last_grade: str, occupancy_percent: Decimal,
                     delivered_days: int, liability_accident_last_year: bool) -> RuleResult:
    """第七条 申报住宅物业服务质量星级评价的项目应当符合以下条件：……（二）物业服务企业依据物业服务合同约定在该项目
    服务一年以上；（三）物业服务企业已按规定向项目所在地的县级住房和城乡建设主管部门备案；（四）物业服务企业参加了上
    年度全省物业服务企业信用评价，且信用评价等级为B级以上（含B级）；（五）申报项目入住率需达到50%以上（含50%），或
    交付使用两年以上……；（六）上一年度，项目未发生经认定由物业服务企业承担责任的治安、疫情、火灾等安全责任事故。"""
    problems = []
    if service_days < 365:
        problems.append("（二）物业服务企业在该项目服务不满一年")
    if not filed_with_county:
        problems.append("（三）物业服务企业未向县级主管部门备案")
    if last_grade not in ("A", "B"):
        got = f"为{last_grade}级" if last_grade else "无记录"
        problems.append(f"（四）上年度信用评价等级须为B级以上，该企业{got}")
    if occupancy_percent < 50 and delivered_days < 730:
        problems.append("（五）入住率不足50%且交付使用不满两年")
    if liability_accident_last_year:
        problems.append("（六）上一年度发生由物业服务企业承担责任的安全责任事故")
    if problems:
        return failed("不符合159号第七条申报条件：" + "；".join(problems), "Not eligible (159 A7)", problems=problems)
    return passed("符合159号第七条申报条件", "Eligible", last_grade=last_grade)


@_rule("STAR-A8-1", "第八条第一项", "经项目所在地街道办事处（乡、镇人民政府）同意后向县级主管部门申报", regulation=STAR)
def street_consent(*, street_office_consented: bool) -> RuleResult:
    """第八条（一）物业服务企业填写《住宅物业服务质量星级评价申报表》，经项目所在地街道办事处（乡、镇人民政府）同意后
    向县级住房和城乡建设主管部门申报。"""
    if not street_office_consented:
        return failed("须经项目所在地街道办事处（乡、镇人民政府）同意后申报（159号第八条第一项）",
                      "Street consent needed")
    return passed("街道办事处已同意申报", "Street office consented")


@_rule("STAR-A8-2", "第八条第二项", "县级初评：≤59不设星级，60–65一星，66–70二星，≥71报市级", regulation=STAR)
def county_band(*, county_score: Decimal) -> RuleResult:
    """第八条（二）县级初评分值在59分以下（含59分）的项目，不设星级。分值在60—65分的项目评为一星级，66分—70分的
    项目评为二星级。……县级初评分值在71分及以上的项目……报送市级……参加市级评价。"""
    stars = county_stars(county_score)
    if stars < 0:
        return passed(f"县级初评{county_score:.2f}分，报市级评价", "To the city", stars=None, route="city")
    return passed(f"县级初评{county_score:.2f}分，{'不设星级' if stars == 0 else f'{stars}星级'}，由县级核定",
                  "County decides", stars=stars, route="county")


@_rule("STAR-A8-3", "第八条第三项", "市级：71–80三星，81–85四星，≥86报省级，未达71回县级核定", regulation=STAR)
def city_band(*, city_score: Decimal) -> RuleResult:
    """第八条（三）市级评价分值在71—80分的项目评为三星级，81—85分的项目评为四星级。分值未达到71分的项目，由县级住
    房和城乡建设主管部门重新核定星级。……市级评价分值在86分及以上的项目……报送省住房和城乡建设厅参加五星级评价。"""
    stars = city_stars(city_score)
    if stars < 0:
        return passed(f"市级评价{city_score:.2f}分，报省级五星级评价", "To the province", stars=None, route="province")
    if stars == 0:
        county = county_stars(city_score)
        return passed(f"市级评价{city_score:.2f}分未达71分，由县级按县级分档重新核定为{county}星级（0为不设星级）",
                      "County re-decides", stars=county, route="county")
    return passed(f"市级评价{city_score:.2f}分，{stars}星级，由市级核定", "City decides", stars=stars, route="city")


@_rule("STAR-A9", "第九条", "公示5个工作日；一、二星异议由市级复核，三星以上由省厅复核", regulation=STAR)
def star_objection_route(*, stars: int) -> RuleResult:
    """第九条 ……公示期为5个工作日。公示期内对一星级、二星级评价结果有异议的，由市级……进行复核；对三星级、四星级和
    五星级评价结果有异议的，由省住房和城乡建设厅进行复核。公示期满无异议的，由核定部门颁发物业服务质量星级评价铭牌。"""
    reviewer = "市级住房和城乡建设（房地产）主管部门" if stars <= 2 else "省住房和城乡建设厅"
    return passed(f"{stars}星级，公示5个工作日，异议由{reviewer}复核", "Objections routed", reviewer=reviewer)


@_rule("STAR-A13", "第十三条", "取消项目核定星级，收回铭牌的情形", regulation=STAR)
def star_revocation(*, ground: str) -> RuleResult:
    """第十三条 有下列情况之一的，取消项目核定星级，收回铭牌：（一）……（六）其他应当取消星级的情况。"""
    if not ground:
        return failed("请选择第十三条规定的取消情形", "Choose a ground")
    return passed("取消星级，收回铭牌", "Star revoked", ground=ground)


def tender_bonus(best_stars: int | None) -> Decimal:
    """159号第十五条: 五星1.5分，四星1分，三星0.5分，不累加（按最高星级）。"""
    return {5: Decimal("1.5"), 4: Decimal("1"), 3: Decimal("0.5")}.get(best_stars or 0, Decimal("0"))


def credit_outcome(*, objective: Decimal, good: Decimal, bad: Decimal, inactive: bool, veto: bool
                   ) -> tuple[Decimal, str]:
    """The score and grade of 第十一条–第十三条 together: a veto item is D whatever the score (A13); a firm without
    market activity for two years is 60 and C (A12); otherwise objective + good − bad on the A11 bands."""
    score = INACTIVE_SCORE if inactive else objective + good - bad
    if veto:
        return score, "D"
    return score, ("C" if inactive else grade_for(score))


@_rule("CRED-A9-4", "第九条第三项、第四项", "公示期满且异议均已查证处理后，最终评定结果上报并统一公布")
def final_grade_ready(*, notice_open: bool, pending_objections: int) -> RuleResult:
    """第九条（三）……于4月底将最终评定结果上报省级住房城乡建设主管部门。（四）公布结果：由省级住房城乡建设主管部门
    将最终评定结果统一公布。"""
    if notice_open:
        return failed("公示期未满，不能最终评定（第九条第三项：公示期不少于5个工作日）", "Notice still open")
    if pending_objections:
        return failed(f"尚有{pending_objections}件异议待设区市查证核实（第九条第三项）", "Objections pending")
    return passed("公示期满，异议已处理，最终评定并统一公布", "Final grade published")
