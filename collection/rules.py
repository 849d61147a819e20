"""Rules of 晋政发〔2022〕26号 (COLL-2022). Pure functions: facts in, a RuleResult out; no ORM.

Where the issue brief and the regulation differ, the regulation wins; each such place says so in its docstring.
"""

from __future__ import annotations

from decimal import Decimal

from gazette.rules.registry import RuleResult, failed, not_applicable, passed, rule

from .choices import DISPOSAL_MEASURES, MeasureKind

REG = "COLL-2022"
LEVELS = {"province": 3, "city": 2, "county": 1, "township": 0}
A36_MEASURES = {MeasureKind.SITE_ENTRY, MeasureKind.QUESTIONING, MeasureKind.DOCUMENT_SEAL, MeasureKind.ACCOUNT_QUERY}
A38_MEASURES = {MeasureKind.SUSPENSION_ORDER, MeasureKind.REGISTRATION_FREEZE}
LEVEL_NAMES = {"province": "省级", "city": "市级", "county": "县级", "township": "乡镇级"}
VERIFICATION_WORKDAYS = 10
DECISION_WORKDAYS = 10


# --- Monitoring (第四章) ----------------------------------------------------------------------------------------
@rule(
    "COLL-A19",
    regulation=REG,
    article="第十九条",
    statement="企业、个体工商户名称和经营范围不得含有金融类字样；其他集资字样重点关注",
)
def name_screen(*, name: str, scope: str = "", forbidden_words: tuple = (), watch_words: tuple = ()) -> RuleResult:
    """第十九条 …企业、个体工商户名称和经营范围中不得包含“金融”“交易所”“交易中心”“理财”“财富管理”“股权众筹”
    等字样或者内容。…发现…包含前款规定以外的其他与集资有关的字样或者内容的，应当予以重点关注。

    ``forbidden_words`` and ``watch_words`` are reference data in force on the screening date. Fails on a
    forbidden word; passes with ``watch`` figures when only watch-list words occur.
    """
    text_name, text_scope = name or "", scope or ""
    hits_f = [
        (w, "名称" if w in text_name else "经营范围")
        for w in forbidden_words
        if w and (w in text_name or w in text_scope)
    ]
    hits_w = [
        (w, "名称" if w in text_name else "经营范围") for w in watch_words if w and (w in text_name or w in text_scope)
    ]
    if hits_f:
        words = "、".join(f"“{w}”（{where}）" for w, where in hits_f)
        return failed(
            f"{name}含有禁用字样{words}",
            f"{name} contains forbidden words",
            forbidden=[w for w, _ in hits_f],
            watch=[w for w, _ in hits_w],
        )
    if hits_w:
        words = "、".join(f"“{w}”（{where}）" for w, where in hits_w)
        return passed(
            f"{name}含有重点关注字样{words}，应予重点关注",
            f"{name} contains watch-list words",
            forbidden=[],
            watch=[w for w, _ in hits_w],
        )
    return passed(f"{name}未发现第十九条所列字样", "no listed words", forbidden=[], watch=[])


# The five COLL-A22 patterns: each takes the figures the detector measured and the thresholds in force.
def _ge(value, limit) -> bool:
    return Decimal(str(value)) >= Decimal(str(limit))


@rule("COLL-A22-1", regulation=REG, article="第二十二条第二款第一项", statement="短期内资金分散转入后集中转出")
def scatter_gather(
    *,
    inbound_count: int,
    inbound_sources: int,
    inbound_total: Decimal,
    outbound_total: Decimal,
    outbound_targets: int,
    window_days: int,
    min_sources: int,
    min_total: Decimal,
    min_out_ratio: Decimal,
    max_targets: int,
) -> RuleResult:
    """第二十二条第二款（一）短期内资金分散转入后集中转出，交易金额、频率、流向、性质等存在异常的。"""
    ratio = (outbound_total / inbound_total) if inbound_total else Decimal("0")
    figures = {
        "inbound_count": inbound_count,
        "inbound_sources": inbound_sources,
        "inbound_total": inbound_total,
        "outbound_total": outbound_total,
        "outbound_targets": outbound_targets,
        "out_ratio": round(ratio, 4),
        "window_days": window_days,
        "min_sources": min_sources,
        "min_total": min_total,
        "min_out_ratio": min_out_ratio,
        "max_targets": max_targets,
    }
    if (
        inbound_sources >= min_sources
        and _ge(inbound_total, min_total)
        and _ge(ratio, min_out_ratio)
        and 0 < outbound_targets <= max_targets
    ):
        return failed(
            f"{window_days}日内自{inbound_sources}个账户分散转入{inbound_total}元，"
            f"集中转出至{outbound_targets}个账户{outbound_total}元（占{ratio:.0%}），"
            f"达到阈值（≥{min_sources}个来源、≥{min_total}元、转出≥{min_out_ratio:.0%}、≤{max_targets}个去向）",
            "scattered inflows then concentrated outflow",
            **figures,
        )
    return passed("未达到分散转入集中转出阈值", **figures)


