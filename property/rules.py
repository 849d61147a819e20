"""The decisions of 晋建房规字〔2022〕191号 as pure rules, one per article (or per threshold of an article), each
citing its article. "以上 / 不少于" include the bound; "过半数" is strictly more than half. Every "日" is a calendar
day; the only working-day period is 第十五条's 10 个工作日 (counted by the calendar, not here)."""

from __future__ import annotations

from datetime import date, timedelta

from gazette.rules.registry import RuleResult, failed, not_applicable, passed, rule

from . import choices as ch

REG = "PROP-2022"
MIN_MEMBERS = 7
MIN_PLACES = 2
MIN_POSTING_DAYS = 7
MIN_BACKERS = 10
FORMATION_DAYS = 30
ACCOUNTS_POSTING_DAYS = 10


@rule("PROP-A2", regulation=REG, article="第二条", statement="适用于未成立业主委员会的住宅物业管理活动",
      statement_en="Applies to residential areas without an owners' committee")
def applies_to_area(*, has_owners_committee: bool, is_residential: bool) -> RuleResult:
    """第二条 本省行政区域内未成立业主委员会的住宅物业管理活动适用本办法，其他物业项目参照执行。"""
    if has_owners_committee:
        return failed("该物业管理区域已成立业主委员会，不适用本办法，不得组建物业管理委员会。",
                      "The area has an owners' committee: no property management committee may be formed.")
    if not is_residential:
        return passed("非住宅物业项目，参照本办法执行。", "Non-residential area: the rules apply by reference.",
                      by_reference=True)
    return passed("未成立业主委员会的住宅物业管理区域，适用本办法。", "Residential area without an owners' committee.")


@rule("PROP-A6", regulation=REG, article="第六条", statement="符合三种组建情形之一的，应当组建物业管理委员会",
      statement_en="One of the three triggers must hold")
def formation_trigger(*, trigger: str, delivery_started: bool, delivered_area, total_area,
                      assembly_conditions_met: bool, assembly_formed: bool,
                      assembly_failed_election: bool) -> RuleResult:
    """第六条 有下列情形之一的，应当按规定组建物业管理委员会：（一）小区开始交付，但已交付的专有部分面积不足建筑
    总面积50%的；（二）具备成立业主大会条件，但暂未成立的；（三）业主大会会议召开后，未能选举产生业主委员会的。"""
    if delivered_area > total_area:
        return failed(f"已交付专有部分面积（{delivered_area}㎡）大于建筑总面积（{total_area}㎡），请核对。",
                      "Delivered area exceeds the total area.", delivered_area=delivered_area, total_area=total_area)
    figures = {"delivered_area": delivered_area, "total_area": total_area, "trigger": trigger}
    if trigger == ch.Trigger.DELIVERY_UNDER_HALF:
        if delivery_started and delivered_area * 2 < total_area:
            return passed(f"第（一）项：已开始交付，已交付面积{delivered_area}㎡不足建筑总面积{total_area}㎡的50%。",
                          "Trigger (1): delivery begun, delivered area under 50 %.", **figures)
        return failed("不符合第（一）项：须已开始交付且已交付专有部分面积不足建筑总面积的50%"
                      f"（已交付{delivered_area}㎡，总面积{total_area}㎡）。", "Trigger (1) does not hold.", **figures)
    if trigger == ch.Trigger.ASSEMBLY_NOT_FORMED:
        if assembly_conditions_met and not assembly_formed:
            return passed("第（二）项：具备成立业主大会条件，但暂未成立。", "Trigger (2) holds.", **figures)
        return failed("不符合第（二）项：须具备成立业主大会条件且尚未成立业主大会。", "Trigger (2) does not hold.",
                      **figures)
    if trigger == ch.Trigger.NO_COMMITTEE_ELECTED:
        if assembly_failed_election:
            return passed("第（三）项：业主大会会议召开后，未能选举产生业主委员会。", "Trigger (3) holds.", **figures)
        return failed("不符合第（三）项：须业主大会会议召开后未能选举产生业主委员会。", "Trigger (3) does not hold.",
                      **figures)
    return failed("请选择第六条规定的组建情形。", "Choose a trigger of Article 6.", **figures)


