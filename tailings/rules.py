"""Rules of 晋政办发〔2022〕98号 (TAIL-2022, 山西省尾矿库安全监督管理办法). Pure functions: facts in, a RuleResult
out; no ORM. Where the spec digest and the regulation differ, the regulation wins (docs/tailings.md says where).

Distances are Decimals in kilometres, heights and elevations Decimals in metres; grades are 1 (一等) … 5 (五等).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal

from gazette.rules.registry import RuleResult, failed, not_applicable, passed, rule

REG = "TAIL-2022"
NEW, EXPANSION = "new", "expansion"
PROJECTS = (NEW, EXPANSION)
YELLOW_RIVER_KM = Decimal("3")
TRIBUTARY_KM = Decimal("1")
MAX_DAM_HEIGHT = Decimal("200")
MAX_SINGLE_RAISE = Decimal("50")
MIN_SLOPE = Decimal("3.0")
TRIAL_PLAN_DAYS = 7
TRIAL_MIN_DAYS = 30
TRIAL_MAX_MONTHS = 6
CLOSURE_MONTHS = 12
MAX_EXTENSION_MONTHS = 6
IDLE_YEARS = 3
IN_FORCE = date(2023, 1, 1)
MAJOR_CHANGES = ("site", "grade", "dam_height", "dam_type", "flood_discharge")


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has no such day): 8月31日 + 6个月 = 2月28/29日."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _project(project_kind: str) -> bool:
    return project_kind in PROJECTS


def _kind_label(project_kind: str) -> str:
    return "新建" if project_kind == NEW else "改扩建"


# --- Siting and design (第二章) -----------------------------------------------------------------------------------
@rule("TAIL-A7", regulation=REG, article="第七条第二款", statement="新建、改扩建尾矿库禁止选址的区域")
def banned_site(*, project_kind: str, flat_type: bool = False, dense_places_within_3km: bool = False,
                major_roads_within_3km: bool = False, inundation_overlaps_other_dam: bool = False,
                in_banned_area: bool = False) -> RuleResult:
    """第七条 …有下列情形之一的区域，禁止作为新建、改扩建尾矿库库址：（一）尾矿坝坝脚起至下游尾矿流经路径3公里范围内有
    居民区、工矿企业、集贸市场、休闲娱乐广场等人员密集场所，或者有二级及以上等级公路、铁路等重要生产生活设施（不含平地型
    尾矿库）；（二）尾矿库淹没区与上游其他企业的尾矿库坝体重叠；（三）法律、法规和国务院规定禁止建设尾矿库的区域。

    The exemption of (一) covers the whole clause: a 平地型 facility has no downstream flow path."""
    if not _project(project_kind):
        return not_applicable("现有尾矿库不适用选址禁止规定（仅作标记）", "existing facility")
    reasons = []
    if not flat_type and dense_places_within_3km:
        reasons.append("坝脚下游尾矿流经路径3公里范围内有人员密集场所（第一项）")
    if not flat_type and major_roads_within_3km:
        reasons.append("坝脚下游尾矿流经路径3公里范围内有二级及以上公路、铁路（第一项）")
    if inundation_overlaps_other_dam:
        reasons.append("淹没区与上游其他企业的尾矿库坝体重叠（第二项）")
    if in_banned_area:
        reasons.append("位于法律、法规和国务院规定禁止建设尾矿库的区域（第三项）")
    if reasons:
        return failed("禁止作为尾矿库库址：" + "；".join(reasons), "banned site", reasons=reasons)
    note = "（平地型尾矿库不适用第一项）" if flat_type else ""
    return passed("库址不属于第七条禁止的区域" + note, "site allowed", flat_type=flat_type)


@rule("TAIL-A8", regulation=REG, article="第八条", statement="新建尾矿库干式排尾、四五等一次建坝、服务年限不少于5年；"
      "新建、改扩建尾矿库有配套矿山")
def new_facility_design(*, project_kind: str, grade: int, discharge_method: str = "", dam_method: str = "",
                        design_life_years: int = 0, matching_mine: str = "") -> RuleResult:
    """第八条 新建尾矿库必须采用干式排尾，新建四等、五等尾矿库必须采用一次建坝方式，新建尾矿库服务年限不少于5年，新建、
    改扩建尾矿库必须有配套矿山。 (The matching-mine duty binds 改扩建 projects too, which the spec digest
    had missed.)"""
    if not _project(project_kind):
        return not_applicable("现有尾矿库不适用", "existing facility")
    reasons = []
    if project_kind == NEW:
        if discharge_method != "dry":
            reasons.append("新建尾矿库必须采用干式排尾")
        if grade in (4, 5) and dam_method != "one_time":
            reasons.append(f"新建{'四' if grade == 4 else '五'}等尾矿库必须采用一次建坝方式")
        if int(design_life_years or 0) < 5:
            reasons.append(f"新建尾矿库服务年限不少于5年（设计为{design_life_years}年）")
    if not (matching_mine or "").strip():
        reasons.append(f"{_kind_label(project_kind)}尾矿库必须有配套矿山")
    if reasons:
        return failed("；".join(reasons), "design requirements not met", reasons=reasons)
    return passed("排尾方式、筑坝方式、服务年限和配套矿山符合第八条", "design requirements met",
                  design_life_years=design_life_years)


@rule("TAIL-A9", regulation=REG, article="第九条", statement="严禁新建、改扩建头顶库、总坝高超过200米的尾矿库，严禁在"
      "黄河干流岸线3公里、重要支流岸线1公里范围内新建、改扩建")
def prohibited_project(*, project_kind: str, residents_within_1km_of_starter_toe: bool = False,
                       total_dam_height: Decimal = Decimal("0"), yellow_river_distance_km: Decimal | None = None,
                       tributary_name: str = "", tributary_distance_km: Decimal | None = None) -> RuleResult:
    """第九条 严禁新建、改扩建尾矿库“头顶库”、总坝高超过200米的尾矿库，严禁在距离黄河干流岸线3公里、重要支流岸线1公里
    范围内新建、改扩建尾矿库。 第四十条 头顶库：初期坝坡脚起至下游尾矿流经路径1公里范围内有居民或重要设施的尾矿库。

    "范围内" includes its bound: a dam exactly 3.000 km from the main-stream shoreline is banned."""
    if not _project(project_kind):
        return not_applicable("现有尾矿库不适用（仅作标记）", "existing facility")
    reasons = []
    if residents_within_1km_of_starter_toe:
        reasons.append("属于“头顶库”（初期坝坡脚起至下游尾矿流经路径1公里范围内有居民或重要设施，第四十条）")
    height = Decimal(str(total_dam_height or 0))
    if height > MAX_DAM_HEIGHT:
        reasons.append(f"总坝高{height}米，超过200米")
    if yellow_river_distance_km is not None and Decimal(str(yellow_river_distance_km)) <= YELLOW_RIVER_KM:
        reasons.append(f"距黄河干流岸线{Decimal(str(yellow_river_distance_km))}公里，在3公里范围内")
    if tributary_distance_km is not None and Decimal(str(tributary_distance_km)) <= TRIBUTARY_KM:
        name = tributary_name or "重要支流"
        reasons.append(f"距{name}岸线{Decimal(str(tributary_distance_km))}公里，在1公里范围内")
    if reasons:
        return failed(f"严禁{_kind_label(project_kind)}：" + "；".join(reasons), "prohibited project",
                      reasons=reasons, yellow_river_distance_km=yellow_river_distance_km)
    return passed("不属于第九条严禁新建、改扩建的情形", "not prohibited",
                  yellow_river_distance_km=yellow_river_distance_km, tributary_distance_km=tributary_distance_km)


@rule("TAIL-A12", regulation=REG, article="第十二条", statement="岩土工程勘察及工程详细勘察；改扩建一次加高不超过50米")
def surveys_and_raise(*, project_kind: str, geotechnical_survey: bool = False, detailed_survey: bool = False,
                      pile_dam_survey: bool = False, single_raise_height: Decimal | None = None) -> RuleResult:
    """第十二条 新建、改扩建尾矿库应…进行岩土工程勘察及工程详细勘察，改扩建尾矿库还应对尾矿堆积坝进行岩土工程勘察。
    改扩建尾矿库一次加高高度不得超过50米。"""
    if not _project(project_kind):
        return not_applicable("现有尾矿库不适用", "existing facility")
    reasons = []
    if not geotechnical_survey:
        reasons.append("未进行岩土工程勘察")
    if not detailed_survey:
        reasons.append("未进行工程详细勘察")
    if project_kind == EXPANSION:
        if not pile_dam_survey:
            reasons.append("改扩建尾矿库未对尾矿堆积坝进行岩土工程勘察")
        if single_raise_height is not None and Decimal(str(single_raise_height)) > MAX_SINGLE_RAISE:
            reasons.append(f"一次加高{Decimal(str(single_raise_height))}米，超过50米")
    if reasons:
        return failed("；".join(reasons), "surveys or raise height", reasons=reasons)
    return passed("勘察符合第十二条" + ("，一次加高不超过50米" if project_kind == EXPANSION else ""), "surveys done")


@rule("TAIL-A13", regulation=REG, article="第十三条", statement="安全评价单位具有金属非金属矿山采选业评价资质，评价人员"
      "中有土木、安全、水利工程等专业安全评价师")
def evaluator_qualified(*, project_kind: str, evaluator_qualified: bool = False,
                        evaluator_has_engineer: bool = False) -> RuleResult:
    """第十三条 …安全评价单位应当具有金属非金属矿山采选业评价资质，评价人员中应当有土木工程、安全工程、水利工程等学科
    专业的安全评价师…"""
    if not _project(project_kind):
        return not_applicable("现有尾矿库不适用", "existing facility")
    reasons = []
    if not evaluator_qualified:
        reasons.append("安全评价单位不具有金属非金属矿山采选业评价资质")
    if not evaluator_has_engineer:
        reasons.append("评价人员中没有土木工程、安全工程、水利工程等学科专业的安全评价师")
    if reasons:
        return failed("；".join(reasons), "evaluator not qualified", reasons=reasons)
    return passed("安全评价单位资质和评价人员符合第十三条", "evaluator qualified")


_SURVEY = {"high": ("comprehensive", "grade_a"), "low": ("comprehensive", "grade_a", "grade_b")}
_DESIGN = {"high": ("comprehensive", "grade_a"), "low": ("comprehensive", "grade_a", "grade_b")}
_CONSTRUCTION = {"high": ("special", "first"), "low": ("special", "first", "second")}
_SUPERVISION = {"high": ("comprehensive", "grade_a"), "low": ("comprehensive", "grade_a", "grade_b")}


@rule("TAIL-A14", regulation=REG, article="第十四条", statement="勘察、设计、施工、监理单位按尾矿库等别具备资质")
def contractors_qualified(*, project_kind: str, grade: int, survey_qualification: str = "none",
                          design_qualification: str = "none", construction_qualification: str = "none",
                          supervision_qualification: str = "none") -> RuleResult:
    """第十四条 （一）一等、二等、三等尾矿库建设项目，其勘察单位具有工程勘察综合资质，或者同时具有岩土工程专业甲级资质和
    水文地质勘察专业甲级资质；设计单位具有工程设计综合资质，或者相应的…专业甲级资质；施工单位具有…施工总承包一级及以上
    资质；工程监理单位具有工程监理综合资质，或者相应的…专业甲级资质。（二）四等、五等…勘察单位…乙级及以上…；设计单位…
    乙级及以上…；施工单位…总承包二级及以上…；监理单位…乙级及以上资质。"""
    if not _project(project_kind):
        return not_applicable("现有尾矿库不适用", "existing facility")
    band = "high" if grade <= 3 else "low"
    need = "一等至三等" if band == "high" else "四等、五等"
    reasons = []
    if survey_qualification not in _SURVEY[band]:
        need_survey = "需综合资质或岩土、水文地质甲级" if band == "high" else "需岩土、水文地质乙级及以上"
        reasons.append("勘察单位资质不足（" + need_survey
                       + "）")
    if design_qualification not in _DESIGN[band]:
        reasons.append("设计单位资质不足（" + ("需综合资质或专业甲级" if band == "high" else "需专业乙级及以上") + "）")
    if construction_qualification not in _CONSTRUCTION[band]:
        reasons.append("施工单位资质不足（" + ("需施工总承包一级及以上" if band == "high" else "需施工总承包二级及以上")
                       + "）")
    if supervision_qualification not in _SUPERVISION[band]:
        reasons.append("监理单位资质不足（" + ("需综合资质或专业甲级" if band == "high" else "需专业乙级及以上") + "）")
    if reasons:
        return failed(f"{need}尾矿库：" + "；".join(reasons), "contractors not qualified", reasons=reasons, band=band)
    return passed(f"勘察、设计、施工、监理单位资质符合{need}尾矿库的要求", "contractors qualified", band=band)


@rule("TAIL-A15", regulation=REG, article="第十五条第二项",
    statement="库址、等别、坝高、坝型、排洪方式等重大设计变更报原审批"
      "部门批准")
def design_change(*, changed_items: tuple = (), approval_document: str = "", designer_document: str = "") -> RuleResult:
    """第十五条 （二）施工中需要对设计进行局部修改的，需经原设计单位同意，并出具变更设计文件；对涉及库址、等别、坝高、
    坝型、排洪方式等重大设计方案变更的，由原设计单位出具变更设计后，报安全设施设计原审批部门批准。"""
    major = [item for item in changed_items or () if item in MAJOR_CHANGES]
    if not (designer_document or "").strip():
        return failed("设计变更须由原设计单位同意并出具变更设计文件", "designer's change document missing")
    if major and not (approval_document or "").strip():
        return failed("涉及库址、等别、坝高、坝型、排洪方式的重大设计变更，须报安全设施设计原审批部门批准后"
                      "方可继续施工",
                      "major change needs the original approver", major=major)
    return passed("重大设计变更已经原审批部门批准" if major else "局部修改已由原设计单位同意", "change in order",
                  major=major)


@rule("TAIL-A19", regulation=REG, article="第十九条",
    statement="每座尾矿库的专职安全管理人员、专业技术人员、特种作业人员数量")
def staffing(*, grade: int, safety_managers: int = 0, technicians: int = 0, special_operators: int = 0) -> RuleResult:
    """第十九条 …每座三等及以上尾矿库专职安全生产管理人员应当不少于4人，专业技术人员应当不少于两人；每座四等、五等尾矿库
    专职安全生产管理人员应当不少于两人，专业技术人员应当不少于1人。…每座三等及以上尾矿库特种作业人员应当不少于10人，每座
    四等、五等尾矿库特种作业人员应当不少于6人。 ("三等及以上" = grades 一 to 三.)"""
    need = (4, 2, 10) if grade <= 3 else (2, 1, 6)
    have = (int(safety_managers or 0), int(technicians or 0), int(special_operators or 0))
    names = ("专职安全生产管理人员", "专业技术人员", "特种作业人员")
    short = [f"{n}{h}人，少于{k}人" for n, h, k in zip(names, have, need, strict=True) if h < k]
    band = "三等及以上" if grade <= 3 else "四等、五等"
    if short:
        return failed(f"{band}尾矿库：" + "；".join(short), "understaffed", need=list(need), have=list(have))
    return passed(f"人员配备符合{band}尾矿库的要求", "staffing met", need=list(need), have=list(have))


@rule("TAIL-A23", regulation=REG, article="第二十三条", statement="尾矿堆积坝平均堆积外坡比不得陡于1:3")
def outer_slope(*, outer_slope_ratio: Decimal | None = None) -> RuleResult:
    """第二十三条 …尾矿堆积坝平均堆积外坡比不得陡于1:3。 The ratio is horizontal ÷ vertical: 1:3 is 3.0, and a value
    below 3.0 is steeper."""
    if outer_slope_ratio is None:
        return failed("未填写堆积坝平均外坡比", "slope missing")
    ratio = Decimal(str(outer_slope_ratio))
    if ratio < MIN_SLOPE:
        return failed(f"堆积坝平均外坡比1:{ratio}，陡于1:3", "slope steeper than 1:3", ratio=ratio)
    return passed(f"堆积坝平均外坡比1:{ratio}，不陡于1:3", "slope not steeper than 1:3", ratio=ratio)


@rule("TAIL-A23-ELEV", regulation=REG, article="第二十三条", statement="不得擅自加高坝体：堆积标高不超过设计最终标高")
def elevation_within_design(*, current_elevation: Decimal, final_design_elevation: Decimal) -> RuleResult:
    """第二十三条 …不得擅自加高坝体、扩大库容。 A recorded elevation above the final design elevation is refused."""
    cur, final = Decimal(str(current_elevation)), Decimal(str(final_design_elevation))
    if cur > final:
        return failed(f"当前堆积标高{cur}米高于设计最终堆积标高{final}米", "above final design elevation")
    return passed(f"当前堆积标高{cur}米，未超过设计最终堆积标高{final}米", "within design", left=final - cur)


# --- Trial run and licence (第十六条至第十八条) --------------------------------------------------------------------
@rule("TAIL-A16-PLAN", regulation=REG, article="第十六条", statement="试运行开始前7日内报送试运行方案")
def trial_plan_filed(*, filed_on: date, start_on: date) -> RuleResult:
    """第十六条 …生产经营单位应当在试运行开始前7日内，按照分类分级监管原则，将试运行方案及相关文件资料报送相应的应急管理
    部门。 Read as "due before the start": filing on or after the start day is refused; filing earlier than 7 days
    before is accepted with a note (the plan may still change)."""
    days = (start_on - filed_on).days
    if days <= 0:
        return failed(f"试运行方案于{filed_on}报送，不在试运行开始（{start_on}）前；应在开始前7日内报送",
                      "plan not filed before the start", days_before=days)
    if days > TRIAL_PLAN_DAYS:
        return passed(f"试运行方案于开始前{days}日报送，早于开始前7日；方案如有变化应重新报送", "filed early",
                      days_before=days, warning=True)
    return passed(f"试运行方案于开始前{days}日报送，在开始前7日内", "filed within 7 days", days_before=days)


@rule("TAIL-A16-LENGTH", regulation=REG, article="第十六条", statement="试运行时间不少于30天，最长不超过6个月")
def trial_length(*, start_on: date, end_on: date) -> RuleResult:
    """第十六条 …试运行时间应当不少于30天，最长不得超过6个月… Counted in calendar days from the start date: ending on
    start + 30 days is 30 days; the longest run ends on the same day 6 months later."""
    days = (end_on - start_on).days
    latest = add_months(start_on, TRIAL_MAX_MONTHS)
    if days < TRIAL_MIN_DAYS:
        return failed(f"试运行{start_on}至{end_on}共{max(days, 0)}天，少于30天", "shorter than 30 days", days=days)
    if end_on > latest:
        return failed(f"试运行{start_on}至{end_on}超过6个月（最迟应于{latest}结束）", "longer than 6 months",
                      days=days, latest=latest)
    return passed(f"试运行{start_on}至{end_on}共{days}天，在30天至6个月（{latest}）之间", "length allowed", days=days,
                  latest=latest)


@rule("TAIL-A16-DISCHARGE", regulation=REG, article="第十六条", statement="试运行期间尾砂排放不得超过初期坝坝顶标高")
def trial_discharge(*, max_discharge_elevation: Decimal, starter_dam_crest_elevation: Decimal) -> RuleResult:
    """第十六条 …且尾砂排放不得超过初期坝坝顶标高。"""
    top, crest = Decimal(str(max_discharge_elevation)), Decimal(str(starter_dam_crest_elevation))
    if top > crest:
        return failed(f"试运行期间尾砂排放标高{top}米，超过初期坝坝顶标高{crest}米", "above the starter-dam crest")
    return passed(f"试运行期间尾砂排放标高{top}米，未超过初期坝坝顶标高{crest}米", "below the crest")


@rule("TAIL-A17", regulation=REG, article="第十七条", statement="试运行结束后出具试运行报告并进行安全验收评价")
def trial_report(*, trial_end_on: date | None = None, trial_report_on: date | None = None,
                 acceptance_evaluation_on: date | None = None, evaluator_qualified: bool = False) -> RuleResult:
    """第十七条 尾矿库建设项目安全设施试运行结束后，生产经营单位应当出具试运行报告，并委托具有相应资质的安全评价单位进行
    安全验收评价。"""
    reasons = []
    if trial_report_on is None:
        reasons.append("未出具试运行报告")
    elif trial_end_on and trial_report_on < trial_end_on:
        reasons.append("试运行报告应在试运行结束后出具")
    if acceptance_evaluation_on is None:
        reasons.append("未进行安全验收评价")
    if not evaluator_qualified:
        reasons.append("安全评价单位不具有相应资质")
    if reasons:
        return failed("；".join(reasons), "report or evaluation missing", reasons=reasons)
    return passed("已出具试运行报告并完成安全验收评价", "report and evaluation done")


@rule("TAIL-A18", regulation=REG, article="第十八条", statement="未依法取得安全生产许可证的尾矿库不得投入生产运行")
def licence_valid(*, licence_number: str = "", licence_expires_on: date | None = None, on: date) -> RuleResult:
    """第十八条 …未依法取得安全生产许可证的尾矿库，不得投入生产运行。"""
    if not (licence_number or "").strip() or licence_expires_on is None:
        return failed("未取得安全生产许可证，不得投入生产运行", "no licence")
    if licence_expires_on < on:
        return failed(f"安全生产许可证{licence_number}已于{licence_expires_on}到期，不得投入生产运行",
            "licence expired")
    return passed(f"安全生产许可证{licence_number}有效期至{licence_expires_on}", "licence valid")


# --- Operation (第三章) -------------------------------------------------------------------------------------------
@rule("TAIL-A22", regulation=REG, article="第二十二条第二款",
    statement="生产运行尾矿库所列事项变更须经技术论证和应急管理部门批准")
def operating_change(*, items: tuple = (), demonstration: str = "", approval_document: str = "") -> RuleResult:
    """第二十二条 生产经营单位未经技术论证和应急管理部门批准，不得对生产运行尾矿库的筑坝方式，排放方式，尾矿物化特性，
    坝型、坝外坡坡比及维护措施，堆积坝上升速率、最终堆积标高，最终坝轴线的位置，坝体防渗、排渗及反滤层的设置，排洪系统的
    型式、布置及尺寸，进水构筑物终止使用时的封堵措施，设计以外的尾矿、废料或废水进库，干式尾矿库堆存推进方向、压实度、
    台阶高度及坡比等事项进行变更。"""
    if not items:
        return failed("请选择变更事项", "no item")
    reasons = []
    if not (demonstration or "").strip():
        reasons.append("未经技术论证")
    if not (approval_document or "").strip():
        reasons.append("未经应急管理部门批准")
    if reasons:
        return failed("变更第二十二条所列事项：" + "；".join(reasons), "change not approved", reasons=reasons)
    return passed("变更事项已经技术论证和应急管理部门批准", "change approved", items=list(items))


@rule("TAIL-A26", regulation=REG, article="第二十六条",
    statement="新建尾矿库取得安全生产许可证后两个月内完成在线监测联网")
def monitoring_link(*, licence_issued_on: date, linked_on: date) -> RuleResult:
    """第二十六条 …新建尾矿库应在取得安全生产许可证后两个月内完成联网工作。"""
    due = add_months(licence_issued_on, 2)
    if linked_on > due:
        return failed(f"{linked_on}完成联网，晚于取得许可证后两个月（{due}）", "linked late", due=due)
    return passed(f"{linked_on}完成联网，在取得许可证后两个月内（{due}）", "linked in time", due=due)


# --- Reclamation and closure (第四章) -----------------------------------------------------------------------------
@rule("TAIL-A28", regulation=REG, article="第二十八条",
    statement="回采安全设施设计经应急管理部门审查批准，设计回采期内全部回采")
def reclamation_design(*, design_approved_on: date | None = None, full_reclamation: bool = False,
                       period_end: date | None = None) -> RuleResult:
    """第二十八条 …回采工程安全设施设计应当报应急管理部门审查，未经审查批准不得回采尾矿。尾矿回采工程应当在设计回采期内
    完成所有尾矿回采，部分回采尾矿的安全设施设计不得通过审查。"""
    if not full_reclamation:
        return failed("部分回采尾矿的安全设施设计不得通过审查", "partial reclamation design")
    if design_approved_on is None:
        return failed("回采工程安全设施设计未经应急管理部门审查批准，不得回采尾矿", "design not approved")
    if period_end is None or period_end <= design_approved_on:
        return failed("未载明设计回采期", "no reclamation period")
    return passed(f"回采安全设施设计已于{design_approved_on}批准，设计回采期至{period_end}", "design approved",
                  period_end=period_end)


@rule("TAIL-A30", regulation=REG, article="第三十条", statement="闭库情形发生后1年内完成闭库治理并销号")
def closure_trigger(*, trigger: str = "", trigger_on: date | None = None, idle_since: date | None = None,
                    ownerless: bool = False) -> RuleResult:
    """第三十条 运行到设计最终标高或者不再进行排尾作业的尾矿库，停用时间超过3年的尾矿库，以及没有生产经营主体的尾矿库，
    必须在1年内完成闭库治理并销号。 The year runs from the trigger, and not from before 2023-01-01 (the day 98号 took
    effect, 第四十一条); for an idle facility the trigger is the day after its third idle year."""
    if not trigger or trigger_on is None:
        return failed("请选择第三十条规定的闭库情形并填写发生日期", "trigger missing")
    if trigger == "idle_3_years":
        if idle_since is None:
            return failed("停用超过3年：未登记停用日期", "idle date missing")
        earliest = add_months(idle_since, 12 * IDLE_YEARS) + timedelta(days=1)
        if trigger_on < earliest:
            return failed(f"自{idle_since}停用，至{trigger_on}未超过3年（{earliest}起超过3年）", "not idle 3 years",
                          earliest=earliest)
    if trigger == "no_operator" and not ownerless:
        return failed("没有生产经营主体的，应先标记为无主尾矿库并由县级以上人民政府指定管理单位（第三十二条）",
                      "not flagged ownerless")
    starts = max(trigger_on, IN_FORCE)
    due = add_months(starts, CLOSURE_MONTHS)
    note = f"（本办法自{IN_FORCE}施行，自施行之日起算）" if trigger_on < IN_FORCE else ""
    return passed(f"闭库情形发生于{trigger_on}，应于{due}前完成闭库治理并销号{note}", "closure due", starts=starts,
                  due=due)


@rule("TAIL-A30-EXT", regulation=REG, article="第三十条",
    statement="延期须经所在地应急管理部门同意，延长期限不超过6个月")
def closure_extension(*, months: int, already_months: int = 0, consent_document: str = "",
                      consenter_is_local: bool = False) -> RuleResult:
    """第三十条 …特殊情况不能按期完成闭库的，应当报所在地应急管理部门同意后方可延期，延长期限不得超过6个月。 The 6
    months are the total of every extension, not each one's."""
    months, already = int(months or 0), int(already_months or 0)
    if months < 1:
        return failed("延长期限至少1个月", "at least one month")
    if not (consent_document or "").strip():
        return failed("延期须报所在地应急管理部门同意（请填写同意文件）", "consent missing")
    if not consenter_is_local:
        return failed("延期须经尾矿库所在地应急管理部门同意", "consent not by the local department")
    if already + months > MAX_EXTENSION_MONTHS:
        return failed(f"已延期{already}个月，再延期{months}个月共{already + months}个月，超过6个月", "beyond 6 months",
                      total=already + months)
    return passed(f"延期{months}个月，累计{already + months}个月，不超过6个月", "extension allowed",
                  total=already + months)