@rule(
    "COLL-A22-2", regulation=REG, article="第二十二条第二款第二项", statement="同一账户批量转出资金，具有支付利息特征"
)
def batch_interest(
    *,
    batch_days: int,
    payees_per_batch: int,
    recurring_share: Decimal,
    min_batch_days: int,
    min_payees: int,
    min_recurring_share: Decimal,
    payroll_share: Decimal = Decimal("0"),
    interest_share: Decimal = Decimal("0"),
    max_payroll_share: Decimal = Decimal("1"),
) -> RuleResult:
    """第二十二条第二款（二）同一账户定期或不定期批量向其他账户转出资金，具有支付利息特征的。

    Regular batches to recurring payees are the shape of interest payments, but also of a monthly payroll to the
    same staff. The article asks for the *interest* characteristic: batches whose memos name wages (代发工资、工资;
    ``payroll_share`` of the batch payouts at or above ``max_payroll_share``) and none of which names interest or
    returns (``interest_share`` 0) are a payroll, not flagged."""
    figures = {
        "batch_days": batch_days,
        "payees_per_batch": payees_per_batch,
        "recurring_share": recurring_share,
        "payroll_share": payroll_share,
        "interest_share": interest_share,
        "min_batch_days": min_batch_days,
        "min_payees": min_payees,
        "min_recurring_share": min_recurring_share,
        "max_payroll_share": max_payroll_share,
    }
    if not (
        batch_days >= min_batch_days and payees_per_batch >= min_payees and _ge(recurring_share, min_recurring_share)
    ):
        return passed("未发现批量付息特征", **figures)
    if _ge(payroll_share, max_payroll_share) and not Decimal(str(interest_share)) > 0:
        return passed(
            f"批量转出中{payroll_share:.0%}的摘要为代发工资，且无利息、收益字样，属于工资发放，不具有支付利息特征",
            "payroll to recurring staff, not interest",
            **figures,
        )
    return failed(
        f"{batch_days}个批次日各向至少{payees_per_batch}个账户批量转出，{recurring_share:.0%}的收款人重复出现，"
        f"具有支付利息特征（阈值：≥{min_batch_days}个批次、每批≥{min_payees}个收款人、重复≥{min_recurring_share:.0%}；"
        f"代发工资摘要占{payroll_share:.0%}，利息收益摘要占{interest_share:.0%}）",
        "regular batch payouts like interest",
        **figures,
    )


@rule("COLL-A22-3", regulation=REG, article="第二十二条第二款第三项", statement="平常资金流量小的账户突然大量收付")
def dormant_surge(
    *,
    baseline_monthly: Decimal,
    recent_total: Decimal,
    recent_days: int,
    max_baseline_monthly: Decimal,
    min_recent_total: Decimal,
) -> RuleResult:
    """第二十二条第二款（三）平常资金流量小的账户突然有资金流入，短期内出现大量资金收付的。"""
    figures = {
        "baseline_monthly": baseline_monthly,
        "recent_total": recent_total,
        "recent_days": recent_days,
        "max_baseline_monthly": max_baseline_monthly,
        "min_recent_total": min_recent_total,
    }
    if not _ge(baseline_monthly, max_baseline_monthly) and _ge(recent_total, min_recent_total):
        return failed(
            f"此前月均流量{baseline_monthly}元（<{max_baseline_monthly}元），近{recent_days}日收付{recent_total}元"
            f"（≥{min_recent_total}元）",
            "low-traffic account suddenly moving large sums",
            **figures,
        )
    return passed("未发现低流量账户突增", **figures)