def _posting(article: str, places: int, days: int, what: str) -> RuleResult:
    figures = {"places": places, "days": days, "min_places": MIN_PLACES, "min_days": MIN_POSTING_DAYS}
    if places < MIN_PLACES:
        return failed(f"{what}应当在物业管理区域内两处以上显著位置公示，现仅登记{places}处（{article}）。",
                      "Posted in fewer than 2 places.", **figures)
    if days < MIN_POSTING_DAYS:
        return failed(f"{what}公示期限不得少于7日，现为{days}日（{article}）。",
                      "Posting shorter than 7 days.", **figures)
    return passed(f"{what}在{places}处显著位置公示{days}日。", "Posting meets the minimum.", **figures)


@rule("PROP-A7", regulation=REG, article="第七条", statement="组建公告在两处以上显著位置公示，不少于7日",
      statement_en="Announcement in ≥ 2 places for ≥ 7 days")
def announcement_posting(*, places: int, days: int) -> RuleResult:
    """第七条 公告应当在物业管理区域内两处以上显著位置公示。……公示期限不得少于7日。"""
    return _posting("第七条", places, days, "组建公告")


@rule("PROP-A6-30D", regulation=REG, article="第六条", statement="自公告之日起30日内组建成立物业管理委员会",
      statement_en="Established within 30 days of the announcement")
def formation_window(*, announced_on: date, planned_end: date) -> RuleResult:
    """第六条第二款 ……自公告之日起30日内，组建成立物业管理委员会。 The statutory postings are never shortened:
    when the planned dates pass day 30 the step goes ahead and the breach is flagged."""
    last = announced_on + timedelta(days=FORMATION_DAYS)
    figures = {"announced_on": announced_on, "planned_end": planned_end, "last_day": last}
    if planned_end > last:
        return passed(f"注意：按计划公示，预计{planned_end.isoformat()}方能成立，超过第六条“自公告之日起30日内”"
                      f"（{last.isoformat()}）的要求；公示期不得缩短，"
                      "请记录原因。",
                      "Warning: the planned postings end after day 30.", warning=True, **figures)
    return passed(f"预计{planned_end.isoformat()}前成立，在公告之日起30日内（{last.isoformat()}）。",
                  "Within the 30 days.", warning=False, **figures)


@rule("PROP-A8", regulation=REG, article="第八条", statement="7人以上单数组成，业主代表不少于成员人数的二分之一",
      statement_en="≥ 7 members, odd; owner representatives ≥ half")
def composition(*, members: int, owner_reps: int) -> RuleResult:
    """第八条 物业管理委员会由社区（村）“两委”、社区工作者、网格员、业主等7人以上单数组成，其中业主代表不少于物业
    管理委员会成员人数的二分之一。"""
    figures = {"members": members, "owner_reps": owner_reps}
    if members < MIN_MEMBERS:
        return failed(f"成员{members}人，不足7人。", "Fewer than 7 members.", **figures)
    if members % 2 == 0:
        return failed(f"成员{members}人，应为单数。", "The number of members must be odd.", **figures)
    if owner_reps * 2 < members:
        return failed(f"业主代表{owner_reps}人，不足成员人数{members}人的二分之一。",
                      "Owner representatives under half.", **figures)
    return passed(f"成员{members}人（单数），其中业主代表{owner_reps}人，不少于二分之一。",
                  "Composition is lawful.", **figures)


@rule("PROP-A9", regulation=REG, article="第九条", statement="成员应当书面承诺符合条件并全面履行职责",
      statement_en="Every member signs the written pledge")
def pledges(*, unsigned: list) -> RuleResult:
    """第九条第二款 物业管理委员会成员应当书面承诺符合前款规定的条件，全面履行工作职责，不以权谋私、失职失责。"""
    if unsigned:
        names = "、".join(unsigned)
        return failed(f"以下成员尚未签署书面承诺：{names}。", "Pledges missing.", unsigned=unsigned)
    return passed("全体成员已签署书面承诺。", "Every member signed the pledge.", unsigned=[])


@rule("PROP-A10", regulation=REG, article="第十条",
      statement="业主代表须不少于10名业主联名推荐并经本人签字同意，或自荐并征得不少于10名其他业主签字同意",
      statement_en="An owner representative is backed by ≥ 10 other owners (and consents)")