@rule("TAIL-A31", regulation=REG, article="第三十一条",
    statement="运行到设计最终标高前12个月内进行闭库勘察、安全现状评价和闭库设计")
def closure_design_window(*, projected_final_on: date | None = None, on: date) -> RuleResult:
    """第三十一条 尾矿库运行到设计最终标高的前12个月内，生产经营单位应当进行闭库前的勘察、安全现状评价和闭库设计…"""
    if projected_final_on is None:
        return not_applicable("未能推算到达设计最终标高的日期（上升速率为0）", "no projection")
    opens = add_months(projected_final_on, -12)
    if on >= opens:
        return passed(f"预计{projected_final_on}到达设计最终标高，闭库设计期已于{opens}开始", "window open",
                      opens=opens, window_open=True)
    return passed(f"预计{projected_final_on}到达设计最终标高，闭库设计期自{opens}开始", "window not yet open",
                  opens=opens, window_open=False)


@rule("TAIL-A33", regulation=REG, article="第三十三条", statement="闭库销号后不得再作为尾矿库使用")
def not_closed(*, state: str) -> RuleResult:
    """第三十三条 尾矿库完成闭库销号后不得再作为尾矿库进行使用，不得重新用于排放尾矿。"""
    if state == "closed":
        return failed("尾矿库已闭库销号，不得再作为尾矿库使用，登记内容不得变更（仅可登记日常监管部门和土地复垦情况）",
                      "closed facility")
    return passed("尾矿库未销号", "not closed")