@rule(
    "COLL-A22-4",
    regulation=REG,
    article="第二十二条第二款第四项",
    statement="单位频繁收取与经营无关的汇款，或自然人账户频繁收取汇款",
)
def frequent_remittance(
    *,
    holder_kind: str,
    inbound_count: int,
    inbound_sources: int,
    unrelated_count: int,
    window_days: int,
    min_person_count: int,
    min_unit_unrelated: int,
) -> RuleResult:
    """第二十二条第二款（四）法人、其他组织和个体工商户短期内频繁收取与其经营业务明显无关的汇款，或自然人账户
    短期内频繁收取汇款的。"与经营业务明显无关" is read from the transaction memo (投资、理财、分红、认购、入股…)."""
    figures = {
        "holder_kind": holder_kind,
        "inbound_count": inbound_count,
        "inbound_sources": inbound_sources,
        "unrelated_count": unrelated_count,
        "window_days": window_days,
        "min_person_count": min_person_count,
        "min_unit_unrelated": min_unit_unrelated,
    }
    if holder_kind == "individual" and inbound_sources >= min_person_count:
        return failed(
            f"自然人账户{window_days}日内收取{inbound_sources}个不同账户汇款{inbound_count}笔"
            f"（阈值≥{min_person_count}）",
            "person frequently receiving remittances",
            **figures,
        )
    if holder_kind == "unit" and unrelated_count >= min_unit_unrelated:
        return failed(
            f"单位账户{window_days}日内收取与经营无关的汇款{unrelated_count}笔（阈值≥{min_unit_unrelated}）",
            "entity receiving remittances unrelated to business",
            **figures,
        )
    return passed("未发现频繁收取汇款", **figures)


@rule(
    "COLL-A22-5",
    regulation=REG,
    article="第二十二条第二款第五项",
    statement="以个人名义开立的小额账户大量资金转入后短期内转出",
)
def pass_through(
    *,
    usual_amount: Decimal,
    inbound: Decimal,
    passed_on: Decimal,
    hours: int,
    max_usual_amount: Decimal,
    min_inbound: Decimal,
    min_pass_ratio: Decimal,
    max_hours: int,
) -> RuleResult:
    """第二十二条第二款（五）以个人名义开立小额账户，大量资金转入后短期内转到他人账户的。"""
    ratio = (passed_on / inbound) if inbound else Decimal("0")
    figures = {
        "usual_amount": usual_amount,
        "inbound": inbound,
        "passed_on": passed_on,
        "pass_ratio": round(ratio, 4),
        "hours": hours,
        "max_usual_amount": max_usual_amount,
        "min_inbound": min_inbound,
        "min_pass_ratio": min_pass_ratio,
        "max_hours": max_hours,
    }
    if (
        not _ge(usual_amount, max_usual_amount)
        and _ge(inbound, min_inbound)
        and _ge(ratio, min_pass_ratio)
        and hours <= max_hours
    ):
        return failed(
            f"个人账户平常单笔约{usual_amount}元，转入{inbound}元后{hours}小时内转出{passed_on}元（{ratio:.0%}）",
            "small personal account passing on a large sum quickly",
            **figures,
        )
    return passed("未发现快进快出", **figures)


# --- Intake, verification (第五章) -----------------------------------------------------------------------------
@rule("COLL-A25", regulation=REG, article="第二十五条", statement="举报奖励视情形依规定给予并为举报人保密")
def reward(*, decision: str, amount: Decimal) -> RuleResult:
    """第二十五条 …视情形依规定给予举报人（单位）适当奖励，并为举报人（单位）保密。"""
    if decision == "granted" and amount <= 0:
        return failed("决定给予奖励的，应填写奖励金额", "a granted reward needs an amount", amount=amount)
    if decision != "granted" and amount != 0:
        return failed("未决定给予奖励的，奖励金额应为0", "no amount without a granted reward", amount=amount)
    return passed("举报奖励决定已记录" + (f"，金额{amount}元" if amount else ""), amount=amount)


@rule("COLL-A28", regulation=REG, article="第二十八条", statement="各成员单位均是线索受理主体")
def intake_body(*, source: str, unit_is_member: bool) -> RuleResult:
    """第二十八条 各级防范和处置非法集资工作机制所有成员单位均是非法集资线索受理主体，负责受理…举报、…交办、
    …监测发现、金融机构监测报告、村（居）民委员会等基层组织或单位报告的线索。"""
    if not unit_is_member:
        return failed(
            "登记单位不是防范和处置非法集资工作机制成员单位", "registering unit is not a member unit", source=source
        )
    return passed("线索受理主体适格", source=source)


REPORT_SOURCE = "public_report"


