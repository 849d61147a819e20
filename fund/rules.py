"""The articles of 晋政办发〔2022〕91号 that decide something, as pure cited functions (no ORM).

Rule ids are FUND-A<article>; the services evaluate them with ``rules_evaluate`` and store the trace on the case.
Where the spec (`fund.md`) and the regulation differ, the regulation wins; such points are noted in the docstrings.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from gazette.rules.registry import RuleResult, failed, not_applicable, passed, rule
from gazette.ui.money import money_format

from .choices import APPROVAL_ORDER, ApplicationKind, ApprovalLevel, HardshipGrade, InsuranceStatus, Liability

REG = "FUND-2022"
ZERO = Decimal("0.00")
TIER_COUNTY_MAX = Decimal("30000.00")
TIER_CITY_MAX = Decimal("100000.00")
TIER_PROVINCE_MAX = Decimal("300000.00")
HEAVY_INJURY_THRESHOLD = Decimal("18000.00")
HARDSHIP_CAP_SEVERE = Decimal("50000.00")
HARDSHIP_CAP_MINOR = Decimal("10000.00")
HARDSHIP_CAP_SPECIAL = Decimal("80000.00")
APPLICATION_WINDOW_DAYS = 60
LEVEL_LABELS = {
    ApprovalLevel.MANAGER: "救助基金管理人",
    ApprovalLevel.COUNTY: "县级联席会议办公室",
    ApprovalLevel.CITY: "市级联席会议办公室",
    ApprovalLevel.PROVINCE: "省联席会议办公室",
    ApprovalLevel.JOINT_MEETING: "省联席会议",
}


def yuan(amount: Decimal) -> str:
    return money_format(amount)


@rule("FUND-A53-MASS", regulation=REG, article="第五十三条", statement="群死群伤交通事故：伤亡总数超过5人或死亡超过3人",
      statement_en="Mass-casualty accident: more than 5 casualties or more than 3 deaths")
def mass_casualty(*, casualties: int, deaths: int) -> RuleResult:
    """第五十三条 群死群伤交通事故：是指同一起交通事故造成的伤亡人员总数超过5人或者死亡人数超过3人的事故。"""
    if casualties > 5 or deaths > 3:
        return passed(f"伤亡{casualties}人、死亡{deaths}人，属于群死群伤交通事故",
                      f"{casualties} casualties, {deaths} deaths: mass-casualty accident",
                      casualties=casualties, deaths=deaths, mass_casualty=True)
    return not_applicable(f"伤亡{casualties}人、死亡{deaths}人，不属于群死群伤交通事故",
                          f"{casualties} casualties, {deaths} deaths: not a mass-casualty accident",
                          casualties=casualties, deaths=deaths, mass_casualty=False)


def is_mass_casualty(*, casualties: int, deaths: int) -> bool:
    return casualties > 5 or deaths > 3


def treatment_advance(*, treatment_total: Decimal, medical_limit: Decimal, insurance_status: str) -> Decimal:
    """第二十一条 "部分或者全部抢救治疗费用": when the insurer has paid under 交强险, the part of the treatment
    costs above its medical-expense limit; otherwise all of them."""
    if insurance_status == InsuranceStatus.INSURED:
        return max(treatment_total - medical_limit, ZERO)
    return treatment_total


@rule("FUND-A21", regulation=REG, article="第二十一条", statement="垫付丧葬费用、抢救治疗费用的情形",
      statement_en="When the fund advances funeral or treatment costs")
def eligibility(*, kind: str, treatment_total: Decimal, medical_limit: Decimal, insurance_status: str,
                hit_and_run: bool, casualties: int, deaths: int, evaluated_on: date | None = None,
                insurer_period_ends_on: date | None = None) -> RuleResult:
    """第二十一条 道路交通事故受害人有下列情形之一时，救助基金管理人应当垫付丧葬费用、部分或者全部抢救治疗费用：
    （一）抢救治疗费用超过交强险责任限额的；（二）肇事车辆未投保交强险的；（三）肇事车辆虽投保交强险但不属于
    交强险赔偿范围，或者承保保险公司在交通事故发生之日起30日内未支付费用的；（四）车辆肇事后逃逸的；
    （五）发生群死群伤交通事故的。

    Item (1) compares the treatment costs with the 交强险 medical-expense limit in force on the accident date
    (reference data); it does not apply to a funeral advance.

    Item (3), second half: the insurer has "not paid within 30 days" only once those 30 days have run out. The
    service counts them as a day period from the accident day (民法典 第二百零一条至第二百零三条: the accident day
    is not counted, a last day that is a rest day rolls to the next working day) and passes the period's last day
    as ``insurer_period_ends_on``; the ground holds from the day after it (``evaluated_on`` is the day of the
    decision). Without both dates the ground does not hold.

    "部分或者全部": where the insurer has paid under 交强险 (``insured``), the fund advances only the treatment
    costs above the insurer's medical-expense limit; otherwise the whole cost. The amount is in the figures
    (``advance_amount``) and is what the service stores as the 核定金额.
    """
    if kind == ApplicationKind.HARDSHIP:
        return not_applicable("一次性经济困难补助适用第二十七条", "Hardship subsidy: article 27 applies")
    grounds = []
    if kind == ApplicationKind.TREATMENT and treatment_total > medical_limit:
        grounds.append(f"（一）抢救治疗费用{yuan(treatment_total)}元超过交强险医疗费用赔偿限额{yuan(medical_limit)}元")
    if insurance_status == InsuranceStatus.UNINSURED:
        grounds.append("（二）肇事车辆未投保交强险")
    if insurance_status == InsuranceStatus.NOT_COVERED:
        grounds.append("（三）肇事车辆虽投保交强险但不属于交强险赔偿范围")
    waiting = ""
    if insurance_status == InsuranceStatus.INSURER_NOT_PAID:
        if evaluated_on is not None and insurer_period_ends_on is not None and evaluated_on > insurer_period_ends_on:
            grounds.append(f"（三）承保保险公司自交通事故发生之日起30日内（至{insurer_period_ends_on.isoformat()}）"
                           "未支付费用")
        elif insurer_period_ends_on is not None:
            waiting = f"保险公司支付期限至{insurer_period_ends_on.isoformat()}届满，届满前不能认定30日内未支付"
        else:
            waiting = "无法确定保险公司30日支付期限"
    if hit_and_run:
        grounds.append("（四）车辆肇事后逃逸")
    if is_mass_casualty(casualties=casualties, deaths=deaths):
        grounds.append("（五）群死群伤交通事故")
    figures = {"insurer_period_ends_on": insurer_period_ends_on} if insurer_period_ends_on else {}
    if not grounds:
        message = "不符合第二十一条规定的任何一种垫付情形" + (f"（{waiting}）" if waiting else "")
        return failed(message, "None of the article 21 grounds holds", grounds=[], **figures)
    if kind == ApplicationKind.TREATMENT:
        advance = treatment_advance(treatment_total=treatment_total, medical_limit=medical_limit,
                                    insurance_status=insurance_status)
        if advance < treatment_total:
            grounds.append(f"交强险已赔付，垫付超出医疗费用赔偿限额{yuan(medical_limit)}元的部分{yuan(advance)}元")
        else:
            grounds.append(f"垫付全部抢救治疗费用{yuan(advance)}元")
        figures.update(advance_amount=advance, insurer_covers=treatment_total - advance, medical_limit=medical_limit,
                       partial=advance < treatment_total)
    return passed("符合垫付情形：" + "；".join(grounds), "Eligible for an advance", grounds=grounds, **figures)


@rule("FUND-A22", regulation=REG, article="第二十二条", statement="7日后抢救治疗费用按垫付额度分级审批",
      statement_en="Post-day-7 treatment costs approved by tier of amount")
def approval_tier(*, kind: str, post_day7_amount: Decimal) -> RuleResult:
    """第二十二条 救助基金一般垫付受害人自接受抢救之时起7日内的抢救治疗费用。特殊情况下需垫付7日后的抢救治疗
    费用，由承担抢救任务的医疗机构书面说明理由，垫付额度在3万元以内的，须征得县级联席会议办公室同意；垫付额度在
    3万元（含）至10万元之间的，须征得市级联席会议办公室同意；垫付额度在10万元（含）至30万元之间的，须征得省联席
    会议办公室同意；垫付额度超过30万元（含）的，须经省联席会议同意。

    The tier is decided by the post-day-7 amount alone; first-7-day costs are guaranteed (第十一条第四项).
    """
    if kind != ApplicationKind.TREATMENT:
        return not_applicable("非抢救治疗费垫付，不适用分级审批", "Not a treatment advance")
    if post_day7_amount <= ZERO:
        return passed("仅垫付7日内抢救治疗费用，由救助基金管理人审核", "First-7-day costs only: the manager decides",
                      tier=ApprovalLevel.MANAGER, amount=post_day7_amount)
    if post_day7_amount < TIER_COUNTY_MAX:
        tier = ApprovalLevel.COUNTY
    elif post_day7_amount < TIER_CITY_MAX:
        tier = ApprovalLevel.CITY
    elif post_day7_amount < TIER_PROVINCE_MAX:
        tier = ApprovalLevel.PROVINCE
    else:
        tier = ApprovalLevel.JOINT_MEETING
    return passed(f"7日后抢救治疗费用{yuan(post_day7_amount)}元，须征得{LEVEL_LABELS[tier]}同意",
                  f"Post-day-7 costs of {post_day7_amount}: approval by {tier}", tier=tier, amount=post_day7_amount)


def tier_of(*, kind: str, post_day7_amount: Decimal) -> str:
    return approval_tier(kind=kind, post_day7_amount=post_day7_amount).figures.get("tier", ApprovalLevel.MANAGER)


@rule("FUND-A22-FUNERAL", regulation=REG, article="第二十二条第二款",
      statement="丧葬费垫付标准为上一年度在岗职工月平均工资的6倍",
      statement_en="Funeral advance: 6 x the previous year's average monthly wage")
def funeral_standard(*, kind: str, previous_year_wage: Decimal | None = None, identity_unknown: bool = False,
                     receipts_amount: Decimal | None = None) -> RuleResult:
    """第二十二条第二款 救助基金垫付受害人丧葬费用的标准统一为山西省上一年度在岗职工月平均工资的6倍。对无主或者
    无法确认身份的遗体，按照当地物价主管部门规定的收费标准凭据垫付。"""
    if kind != ApplicationKind.FUNERAL:
        return not_applicable("非丧葬费垫付", "Not a funeral advance")
    if identity_unknown:
        amount = receipts_amount or ZERO
        return passed(f"无法确认身份的遗体，按收费标准凭据垫付{yuan(amount)}元",
                      "Unidentified body: advance by receipts", amount=amount)
    if previous_year_wage is None:
        return failed("尚未录入上一年度在岗职工月平均工资，无法核定丧葬费", "Previous year's wage missing")
    amount = (previous_year_wage * 6).quantize(Decimal("0.01"))
    return passed(f"上一年度在岗职工月平均工资{yuan(previous_year_wage)}元×6＝{yuan(amount)}元",
                  f"6 x {previous_year_wage} = {amount}", amount=amount, wage=previous_year_wage)


@rule("FUND-A23", regulation=REG, article="第二十三条", statement="抢救治疗费垫付申请60日期限",
      statement_en="60-day window for a treatment-cost advance")
def treatment_window(*, kind: str, applicant_type: str, accident_on: date, treatment_started_on: date | None,
                     applied_on: date, accident_window_ends_on: date | None = None,
                     treatment_window_ends_on: date | None = None) -> RuleResult:
    """第二十三条 （一）自交通事故发生之日起60日内，受害人及其近亲属或其他当事人可以……提出垫付申请；
    （二）自对伤者开始抢救之日起60日内，医疗机构可以……提出垫付申请。

    Counted as the 民法典 counts a day period (第二百零一条、第二百零三条): the day of the event is not counted, and
    when day 60 is a public holiday or rest day the window ends on the first working day after it. The service
    counts the period on the working-day calendar (``gazette.workcalendar.periods.period_end``) and passes the
    last day of each window; the rule compares the application day with it.
    """
    if kind != ApplicationKind.TREATMENT:
        return not_applicable("非抢救治疗费垫付", "Not a treatment advance")
    if applicant_type == "hospital":
        if treatment_started_on is None:
            return failed("医疗机构申请须填写开始抢救日期", "Treatment start date missing")
        start, what, last_day = treatment_started_on, "开始抢救之日", treatment_window_ends_on
    else:
        start, what, last_day = accident_on, "交通事故发生之日", accident_window_ends_on
    return _window(start=start, what=what, last_day=last_day, applied_on=applied_on)


def _window(*, start: date, what: str, last_day: date | None, applied_on: date) -> RuleResult:
    elapsed = (applied_on - start).days
    if elapsed < 0:
        return failed(f"申请日期早于{what}", "Application before the start date", start=start)
    if last_day is None:
        return failed(f"无法计算自{what}起的60日期限", "The 60-day window could not be counted", start=start)
    rolled = last_day.toordinal() - start.toordinal() > APPLICATION_WINDOW_DAYS
    until = f"{last_day.isoformat()}" + ("（第60日为法定休假日，顺延至其后第一个工作日）" if rolled else "")
    if applied_on > last_day:
        return failed(f"自{what}（{start.isoformat()}）起的60日期限已于{until}届满，不能申请垫付",
                      f"The 60-day window from {start} ended on {last_day}", start=start, days=elapsed,
                      window_ends_on=last_day)
    return passed(f"自{what}（{start.isoformat()}）起第{elapsed}日申请，在60日期限（至{until}）内",
                  f"Applied on day {elapsed}, window ends on {last_day}", start=start, days=elapsed,
                  window_ends_on=last_day)


@rule("FUND-A25", regulation=REG, article="第二十五条", statement="丧葬费垫付申请60日期限",
      statement_en="60-day window for a funeral-cost advance")
def funeral_window(*, kind: str, body_notice_on: date | None, applied_on: date,
                   body_notice_window_ends_on: date | None = None) -> RuleResult:
    """第二十五条 ……交通事故受害人近亲属或提供殡葬服务的机构可在收到公安机关交通管理部门出具的《尸体处理通知书》
    的60日内，向救助基金管理人提出申请……

    Counted like the windows of 第二十三条 (民法典 第二百零一条、第二百零三条): the service passes the last day.
    """
    if kind != ApplicationKind.FUNERAL:
        return not_applicable("非丧葬费垫付", "Not a funeral advance")
    if body_notice_on is None:
        return failed("须填写收到《尸体处理通知书》的日期", "Date of the body-handling notice missing")
    return _window(start=body_notice_on, what="收到《尸体处理通知书》之日", last_day=body_notice_window_ends_on,
                   applied_on=applied_on)


@rule("FUND-A25-DEATH", regulation=REG, article="第二十五条",
      statement="丧葬费垫付以受害人死亡为前提",
      statement_en="A funeral-cost advance needs a death")
def funeral_needs_death(*, kind: str, deaths: int) -> RuleResult:
    """第二十五条 对符合本办法第二十一条、二十二条规定情形，需要由救助基金垫付丧葬费用的，交通事故受害人近亲属或
    提供殡葬服务的机构可在收到公安机关交通管理部门出具的《尸体处理通知书》的60日内……提出申请（并见第三条“受害人
    人身伤亡的丧葬费用”、第五十三条“丧葬费用”）。

    A funeral advance is for a victim who died: an accident recorded with no death cannot carry one.
    """
    if kind != ApplicationKind.FUNERAL:
        return not_applicable("非丧葬费垫付", "Not a funeral advance")
    if deaths < 1:
        return failed("事故未记录死亡人员，不能申请丧葬费垫付；请核对死亡人数",
                      "No death recorded: no funeral-cost advance", deaths=deaths)
    return passed(f"事故死亡{deaths}人", f"{deaths} deaths recorded", deaths=deaths)


@rule("FUND-A27", regulation=REG, article="第二十七条", statement="一次性经济困难补助分类限额及审核",
      statement_en="Hardship subsidy caps and approval")
def hardship_cap(*, kind: str, hardship_grade: str = "", amount: Decimal = ZERO) -> RuleResult:
    """第二十七条 ……经市级联席会议办公室审核同意后，可进行分类补助。死亡人员或六级（含）以上残疾人员一次性经济
    困难补助限额为5万元，六级以下残疾人员一次性经济困难补助限额为1万元。如遇特殊情况，补助金额超过标准的，经救助
    基金管理人申请，省联席会议办公室审核确定，一次性经济困难补助金额原则上不超过8万元。

    Above the standard cap the provincial office approves; above 80,000 the rule fails ("原则上" — the joint
    meeting may still decide otherwise outside this system).
    """
    if kind != ApplicationKind.HARDSHIP:
        return not_applicable("非一次性经济困难补助", "Not a hardship subsidy")
    cap = HARDSHIP_CAP_MINOR if hardship_grade == HardshipGrade.GRADE_7_10 else HARDSHIP_CAP_SEVERE
    if amount <= cap:
        return passed(f"补助{yuan(amount)}元未超过限额{yuan(cap)}元，由市级联席会议办公室审核同意",
                      f"{amount} within the cap {cap}: city office approves", tier=ApprovalLevel.CITY, cap=cap,
                      amount=amount)
    if amount <= HARDSHIP_CAP_SPECIAL:
        return passed(f"补助{yuan(amount)}元超过标准{yuan(cap)}元，属特殊情况，"
                      "由省联席会议办公室审核确定（不超过8万元）",
                      f"{amount} above the cap {cap}: provincial office decides", tier=ApprovalLevel.PROVINCE,
                      cap=cap, amount=amount, special=True)
    return failed(f"补助{yuan(amount)}元超过特殊情况上限{yuan(HARDSHIP_CAP_SPECIAL)}元",
                  f"{amount} exceeds 80,000", tier=ApprovalLevel.PROVINCE, cap=HARDSHIP_CAP_SPECIAL, amount=amount)


@rule("FUND-A53-HEAVY", regulation=REG, article="第五十三条",
      statement="重伤员：抢救治疗费用超过1.8万元",
      statement_en="Heavy injury: treatment costs above 18,000")
def heavy_injury(*, kind: str, treatment_total: Decimal) -> RuleResult:
    """第五十三条 重伤员：是指抢救治疗费用超过1.8万元的受伤人员。"""
    if kind != ApplicationKind.TREATMENT:
        return not_applicable("非抢救治疗费垫付", "Not a treatment advance")
    if treatment_total > HEAVY_INJURY_THRESHOLD:
        return passed(f"抢救治疗费用{yuan(treatment_total)}元超过1.8万元，属重伤员", "Heavy injury",
                      heavy_injury=True, amount=treatment_total)
    return not_applicable(f"抢救治疗费用{yuan(treatment_total)}元未超过1.8万元", "Not a heavy injury",
                          heavy_injury=False, amount=treatment_total)


@rule("FUND-A51", regulation=REG, article="第五十一条",
      statement="高速公路事故由高速交警支队、大队履行市县级联席办职责",
      statement_en="Expressway accidents: expressway police units act as city/county offices")
def expressway_office(*, expressway: bool, approval_level: str) -> RuleResult:
    """第五十一条 高速公路上发生的交通事故人身伤亡救助，由高速公安交警支队、大队分别履行市县级联席会议办公室的
    职责……设区的市公安交警支队直属的县级公安交警大队履行县级联席会议办公室职责。"""
    if not expressway:
        return not_applicable("非高速公路事故", "Not an expressway accident")
    if approval_level in (ApprovalLevel.COUNTY, ApprovalLevel.CITY):
        unit = "高速公安交警大队" if approval_level == ApprovalLevel.COUNTY else "高速公安交警支队"
        return passed(f"高速公路事故，由{unit}履行{LEVEL_LABELS[approval_level]}职责",
                      "Expressway police unit acts as the office", unit_level=approval_level)
    return not_applicable("高速公路事故，审批层级不在市县级", "Approval above city level")


@rule("FUND-A11", regulation=REG, article="第十一条", statement="救助基金管理人受理、审核垫付限额以下的申请",
      statement_en="The manager decides applications below the approval limits")
def manager_authority(*, state: str, approval_level: str) -> RuleResult:
    """第十一条第二项、第三项 （二）受理、审核垫付限额以下的申请……依法及时垫付；（三）对超过7日的抢救治疗费用
    仍需要垫付的，按规定提出垫付申请，经审核同意后及时垫付。

    Used as a guard of the approval: the manager may approve alone only when no office approval is required.
    """
    if approval_level == ApprovalLevel.MANAGER or state == "awaiting_approval":
        return passed("审批权限符合规定", "Within authority", approval_level=approval_level)
    return failed(f"须报{LEVEL_LABELS.get(approval_level, approval_level)}同意后方可垫付",
                  f"Needs approval by {approval_level}", approval_level=approval_level)


@rule("FUND-A10", regulation=REG, article="第十条", statement="超限额的垫付申请报联席会议办公室审批",
      statement_en="Applications above the limit go to a joint-meeting office")
def needs_office_approval(*, approval_level: str) -> RuleResult:
    """第十条第二项 受理市级联席会议办公室超限额以上的垫付申请并提出意见，超限额权限的报省联席会议；并见第二十二条、
    第二十七条。"""
    if approval_level == ApprovalLevel.MANAGER:
        return failed("该申请在救助基金管理人审核权限内，无需报批", "No office approval needed")
    return passed(f"报{LEVEL_LABELS[approval_level]}审批", f"Sent to {approval_level}", approval_level=approval_level)


@rule("FUND-A29", regulation=REG, article="第二十九条", statement="材料齐全后方可垫付（3个工作日审核，2个工作日划拨）",
      statement_en="Materials complete before payment (3 working days review, 2 working days payment)")
def materials_complete(*, missing_documents: list[str]) -> RuleResult:
    """第二十九条 救助基金管理人收到……后，应当在3个工作日内……审核：（一）是否属于……救助情形；（二）相关申请材料
    是否真实完整；（三）……是否合理……。对符合救助情形但申请材料不完整的，救助基金管理人要主动与申请人和医疗机构
    对接，收集相关材料。相关材料齐全后，救助基金管理人应当在两个工作日内将抢救治疗费用划拨至医院账户，将丧葬费用
    或一次性经济困难补助划拨至申请人账户，并书面告知公安机关交通管理部门和申请人。"""
    if missing_documents:
        return failed("申请材料不完整，缺少：" + "、".join(missing_documents), "Materials incomplete",
                      missing=missing_documents)
    return passed("申请材料齐全", "Materials complete")


@rule("FUND-A29-AMOUNT", regulation=REG, article="第二十九条第一款第三项",
      statement="审核抢救治疗费用、丧葬费用是否合理，核定垫付金额",
      statement_en="The reviewer fixes the advance after checking the costs are reasonable")
def advance_adjustment(*, amount: Decimal, ceiling: Decimal, computed: Decimal, reason: str) -> RuleResult:
    """第二十九条 救助基金管理人……应当在3个工作日内……对下列内容进行审核：……（三）抢救治疗费用、丧葬费用及一次性
    经济困难补助是否合理，抢救治疗费用缴纳情况、肇事车辆保险情况等需要审核的其他内容。

    The reviewer may set the 核定金额 other than the computed one (e.g. costs not at the 物价 standard, 第二十二条,
    or an insurer that paid less than its limit) with a reason; never negative, never above the costs claimed
    (``ceiling``). A nil advance is a refusal (不予垫付), not an adjustment.
    """
    figures = {"amount": amount, "ceiling": ceiling, "computed": computed}
    if not reason.strip():
        return failed("调整核定金额须说明理由", "A reason is required", **figures)
    if amount < ZERO:
        return failed("核定金额不能为负数", "The amount cannot be negative", **figures)
    if amount == ZERO:
        return failed("核定金额须大于0；不予垫付的，请作出不予垫付决定并书面告知理由", "A nil advance is a refusal",
                      **figures)
    if amount > ceiling:
        return failed(f"核定金额{yuan(amount)}元超过申请的费用{yuan(ceiling)}元", "Above the costs claimed",
                      **figures)
    return passed(f"审核后核定金额由{yuan(computed)}元调整为{yuan(amount)}元，理由：{reason.strip()}",
                  f"Advance adjusted from {computed} to {amount}", **figures)


@rule("FUND-A20", regulation=REG, article="第二十条", statement="群死群伤事故48小时内提供垫付担保或垫付丧葬费用",
      statement_en="Mass casualty: guarantee or funeral payment within 48 hours")
def mass_casualty_clock(*, kind: str, casualties: int, deaths: int) -> RuleResult:
    """第二十条第三款 救助基金管理人应当建立群死群伤交通事故救助的内部应急机制，自收到公安机关交通管理部门的垫付
    通知书之时起的48小时之内，向医疗机构提供抢救治疗费用垫付担保；自接到死者家属申请的48小时之内，向死者家属垫付
    丧葬费用。"""
    if not is_mass_casualty(casualties=casualties, deaths=deaths) or kind == ApplicationKind.HARDSHIP:
        return not_applicable("不适用48小时应急时限", "48-hour clock not applicable")
    what = "提供抢救治疗费用垫付担保" if kind == ApplicationKind.TREATMENT else "垫付丧葬费用"
    return passed(f"群死群伤事故，须在48小时内{what}", "48-hour clock applies", hours=48)


@rule("FUND-A30", regulation=REG, article="第三十条", statement="垫付争议逐级上报协调",
      statement_en="Disputes escalate level by level")
def dispute_next_level(*, current_level: str) -> RuleResult:
    """第三十条 救助基金管理人与医疗机构、殡葬服务单位就是否应当垫付……以及垫付金额等问题意见不一致时，由救助基金
    管理人报当地联席会议办公室协调解决，当地无法解决的，逐级上报省联席会议办公室；省联席会议办公室无法解决的，由
    省联席会议作出决定。"""
    if current_level == ApprovalLevel.JOINT_MEETING:
        return failed("省联席会议已作出决定，不能再上报", "The joint meeting decides; no higher level")
    if current_level not in APPROVAL_ORDER:
        return passed("报当地县级联席会议办公室协调", "To the local county office", next_level=ApprovalLevel.COUNTY)
    nxt = APPROVAL_ORDER[APPROVAL_ORDER.index(current_level) + 1]
    return passed(f"当地无法解决，上报{LEVEL_LABELS[nxt]}", f"Escalated to {nxt}", next_level=nxt)


LIABILITY_SHARES = {
    Liability.FULL: Decimal("1.00"), Liability.MAIN: Decimal("0.70"), Liability.EQUAL: Decimal("0.50"),
    Liability.MINOR: Decimal("0.30"), Liability.UNDETERMINED: Decimal("0.50"),
}


@rule("FUND-A31", regulation=REG, article="第三十一条", statement="按责任比例确定追偿金额",
      statement_en="Recovery share by liability")
def recovery_share(*, advanced: Decimal, liability: str, insured: bool = False,
                   insurer_limit: Decimal | None = None, court_share: Decimal | None = None) -> RuleResult:
    """第三十一条 偿还义务人投保交强险的，在交强险责任限额内直接向承保保险公司追偿。偿还义务人未投保交强险或者交强险
    责任限额不足的，应当按照以下比例发起追偿：（一）全部责任100%；（二）主要责任70%；（三）同等责任50%；（四）次要
    责任30%；（五）责任无法查清50%；（六）追偿案件已经法院判决的，追偿比例以生效判决为准。"""
    if court_share is not None:
        amount = (advanced * court_share).quantize(Decimal("0.01"))
        return passed(f"以生效判决确定的比例{court_share:.0%}追偿{yuan(amount)}元", "Court judgment share",
                      share=court_share, amount=amount, from_insurer=ZERO)
    from_insurer = ZERO
    rest = advanced
    if insured and insurer_limit is not None:
        from_insurer = min(advanced, insurer_limit)
        rest = advanced - from_insurer
    share = LIABILITY_SHARES[Liability(liability)]
    from_obligor = (rest * share).quantize(Decimal("0.01"))
    amount = from_insurer + from_obligor
    parts = []
    if from_insurer:
        parts.append(f"在交强险责任限额内向保险公司追偿{yuan(from_insurer)}元")
    if rest:
        parts.append(f"按{Liability(liability).label}比例{share:.0%}向偿还义务人追偿{yuan(from_obligor)}元")
    return passed("；".join(parts) or "无需追偿", "Recovery share", share=share, amount=amount,
                  from_insurer=from_insurer, from_obligor=from_obligor)


@rule("FUND-A40", regulation=REG, article="第四十条", statement="确实无法追偿的垫付款可提请联席会议批准核销",
      statement_en="Write-off grounds")
def write_off_grounds(*, ground: str, recovery_attempted: bool, hit_and_run: bool, accident_on: date,
                      today: date, no_assets_certified: bool = False) -> RuleResult:
    """第四十条 救助基金管理人及追偿受托人已经履行追偿程序和职责，但有下列情形之一的导致确实无法追偿的，可以提请
    联席会议批准核销：（一）肇事逃逸案件超过3年未侦破的；（二）道路交通事故责任人死亡（被宣告死亡）、被宣告失踪或者
    终止，依法认定无财产可供追偿的；（三）……家庭经济特别困难，依法认定无财产可供追偿或者退还的；（四）省联席会议
    制定的核销办法中规定的可以核销的其他情形。"""
    if not recovery_attempted:
        return failed("尚未履行追偿程序，不能提请核销", "Recovery not yet attempted")
    if ground == "hit_and_run_unsolved":
        if not hit_and_run:
            return failed("该事故不是肇事逃逸案件", "Not a hit-and-run")
        try:
            three_years = accident_on.replace(year=accident_on.year + 3)
        except ValueError:  # 29 February
            three_years = accident_on.replace(year=accident_on.year + 3, day=28)
        if today <= three_years:
            return failed(f"肇事逃逸案件未满3年（{three_years.isoformat()}届满）", "Less than 3 years",
                          until=three_years)
        return passed("肇事逃逸案件超过3年未侦破", "Hit-and-run unsolved for more than 3 years")
    if ground in ("liable_party_gone", "extreme_hardship"):
        if not no_assets_certified:
            return failed("须依法认定无财产可供追偿", "No-assets finding required")
        return passed("已依法认定无财产可供追偿", "No assets found")
    return passed("按省联席会议核销办法提请核销，由联席会议审定", "Other ground: the joint meeting decides")


@rule("FUND-A15", regulation=REG, article="第十五条", statement="累计结余达到上一年度支出3倍以上，暂停提取",
      statement_en="Levy suspended when the balance is at least 3 x last year's spending")
def levy_suspension(*, balance: Decimal, previous_year_spending: Decimal) -> RuleResult:
    """第十五条第二款 救助基金累计结余达到上一年度支出金额3倍以上的，本年度暂停从交强险保险费中提取。

    "3倍以上" includes 3 times (以上 includes the number). A fund with no balance has no 结余 to reach anything:
    a balance of zero (or less) never suspends the levy, even after a year without spending.
    """
    threshold = previous_year_spending * 3
    if balance > ZERO and balance >= threshold:
        return passed(f"累计结余{yuan(balance)}元达到上一年度支出{yuan(previous_year_spending)}元的3倍，本年度暂停提取",
                      "Levy suspended", suspended=True, threshold=threshold)
    return not_applicable(f"累计结余{yuan(balance)}元低于上一年度支出的3倍（{yuan(threshold)}元），继续提取",
                          "Levy continues", suspended=False, threshold=threshold)


def as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


INSURER_GRACE_WORKDAYS = 3


@rule("FUND-A45", regulation=REG, article="第四十五条",
      statement="保险公司经催缴超过3个工作日仍未足额上缴的，给予警告并公告",
      statement_en="An insurer still short 3 working days after the reminder is warned and publicly named")
def insurer_warning(*, reminded_on: date | None, today: date, working_days_since_reminder: int,
                    transferred_in_full: bool) -> RuleResult:
    """第四十五条 办理交强险业务的保险公司未依法从交强险保险费中提取资金并及时足额转入救助基金特设专户的，省财政厅应及时
    告知山西银保监局，由山西银保监局负责催缴，超过3个工作日仍未足额上缴的，给予警告并予以公告。"""
    if transferred_in_full:
        return not_applicable("已足额上缴", "Transferred in full", warn=False)
    if reminded_on is None:
        return not_applicable("尚未催缴", "Not reminded yet", warn=False)
    if working_days_since_reminder > INSURER_GRACE_WORKDAYS:
        return passed(f"催缴后已超过{INSURER_GRACE_WORKDAYS}个工作日仍未足额上缴，给予警告并公告",
                      "Warning and public notice", warn=True, days=working_days_since_reminder)
    return not_applicable(f"催缴后第{working_days_since_reminder}个工作日，尚在{INSURER_GRACE_WORKDAYS}个工作日内",
                          "Within the grace period", warn=False, days=working_days_since_reminder)