@rule("TAIL-A27", regulation=REG, article="第二十七条", statement="隐患整改期限由责令整改的部门确定")
def rectification_deadline(*, ordered_on: date, deadline_on: date) -> RuleResult:
    """第二十七条 …定期开展隐患排查治理，及时消除隐患… 第三十六条 …对检查中发现的问题隐患…依法作出处理。"""
    if deadline_on <= ordered_on:
        return failed(f"整改期限{deadline_on}应晚于责令整改日期{ordered_on}", "deadline not after the order")
    return passed(f"责令于{deadline_on}前完成整改（{(deadline_on - ordered_on).days}日）", "deadline set",
                  days=(deadline_on - ordered_on).days)


@rule("TAIL-A6", regulation=REG, article="第六条", statement="接到举报后核查处理，应由其他部门处理的及时移送")
def report_handling(*, action: str, result: str = "", referred_to: str = "") -> RuleResult:
    """第六条 …负有安全生产监督管理职责的部门接到报告后，应按照职责分工认真组织核查处理，所报告事项应由其他部门处理的，
    应及时移送相关部门。"""
    if action == "refer" and not (referred_to or "").strip():
        return failed("移送的，应写明接收部门", "referral needs a department")
    if action == "handle" and not (result or "").strip():
        return failed("应写明核查处理结果", "result needed")
    return passed("已核查处理" if action == "handle" else f"已移送{referred_to}", "handled")