@rule(
    "COLL-A29",
    regulation=REG,
    article="第二十九条",
    statement="不属于本区域本领域的举报线索告知举报人向相关受理主体举报；履职中发现、通报的线索予以登记",
)
def intake_scope(
    *, subject_region_path: str, unit_region_path: str, in_sector: bool = True, source: str = REPORT_SOURCE
) -> RuleResult:
    """第二十九条（一）对涉嫌非法集资主体不属于本行政区域、本行业领域的举报线索，应当告知举报人（单位）向相关
    受理主体举报。（二）对属于本行政区域、本行业领域或在履行部门职责中发现的涉嫌非法集资线索，应当做好登记工作，
    收集相关证据。（三）做好上级部门、服务对象或其他部门通报的非法集资线索的登记工作。

    Only a report (举报, ``source`` public_report) can be sent elsewhere; a clue the unit found in its own duties
    or that was passed to it (交办、监测、报告) is registered wherever the subject is (（二）（三）)."""
    if source != REPORT_SOURCE:
        return passed(
            "线索系在履行职责中发现或由有关部门交办、通报，予以登记（第二十九条第二、三项）",
            "found in the unit's own duties or passed on: register",
            source=source,
            report=False,
        )
    in_region = not subject_region_path or subject_region_path.startswith(unit_region_path)
    if in_region and in_sector:
        return passed("涉嫌主体属于本行政区域、本行业领域，予以登记", in_region=True, in_sector=in_sector)
    reason = "不属于本行政区域" if not in_region else "不属于本行业领域"
    return failed(
        f"涉嫌主体{reason}，应告知举报人向相关受理主体举报",
        "outside region or sector: refer",
        in_region=in_region,
        in_sector=in_sector,
    )


@rule(
    "COLL-A29-1",
    regulation=REG,
    article="第二十九条第一项",
    statement="告知举报人向相关受理主体举报只适用于举报线索",
)
def referral_allowed(*, source: str) -> RuleResult:
    """第二十九条（一）对涉嫌非法集资主体不属于本行政区域、本行业领域的举报线索，应当告知举报人（单位）向相关
    受理主体举报。（二）对…在履行部门职责中发现的涉嫌非法集资线索，应当做好登记工作，收集相关证据。

    The referral (告知) is the answer to a reporter; a clue with no reporter to tell — found in the unit's own
    duties, assigned by a superior, reported by an institution — stays registered and is verified (第三十条)."""
    if source != REPORT_SOURCE:
        return failed(
            "告知向相关受理主体举报只适用于单位或个人的举报线索；本线索系在履行职责中发现或由有关部门交办、报告，"
            "应当登记并初核（第二十九条第二、三项）",
            "only a public report can be referred",
            source=source,
        )
    return passed("举报线索，告知举报人向相关受理主体举报", "public report: referral allowed", source=source)


@rule("COLL-A30", regulation=REG, article="第三十条", statement="初核时间自受理登记之日起一般不超过10个工作日")
def verification_period(*, workdays_elapsed: int) -> RuleResult:
    """第三十条 …初核时间自受理登记之日起，一般不超过10个工作日。

    "一般" (generally): a late conclusion is still valid, so this rule never blocks; it records the lateness
    (the breach itself was escalated by the deadline)."""
    if workdays_elapsed <= VERIFICATION_WORKDAYS:
        return passed(
            f"自登记起第{workdays_elapsed}个工作日完成初核，未超过{VERIFICATION_WORKDAYS}个工作日",
            workdays_elapsed=workdays_elapsed,
            limit=VERIFICATION_WORKDAYS,
        )
    return passed(
        f"自登记起第{workdays_elapsed}个工作日完成初核，超过一般期限{VERIFICATION_WORKDAYS}个工作日",
        workdays_elapsed=workdays_elapsed,
        limit=VERIFICATION_WORKDAYS,
        late=True,
    )


@rule(
    "COLL-A31",
    regulation=REG,
    article="第三十一条",
    statement="初核基本属实且涉嫌五类行为之一的，向本级牵头部门提出处置申请",
)
def disposal_application(*, fundraising_type: str, verification_summary: str, verifier_name: str = "",
                         lead_name: str = "") -> RuleResult:
    """第三十一条 经初核，涉嫌非法集资线索基本属实，表现形式上满足非法集资构成要件，涉嫌下列非法集资行为的，由初核
    单位向本级防范和处置非法集资牵头部门提出处置申请：（一）…（五）其他涉嫌非法集资的行为。"""
    if not fundraising_type:
        return failed("请选择涉嫌的非法集资行为类型（第三十一条第一至五项）", "choose the A31 type")
    if not (verification_summary or "").strip():
        return failed("请填写初核情况（线索基本属实的依据）", "verification summary missing")
    if verifier_name and lead_name and verifier_name == lead_name:
        return passed(f"初核基本属实，涉嫌第三十一条所列行为；{lead_name}直接受理初核结束，自行决定是否启动处置",
                      "the lead department verified the clue itself and decides it", fundraising_type=fundraising_type,
                      lead=lead_name)
    if lead_name:
        return passed(f"初核基本属实，涉嫌第三十一条所列行为，由{verifier_name or '初核单位'}向本级牵头部门"
                      f"{lead_name}提出处置申请", "applied to the lead department of the same level",
                      fundraising_type=fundraising_type, lead=lead_name)
    return passed("初核基本属实，涉嫌第三十一条所列行为，提出处置申请", fundraising_type=fundraising_type)