def nomination_backing(*, backers: int, self_nominated: bool, consent_signed: bool) -> RuleResult:
    """第十条第（二）项 业主代表由居（村）民委员会负责组织小区业主联名推荐或者业主自荐。联名业主人数应当不少于10名，
    并经被推荐人选本人签字同意；业主自荐应当征得不少于10名其他业主签字同意。一名业主只能推选一名业主代表。"""
    figures = {"backers": backers, "min_backers": MIN_BACKERS, "self_nominated": self_nominated}
    if backers < MIN_BACKERS:
        what = "其他业主签字同意" if self_nominated else "联名业主"
        return failed(f"{what}{backers}名，不足10名（被推荐人本人不计入，一名业主只能推选一名业主代表）。",
                      "Fewer than 10 valid backers.", **figures)
    if not self_nominated and not consent_signed:
        return failed("联名推荐须经被推荐人选本人签字同意。", "The nominee has not signed his consent.", **figures)
    return passed(f"有效联名（同意）业主{backers}名。", "Enough backers.", **figures)


@rule("PROP-A11", regulation=REG, article="第十一条",
      statement="主任由“两委”代表中的党员代表担任，副主任由社区党组织指定一名业主代表担任",
      statement_en="Director: a party member of the two committees; deputy: an owner representative")
def officers(*, directors: list, deputies: list) -> RuleResult:
    """第十一条 ……物业管理委员会主任由社区（村）“两委”代表中的党员代表担任；副主任由社区（村）党组织指定一名业主
    代表担任。 ``directors`` / ``deputies``: dicts with kind and is_party_member."""
    if len(directors) != 1:
        return failed(f"应指定一名主任（现{len(directors)}名）。", "Exactly one director.", directors=len(directors))
    d = directors[0]
    if d["kind"] != ch.MemberKind.TWO_COMMITTEES or not d["is_party_member"]:
        return failed("主任应由社区（村）“两委”代表中的党员代表担任。", "The director must be a party member of the "
                      "two committees.", directors=1)
    if len(deputies) != 1:
        return failed(f"应由社区（村）党组织指定一名副主任（现{len(deputies)}名）。", "Exactly one deputy.",
                      deputies=len(deputies))
    if deputies[0]["kind"] != ch.MemberKind.OWNER:
        return failed("副主任应由业主代表担任。", "The deputy must be an owner representative.", deputies=1)
    return passed("主任为“两委”党员代表，副主任为业主代表。", "Officers as Article 11 says.")


@rule("PROP-A12", regulation=REG, article="第十二条", statement="成员名单在两处以上显著位置公示，不少于7日",
      statement_en="Member list in ≥ 2 places for ≥ 7 days")
def list_posting(*, places: int, days: int) -> RuleResult:
    """第十二条 物业管理委员会成员名单确定后，……在物业管理区域内两处以上显著位置公示，公示期限不得少于7日。"""
    return _posting("第十二条", places, days, "成员名单")


@rule("PROP-A12-EST", regulation=REG, article="第十二条",
      statement="公示期满无异议或经核查异议不成立的，自公示期满之日或核查结果公示之日起正式成立",
      statement_en="Established when the posting ends without objection or the objections are found unfounded")
def establishment(*, list_closed: bool, pending: int, upheld: int, unposted_results: int) -> RuleResult:
    """第十二条第二款 公示期满无异议或者经核查异议不成立的，物业管理委员会自公示期满之日或者核查结果公示之日起正式
    成立。"""
    figures = {"pending": pending, "upheld": upheld, "unposted_results": unposted_results}
    if not list_closed:
        return failed("成员名单公示期尚未届满。", "The list posting has not ended.", **figures)
    if pending:
        return failed(f"尚有{pending}件异议未完成核查。", "Objections still being checked.", **figures)
    if upheld:
        return failed(f"有{upheld}件异议经核查成立，应按第十条补充人选并重新公示名单。", "An objection was upheld.",
                      **figures)
    if unposted_results:
        return failed("异议核查结果尚未公示。", "The check result is not posted.", **figures)
    return passed("公示期满无异议或异议经核查不成立。", "Established.", **figures)


@rule("PROP-A15-EXTRA", regulation=REG, article="第十五条",
      statement="经主任或者三分之一以上成员提议，可以召开临时会议", statement_en="Extra meeting on the director's "
      "or ≥ 1/3 of the members' proposal")