SITING_RULES = ("TAIL-A7", "TAIL-A8", "TAIL-A9", "TAIL-A12", "TAIL-A13", "TAIL-A14", "TAIL-A19", "TAIL-A23",
                "TAIL-A23-ELEV")


@rule("TAIL-A20", regulation=REG, article="第二十条", statement="每年汛前至少进行一次应急救援演练并报送应急管理部门")
def drill_before_flood_season(*, held_on: date, flood_season_starts: date | None = None) -> RuleResult:
    """第二十条 …应急救援预案应当按照规定报应急管理部门备案，每年汛前至少进行一次应急救援演练，并将演练情况报送应急管理
    部门。 The flood-season start is data (98号 sets no date)."""
    if flood_season_starts is None:
        return not_applicable("未登记本年度入汛日期", "no flood-season date")
    if held_on >= flood_season_starts:
        return failed(f"演练于{held_on}进行，不在汛前（{flood_season_starts}入汛）", "after the flood-season start")
    return passed(f"演练于{held_on}进行，在汛前（{flood_season_starts}入汛）", "before the flood season")


@rule("TAIL-A24", regulation=REG, article="第二十四条", statement="每年汛期前委托有资质的设计单位进行调洪演算")
def flood_routing_before_season(*, held_on: date, flood_season_starts: date | None = None,
                                designer_qualified: bool = False) -> RuleResult:
    """第二十四条 生产经营单位每年汛期前须委托具有相应资质的设计单位对尾矿库进行调洪演算，复核防洪能力。"""
    if not designer_qualified:
        return failed("调洪演算须委托具有相应资质的设计单位进行", "designer not qualified")
    if flood_season_starts is None:
        return not_applicable("未登记本年度入汛日期", "no flood-season date")
    if held_on >= flood_season_starts:
        return failed(f"调洪演算于{held_on}完成，不在汛期前（{flood_season_starts}入汛）",
            "after the flood-season start")
    return passed(f"调洪演算于{held_on}完成，在汛期前（{flood_season_starts}入汛）", "before the flood season")