# --- Disposal (第六章) -----------------------------------------------------------------------------------------
@rule("COLL-A33", regulation=REG, article="第三十三条", statement="单位由登记地、个人由住所地牵头部门组织调查认定")
def jurisdiction(*, subject_kind: str, registration_region: str = "", residence_region: str = "") -> RuleResult:
    """第三十三条 …非法集资人为单位的，由其登记地防范和处置非法集资牵头部门组织调查认定。非法集资人为个人的，
    由其住所地或者经常居住地…组织调查认定。…存在争议的，由其共同的上级…牵头部门确定。"""
    if subject_kind == "unit":
        if not registration_region:
            return failed("涉嫌单位的登记地未填写，无法确定管辖", "registration place missing")
        return passed(
            "涉嫌主体为单位，由其登记地牵头部门组织调查认定", region=registration_region, basis="registration"
        )
    if not residence_region:
        return failed("涉嫌个人的住所地或经常居住地未填写，无法确定管辖", "residence missing")
    return passed(
        "涉嫌主体为个人，由其住所地或经常居住地牵头部门组织调查认定", region=residence_region, basis="residence"
    )


@rule(
    "COLL-A34", regulation=REG, article="第三十四条", statement="牵头部门收到处置申请后10个工作日内决定是否启动处置程序"
)
def open_decision(
    *,
    decider_id: int | None,
    decider_name: str,
    decider_level: str,
    competent_id: int | None,
    competent_name: str,
    competent_level: str,
    workdays_elapsed: int,
) -> RuleResult:
    """第三十四条 防范和处置非法集资牵头部门直接受理初核结束或收到线索初核单位的处置申请后，应当在10个工作日内，
    组织相关部门进行分析研判，决定是否启动处置程序。(With 第三十三条: only the competent lead department decides.)"""
    figures = {
        "decider": decider_name,
        "decider_level": decider_level,
        "competent": competent_name,
        "competent_level": competent_level,
        "workdays_elapsed": workdays_elapsed,
        "limit": DECISION_WORKDAYS,
    }
    if decider_id != competent_id:
        return failed(
            f"应由有管辖权的{competent_name}（{LEVEL_NAMES.get(competent_level, competent_level)}）决定，"
            f"{decider_name}（{LEVEL_NAMES.get(decider_level, decider_level)}）不能作出该决定",
            "only the competent lead department decides",
            **figures,
        )
    late = workdays_elapsed > DECISION_WORKDAYS
    return passed(
        f"收到处置申请后第{workdays_elapsed}个工作日作出决定"
        + ("，已超过10个工作日" if late else "，未超过10个工作日"),
        late=late,
        **figures,
    )


@rule(
    "COLL-A35", regulation=REG, article="第三十五条", statement="调查组不少于两人，出示执法证件并记录，利害关系人回避"
)
def investigation_team(*, members: list, complete: bool = True) -> RuleResult:
    """第三十五条 …调查组人员不得少于两人，且在调查取证时，应当向当事人或者有关人员出示行政执法证件，并记录在案。
    调查人员与涉嫌非法集资行为主体有直接利害关系的，应当回避。

    ``members``: list of dicts with ``name``, ``credential`` and ``has_interest``; ``complete=False`` checks a
    member being added (interest and credential) before the team has its two members. Checked on the report
    (``submit_report``) and before an in-person evidence measure (site entry, questioning, document sealing,
    第三十六条第一至三项) is recorded as executed: "在调查取证时…出示行政执法证件，并记录在案"."""
    conflicted = [m["name"] for m in members if m.get("has_interest")]
    if conflicted:
        return failed(
            f"{'、'.join(conflicted)}与涉嫌主体有直接利害关系，应当回避",
            "member with interest must recuse",
            conflicted=conflicted,
            size=len(members),
        )
    without = [m["name"] for m in members if not (m.get("credential") or "").strip()]
    if without:
        return failed(f"{'、'.join(without)}未登记行政执法证件号", "credential missing", missing=without)
    if complete and len(members) < 2:
        return failed(f"调查组现有{len(members)}人，不得少于两人", "team needs at least two", size=len(members))
    return passed(f"调查组{len(members)}人，均已登记执法证件，无应回避人员", size=len(members))