def extra_meeting(*, kind: str, proposed_by_director: bool, proposers: int, members_total: int) -> RuleResult:
    """第十五条第一款 ……经物业管理委员会主任或者物业管理委员会三分之一以上成员提议，可以召开物业管理委员会临时会议。"""
    if kind != ch.MeetingKind.EXTRA:
        return not_applicable("定期会议。", "Regular meeting.")
    figures = {"proposers": proposers, "members_total": members_total}
    if proposed_by_director or proposers * 3 >= members_total:
        return passed(f"临时会议经主任或{proposers}名成员（三分之一以上）提议召开。", "Lawfully proposed.", **figures)
    return failed(f"临时会议须经主任或者三分之一以上成员提议，现仅{proposers}名成员提议（共{members_total}名成员）。",
                  "Not proposed by the director or ≥ 1/3 of the members.", **figures)


@rule("PROP-A15-PROXY", regulation=REG, article="第十五条", statement="业主代表成员不能委托代理人参加会议",
      statement_en="Owner representatives cannot send proxies")
def no_owner_proxy(*, owner_rep_proxies: list) -> RuleResult:
    """第十五条第三款 ……业主代表成员不能委托代理人参加会议。"""
    if owner_rep_proxies:
        return failed("业主代表成员不能委托代理人参加会议：{}。".format("、".join(owner_rep_proxies)),
                      "An owner representative sent a proxy.", owner_rep_proxies=owner_rep_proxies)
    return passed("业主代表成员均本人参加或缺席，无代理。", "No proxies for owner representatives.")


@rule("PROP-A15-QUORUM", regulation=REG, article="第十五条",
      statement="会议应当有过半数成员且过半数业主代表成员参加", statement_en="More than half of all members and "
      "more than half of the owner representatives attend")
def quorum(*, members_total: int, present: int, owner_reps_total: int, owner_reps_present: int) -> RuleResult:
    """第十五条第三款 物业管理委员会会议应当有过半数成员且过半数业主代表成员参加。"""
    figures = {"members_total": members_total, "present": present, "owner_reps_total": owner_reps_total,
               "owner_reps_present": owner_reps_present}
    if present * 2 <= members_total:
        return failed(f"出席成员{present}名，未过全体成员{members_total}名的半数，会议不足法定人数。",
                      "Not more than half of the members attended.", **figures)
    if owner_reps_present * 2 <= owner_reps_total:
        return failed(f"出席成员{present}/{members_total}名，但业主代表成员仅{owner_reps_present}/{owner_reps_total}"
                      "名出席，未过业主代表成员半数，会议不足法定人数。",
                      "Not more than half of the owner representatives attended.", **figures)
    return passed(f"出席成员{present}/{members_total}名，业主代表成员{owner_reps_present}/{owner_reps_total}名，"
                  "均过半数。", "Quorate.", **figures)


@rule("PROP-A15-SIGN", regulation=REG, article="第十五条", statement="决定应当经过半数成员签字同意",
      statement_en="A decision is signed by more than half of all members")
def signatures(*, members_total: int, signed: int) -> RuleResult:
    """第十五条第四款 物业管理委员会作出的决定应当经过半数成员签字同意。……全体成员有同等表决权。"""
    figures = {"members_total": members_total, "signed": signed}
    if signed * 2 <= members_total:
        return failed(f"签字同意成员{signed}名，未过全体成员{members_total}名的半数，决定不成立。",
                      "Not signed by more than half of the members.", **figures)
    return passed(f"{signed}/{members_total}名成员签字同意，过半数。", "Signed by a majority.", **figures)


@rule("PROP-A15-OWNERS", regulation=REG, article="第十五条", statement="需要业主共同决定的事项不得擅自作出决定",
      statement_en="Matters for the owners' joint decision are not the committee's")
def reserved_matters(*, reserved_to_owners: bool) -> RuleResult:
    """第十五条第六款 物业管理委员会对于需要业主共同决定的事项不得擅自作出决定。"""
    if reserved_to_owners:
        return failed("该事项需要业主共同决定，物业管理委员会不得擅自作出决定，应组织业主共同决定。",
                      "A matter reserved to the owners.")
    return passed("不属于需要业主共同决定的事项。", "Within the committee's remit.")


@rule("PROP-A16", regulation=REG, article="第十六条", statement="成员资格终止的情形与程序",
      statement_en="Grounds and procedure for the end of a membership")