@rule("COLL-A36", regulation=REG, article="第三十六条", statement="查询有关账户须经牵头部门主要负责人批准")
def investigation_measure(*, kind: str, head_approved: bool, in_investigation: bool) -> RuleResult:
    """第三十六条 组织调查…可以依法采取下列措施：（一）进入…场所调查取证；（二）询问…；（三）查阅、复制…，
    对可能被转移、隐匿或者毁损的文件、资料、电子设备等予以封存；（四）经防范和处置非法集资牵头部门主要负责人批准，
    依法查询涉嫌非法集资的有关账户。

    The issue brief lists "sealing" among the head-approval measures; the regulation requires the head's approval
    for the account query (四) only — sealing documents in an investigation (三) does not; sealing premises and
    seizing assets in disposal does (第四十条第二项, COLL-A40). The regulation wins.

    A measure of another article (第三十八条 suspension, 第四十条 disposal) is not governed here: not applicable
    (a measure's steps declare the three measure rules; the one of its article decides)."""
    if kind not in A36_MEASURES:
        return not_applicable("该措施不属第三十六条所列调查措施", "not an article 36 measure", kind=kind)
    if not in_investigation:
        return failed("调查措施只能在调查认定阶段采取", "only during investigation", kind=kind)
    if kind == "account_query" and not head_approved:
        return failed(
            "查询有关账户须经牵头部门主要负责人批准，尚未批准", "account query needs head approval", kind=kind
        )
    return passed("调查措施符合第三十六条", kind=kind, head_approved=head_approved)


@rule("COLL-A38", regulation=REG, article="第三十八条", statement="调查期间可要求暂停集资行为、通知暂停办理登记")
def suspension(*, in_investigation: bool, kind: str = "") -> RuleResult:
    """第三十八条 调查期间，防范和处置非法集资牵头部门可根据工作需要，要求涉嫌非法集资行为主体暂停集资行为，通知
    市场监督管理部门…暂停办理涉嫌非法集资有关单位的设立、变更或者注销登记。 (``kind``: a measure of another
    article is not applicable.)"""
    if kind and kind not in A38_MEASURES:
        return not_applicable("该措施不属第三十八条所列暂停措施", "not an article 38 measure", kind=kind)
    if not in_investigation:
        return failed("暂停集资行为、暂停办理登记只能在调查期间采取", "only during investigation")
    return passed("调查期间采取暂停措施")


@rule(
    "COLL-A39",
    regulation=REG,
    article="第三十九条",
    statement="调查报告陈述事实、列明证据、性质认定、处罚依据、处罚建议",
)
def investigation_report(
    *, facts: str, evidence_count: int, determination: str, legal_basis: str, proposed_penalty: str
) -> RuleResult:
    """第三十九条 …根据调查情况撰写调查报告，陈述调查发现事实、列明违法证据、对被调查对象是否构成非法集资违法行为
    进行性质认定、明确处罚依据、提出处罚建议。(With 第三十七条: only evidence verified as true counts.)"""
    missing = [
        label for label, value in (("调查发现事实", facts), ("性质认定", determination)) if not (value or "").strip()
    ]
    if determination == "illegal":
        missing += [
            label
            for label, value in (("处罚依据", legal_basis), ("处罚建议", proposed_penalty))
            if not (value or "").strip()
        ]
    if missing:
        return failed(f"调查报告缺少：{'、'.join(missing)}", "report incomplete", missing=missing)
    if determination == "illegal" and evidence_count < 1:
        return failed(
            "认定构成非法集资的，证据登记中应至少有一份经查证属实的证据（第三十七条）", "no verified evidence"
        )
    return passed(f"调查报告要素齐全，列明经查证属实的证据{evidence_count}份", evidence_count=evidence_count)


@rule(
    "COLL-A40",
    regulation=REG,
    article="第四十条",
    statement="经认定属于非法集资的处置措施：查封扣押、追回变价须主要负责人批准，限制出境须市级以上决定",
)
def disposal_measure(*, kind: str, determined_illegal: bool, head_approved: bool, lead_level: str,
                     decider_level: str = "") -> RuleResult:
    """第四十条 经调查认定，被调查对象行为属于非法集资的，…可以…采取下列措施：（一）责令立即停止有关非法活动；
    （二）经…主要负责人批准，查封有关经营场所，查封、扣押有关资产；（三）经…主要负责人批准，责令…追回、变价出售
    有关资产用于清退集资资金；（四）经市级以上…牵头部门决定，按程序通知出入境边防检查机关，限制…出境。
    (With 第四十三条's referrals, checked here as disposal measures; an investigation measure is not applicable.)"""
    if kind not in DISPOSAL_MEASURES:
        return not_applicable("该措施不属第四十条所列处置措施", "not an article 40 measure", kind=kind)
    if not determined_illegal:
        return failed("处置措施只能在调查认定构成非法集资后采取", "only after determination", kind=kind)
    if kind in ("seal_seize", "asset_sale") and not head_approved:
        return failed("该措施须经牵头部门主要负责人批准，尚未批准", "head approval required", kind=kind)
    if kind == "exit_restriction" and LEVELS.get(lead_level, 0) < LEVELS["city"]:
        # A county-handled case: the city (or a higher) lead department decides, then the county goes ahead.
        if LEVELS.get(decider_level, 0) >= LEVELS["city"]:
            return passed(f"限制出境经{LEVEL_NAMES[decider_level]}牵头部门决定（本案由"
                          f"{LEVEL_NAMES.get(lead_level, lead_level)}办理）", "decided by the city level or above",
                          kind=kind, lead_level=lead_level, decider_level=decider_level)
        return failed(
            f"限制出境须经市级以上牵头部门决定，本部门为{LEVEL_NAMES.get(lead_level, lead_level)}，"
            f"请报市级牵头部门决定",
            "exit restriction needs a decision of the city level or above",
            kind=kind,
            lead_level=lead_level,
            decider_level=decider_level,
        )
    return passed("处置措施符合第四十条", kind=kind)


@rule(
    "COLL-A41",
    regulation=REG,
    article="第四十一条",
    statement="清退集资资金接受牵头部门监督：清退不超过追回资产和申报金额",
)
def refund_reconciliation(
    *, claimed_total: Decimal, recovered_total: Decimal, refunded_total: Decimal, over_refunded: list | None = None
) -> RuleResult:
    """第四十一条 非法集资人、非法集资协助人应当向集资参与人清退集资资金。清退过程应当接受防范和处置非法集资牵头
    部门监督。 Reconciliation: paid refunds never exceed the recovered assets, nor any participant's claim."""
    ratio = (refunded_total / claimed_total).quantize(Decimal("0.0001")) if claimed_total else Decimal("0")
    figures = {
        "claimed_total": claimed_total,
        "recovered_total": recovered_total,
        "refunded_total": refunded_total,
        "refund_ratio": ratio,
    }
    if refunded_total > recovered_total:
        return failed(
            f"已清退{refunded_total}元超过追回资产{recovered_total}元", "refunds exceed recovered assets", **figures
        )
    if over_refunded:
        return failed(f"{'、'.join(over_refunded)}的清退金额超过其申报金额", "refund above claim", **figures)
    return passed(
        f"申报{claimed_total}元，追回{recovered_total}元，已清退{refunded_total}元，清退比例{ratio:.2%}", **figures
    )


@rule("COLL-A42", regulation=REG, article="第四十二条", statement="清退资金来源限于第四十二条所列六类")
def asset_source(*, source: str, amount: Decimal) -> RuleResult:
    """第四十二条 清退集资资金来源包括：（一）…余额；（二）…收益…；（三）…经济利益；（四）…隐匿、转移的…；
    （五）…广告费、代言费…佣金、提成等；（六）可以作为清退集资资金的其他资产。"""
    if source not in {"balance", "proceeds", "insider_gains", "hidden", "fees", "other"}:
        return failed("资产来源不属于第四十二条所列类别", "unknown source", source=source)
    if amount <= 0:
        return failed("追回资产金额应大于0", "amount must be positive", amount=amount)
    return passed("资产来源属于第四十二条所列类别", source=source, amount=amount)


@rule("COLL-A49", regulation=REG, article="第四十九条", statement="集体会商、综合研判后依法向公安机关移送")
def criminal_referral(*, consultation_record: str, police_unit: str) -> RuleResult:
    """第四十九条 防范和处置非法集资牵头部门应当召集相关部门集体会商，综合研判和评估风险，依法向公安机关移送涉嫌
    犯罪的非法集资案件。(第四十八条: evidence handed over and feedback tracked.)"""
    if not (consultation_record or "").strip():
        return failed("移送前应召集相关部门集体会商，请填写会商记录", "consultation missing")
    if not (police_unit or "").strip():
        return failed("请填写接收移送的公安机关", "police unit missing")
    return passed(f"经集体会商，移送{police_unit}", police_unit=police_unit)