def membership_end(*, ground: str, absences: int, meetings_in_year: int) -> RuleResult:
    """第十六条 ……属于前款第一项、第二项、第三项情形的，其成员资格自情形发生之日起自然终止；属于前款第四项、第五项、
    第六项、第七项情形的，物业管理委员会应当提请街道办事处（乡镇人民政府）终止其成员资格；……（七）一年内累计缺席
    物业管理委员会会议总次数一半以上的。"""
    figures = {"ground": ground, "absences": absences, "meetings_in_year": meetings_in_year}
    if ground == ch.EndGround.ABSENT and (meetings_in_year == 0 or absences * 2 < meetings_in_year):
        return failed(f"一年内缺席{absences}次，未达会议总次数{meetings_in_year}次的一半，不构成第（七）项情形。",
                      "Absences under half of the meetings.", **figures)
    if ground in ch.AUTOMATIC_GROUNDS:
        return passed(f"属第（{ground}）项情形，成员资格自情形发生之日起自然终止。", "Ends automatically.",
                      automatic=True, **figures)
    if ground in ch.REQUESTED_GROUNDS:
        return passed(f"属第（{ground}）项情形，经物业管理委员会提请，由街道办事处终止成员资格。",
                      "Ended by the street office on request.", automatic=False, **figures)
    return passed("属第（八）项情形，按照相关规定处理。", "Other grounds.", automatic=False, **figures)


@rule("PROP-A18", regulation=REG, article="第十八条", statement="工作经费收支情况每年公示不少于两次，每次不少于10日",
      statement_en="Working-fund accounts posted ≥ twice a year for ≥ 10 days")
def accounts_posting(*, places: int, days: int) -> RuleResult:
    """第十八条 ……工作经费收支情况应在物业管理区域显著位置进行公示，每年不少于两次，每次公示期不少于10日。"""
    figures = {"places": places, "days": days}
    if places < 1:
        return failed("请登记公示地点。", "No posting place.", **figures)
    if days < ACCOUNTS_POSTING_DAYS:
        return failed(f"工作经费收支情况每次公示期不少于10日，现为{days}日。", "Under 10 days.", **figures)
    return passed(f"公示{days}日。", "Posting meets the minimum.", **figures)


@rule("PROP-A20", regulation=REG, article="第二十条", statement="业主委员会选举产生之日起停止履行职责并解散",
      statement_en="Dissolved once an owners' committee is elected, or when it cannot continue")
def dissolution(*, ground: str, owners_committee_elected_on) -> RuleResult:
    """第二十条 物业管理委员会自业主大会依法选举产生业主委员会之日起停止履行职责，并与业主委员会办理移交手续后解散；
    因物业管理区域调整、房屋灭失等其他客观原因致使物业管理委员会无法存续的，街道办事处应当及时解散物业管理委员会。"""
    if ground == ch.DissolutionGround.OWNERS_COMMITTEE and not owners_committee_elected_on:
        return failed("请先登记业主委员会选举产生日期。", "Record the owners' committee's election date first.")
    return passed("符合第二十条解散情形。", "Dissolution ground holds.", ground=ground)


@rule("PROP-A19", regulation=REG, article="第十九条", statement="任期一般不超过3年，期满未成立业主委员会的重新组建",
      statement_en="The term is normally at most 3 years")
def term(*, established_on: date, today: date) -> RuleResult:
    """第十九条 物业管理委员会的任期一般不超过3年。期满仍未推动成立业主大会、选举产生业主委员会的，由街道办事处
    （乡镇人民政府）重新组建物业管理委员会。"""
    leap_day = (established_on.month, established_on.day) == (2, 29)
    end = date(established_on.year + 3, 2, 28) if leap_day else established_on.replace(year=established_on.year + 3)
    if today > end:
        return failed(f"任期已于{end.isoformat()}届满，应由街道办事处重新组建。", "The term is over.", term_end=end)
    return passed(f"任期至{end.isoformat()}。", "Within the term.", term_end=end)


@rule("PROP-A21", regulation=REG, article="第二十一条",
      statement="决定违反法律法规的，责令限期改正或者撤销，并通告全体业主",
      statement_en="An unlawful decision is ordered corrected by a date, or revoked")
def correction_order(*, correction_due, today: date) -> RuleResult:
    """第二十一条 物业管理委员会作出的决定违反法律、法规的，街道办事处（乡镇人民政府）应当责令限期改正或者撤销其决定，
    并通告全体业主。"""
    if correction_due is None or correction_due <= today:
        return failed("责令限期改正须确定今天以后的改正期限。", "The correction date must lie ahead.")
    return passed(f"责令于{correction_due.isoformat()}前改正。", "Correction ordered.", correction_due=correction_due)