# --- Prevention (第四章 other articles) ------------------------------------------------------------------------
@rule(
    "COLL-A23",
    regulation=REG,
    article="第二十三条",
    statement="行业主管、监管部门每季度末向同级牵头部门反馈风险排查处置情况报告",
)
def quarterly_report(*, submitted_on_time: bool, content: str) -> RuleResult:
    """第二十三条 …排查处置情况报告应当于每季度末反馈同级防范和处置非法集资牵头部门。"""
    if not (content or "").strip():
        return failed("报告内容不能为空", "report empty")
    return passed("按期报送" if submitted_on_time else "逾期报送", on_time=submitted_on_time)


@rule(
    "COLL-A26",
    regulation=REG,
    article="第二十六条",
    statement="省地方金融监管局向涉及地区发送风险提示；县级以上牵头部门向社会发布",
)
def risk_alert(*, audience: str, issuer_level: str, issuer_is_lead: bool) -> RuleResult:
    """第二十六条 省地方金融监管局对…重大跨区域风险线索…应当及时向涉及地区和有关部门发送风险提示。县级以上防范和
    处置非法集资牵头部门应当…及时向社会发布风险提示。"""
    if not issuer_is_lead:
        return failed("风险提示由牵头部门发布", "only lead departments issue alerts")
    if audience == "regions" and issuer_level != "province":
        return failed("向涉及地区和有关部门发送风险提示由省地方金融监管局负责", "province only")
    if LEVELS.get(issuer_level, 0) < LEVELS["county"]:
        return failed("县级以上牵头部门方可发布风险提示", "county level or above")
    return passed("风险提示发布主体适格", audience=audience)


@rule("COLL-A27", regulation=REG, article="第二十七条", statement="牵头部门和行业主管、监管部门可警示约谈、责令整改")
def supervision(*, issuer_type: str, kind: str, days: int) -> RuleResult:
    """第二十七条 防范和处置非法集资牵头部门和行业主管、监管部门发现…可能存在非法集资风险的，有权对相关单位和
    个人进行警示约谈、责令整改。 A rectification order carries its own deadline (days > 0)."""
    if issuer_type not in {"fundraising_lead", "fundraising_member", "sector_regulator"}:
        return failed("警示约谈、责令整改由牵头部门或行业主管、监管部门作出", "issuer not entitled")
    if kind == "rectification" and days <= 0:
        return failed("责令整改应明确整改期限", "rectification needs a deadline")
    return passed("警示约谈、责令整改主体适格", days=days)


@rule("COLL-A44", regulation=REG, article="第四十四条", statement="根据认定结果依法给予行政处罚")
def penalty(*, determination: str, penalty_decision: str = "", closing: bool = False) -> RuleResult:
    """第四十四条 防范和处置非法集资牵头部门应根据涉嫌非法集资行为认定结果，依法给予行政处罚。

    ``closing``: the case is being closed as not illegal, which the report's determination must support."""
    if closing:
        if determination != "not_illegal":
            return failed("调查报告认定构成非法集资，应依法处置并给予行政处罚，不能按不构成办结", "report says illegal")
        return passed("调查报告认定不构成非法集资，不予处罚")
    if determination != "illegal":
        return failed("调查报告未认定构成非法集资，不能进入处置", "report does not determine illegal")
    if not (penalty_decision or "").strip():
        return failed("请填写行政处罚决定", "penalty decision missing")
    return passed("根据认定结果作出行政处罚决定")


@rule("COLL-A50", regulation=REG, article="第五十条", statement="线索受理及初核、处置过程中形成的各类工作资料立卷归档")
def archive(*, pending_measures: int = 0, refunded_total=0, recovered_total=0) -> RuleResult:
    """第五十条 各级各有关部门要对非法集资线索受理及初核、处置过程中形成的各类工作资料立卷归档。

    A file is complete when no measure awaits approval or execution and refunds reconcile (第四十一条)."""
    if pending_measures:
        return failed(
            f"尚有{pending_measures}项措施待批准或待执行，不能归档",
            "measures pending",
            pending_measures=pending_measures,
        )
    if Decimal(str(refunded_total)) > Decimal(str(recovered_total)):
        return failed("清退金额超过追回资产，账目未核平，不能归档", "refunds not reconciled")
    return passed("工作资料齐全，立卷归档")
