"""Demo data for `make run`: the 坞城街道办 street office with three areas at different stages of 191号 —
锦绣园 (formation announcement posted), 阳光花园 (member list posted, one written objection awaiting its check),
和平小区 (running committee with an adopted decision and one decision refused for want of quorum, 第十五条).
Postings are recorded with the dates the paper notices went up. Idempotent: areas by name, users by username."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from gazette.accounts import roles
from gazette.orgs.choices import OrganisationType as T
from gazette.orgs.demo import DemoUser, organisations_by_key, users_create
from gazette.orgs.models import Organisation, Region

USERS = (
    DemoUser("prop_street", "孙经办（坞城街道办）", "street_xd", (roles.CLERK.code,)),
    DemoUser("prop_head", "李主任（坞城街道办）", "street_xd", (roles.HEAD.code, roles.APPROVER.code)),
    DemoUser("prop_county", "周科长（小店区住建局）", "housing_xd", (roles.CLERK.code,)),
)
PLACES = ["小区东门公告栏", "1号楼单元门", "物业客服中心"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"


def _owner_rows(n: int) -> list[dict[str, str]]:
    return [{"房号": f"{1 + i // 24}-{1 + (i % 24) // 4}0{1 + i % 4}", "专有部分面积": f"{85 + i % 40}.50",
             "业主姓名": f"{SURNAMES[i % len(SURNAMES)]}{'建国秀英志强丽娟海燕'[i % 10]}{i}",
             "手机号码": f"139{35000000 + i:08d}", "职业": ("教师", "职员", "退休", "医生", "个体")[i % 5]}
            for i in range(n)]


def _area(office, clerk, name, **flags):
    from .models import Area
    from .services import AreaInput, area_create, owners_import

    area = Area.objects.filter(street_office=office, name=name).first()
    if area is not None:
        return area, False
    area = area_create(actor=clerk, street_office=office, data=AreaInput(
        name=name, address=f"太原市小店区坞城路{len(name) * 17}号", residents_committee=f"{name[:2]}社区居民委员会",
        service_provider="山西示范物业服务有限公司", **flags))
    owners_import(area=area, actor=clerk, rows=_owner_rows(72))
    return area, True


def _sweep():
    """What Celery beat does every minute: postings whose window is over close and move their case on."""
    from gazette.deadlines.services import deadlines_sweep

    deadlines_sweep()


def _form(area, clerk, *, days_ago: int, trigger: str):
    from django.utils import timezone

    from .services import FormationInput, committee_form

    return committee_form(actor=clerk, area=area, data=FormationInput(
        trigger=trigger,
        requirements="遵纪守法，热心公益事业，责任心强，具有完全民事行为能力，依法交纳物业费用和维修资金。",
        registration="自公告之日起7日内到社区居民委员会报名，或由10名以上业主联名推荐。",
        places=PLACES[:2], days=7, announced_on=timezone.localdate() - timedelta(days=days_ago)))


def _seat(committee, clerk):
    from .services import MemberInput, NominationInput, member_add, nomination_record

    owners = list(committee.area.owners.select_related("unit").order_by("id"))
    for i, (kind, name) in enumerate([("two_committees", "刘书记"), ("social_worker", "陈社工"), ("grid", "赵网格员")]):
        member_add(committee=committee, actor=clerk, data=MemberInput(
            kind=kind, name=name, role="director" if i == 0 else "member", is_party_member=i == 0,
            occupation="社区工作者", address="坞城社区", pledge_signed=True))
    for i in range(4):
        nominee, backers = owners[i], owners[10 + 12 * i: 22 + 12 * i]
        nomination = nomination_record(committee=committee, actor=clerk, data=NominationInput(
            nominee_unit=nominee.unit.number, backer_units=[o.unit.number for o in backers], consent_signed=True))
        member_add(committee=committee, actor=clerk, data=MemberInput(
            kind="owner", nomination=nomination, role="deputy" if i == 0 else "member", pledge_signed=True,
            is_party_member=i == 0))


def _post_list(committee, clerk, *, days_ago: int):
    from django.utils import timezone

    from gazette.workflow.actions import action_perform

    action_perform(obj=committee, name="fix_candidates", actor=clerk, data={
        "places": PLACES[:2], "days": 7, "posted_on": timezone.localdate() - timedelta(days=days_ago)})
    committee.refresh_from_db()


def load(stdout=None) -> list[tuple[str, str, str, str]]:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from gazette.workflow.actions import action_perform
    from gazette.workflow.exceptions import GuardFailed

    from .services import MeetingInput, meeting_record, objection_record

    orgs = organisations_by_key()
    if "street_xd" not in orgs:
        return []
    parent = orgs.get("housing_ty")
    orgs["housing_xd"], _ = Organisation.objects.update_or_create(
        name="太原市小店区住房和城乡建设局", defaults={"short_name": "小店区住建局", "type": T.HOUSING_DEPARTMENT,
                                                   "region": Region.objects.get(code="140105"), "parent": parent})
    rows = users_create(USERS, orgs)
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[u.username for u in USERS])}
    clerk, office = users["prop_street"], orgs["street_xd"]
    today = timezone.localdate()

    # 1. 锦绣园: the formation announcement is posted (day 3 of 7).
    area, new = _area(office, clerk, "锦绣园", total_area=Decimal("86000.00"), delivered_area=Decimal("31000.00"),
                      delivery_started=True)
    if new:
        _form(area, clerk, days_ago=3, trigger="delivery_under_half")

    # 2. 阳光花园: the member list is posted and an owner's written objection awaits its check.
    area, new = _area(office, clerk, "阳光花园", total_area=Decimal("64000.00"), delivered_area=Decimal("64000.00"),
                      assembly_conditions_met=True)
    if new:
        committee = _form(area, clerk, days_ago=12, trigger="assembly_not_formed")
        _sweep()
        committee.refresh_from_db()
        _seat(committee, clerk)
        _post_list(committee, clerk, days_ago=2)
        objection_record(committee=committee, actor=clerk, objector="3-201 业主王秀英", contact="13935000050",
                         content="候选人张建国之子在本小区物业服务公司任职，与物业服务人有直接利益关系（第九条第五项）。")

    # 3. 和平小区: established, filed and running; one decision adopted, one refused for want of quorum.
    area, new = _area(office, clerk, "和平小区", total_area=Decimal("52000.00"), delivered_area=Decimal("52000.00"),
                      assembly_conditions_met=True, assembly_formed=True, assembly_failed_election=True)
    if new:
        committee = _form(area, clerk, days_ago=28, trigger="no_committee_elected")
        _sweep()
        committee.refresh_from_db()
        _seat(committee, clerk)
        _post_list(committee, clerk, days_ago=20)
        _sweep()
        committee.refresh_from_db()
        action_perform(obj=committee, name="file", actor=clerk, data={"county_department": orgs["housing_xd"]})
        members = list(committee.members.filter(status="active").order_by("id"))
        community = [m for m in members if not m.is_owner_rep]
        reps = [m for m in members if m.is_owner_rep]
        adopted = meeting_record(committee=committee, actor=clerk, data=MeetingInput(
            kind="regular", held_on=today - timedelta(days=6), subject="小区路灯及监控维修",
            decision="委托物业服务人维修2号楼、5号楼路灯及东门监控，费用由物业服务人按合同承担。",
            attendance={m.pk: "present" for m in members}, signed={m.pk for m in members}))
        action_perform(obj=adopted, name="adopt", actor=clerk,
                       data={"places": PLACES, "posted_on": today - timedelta(days=5)})
        present = {*community, reps[0]}
        inquorate = meeting_record(committee=committee, actor=clerk, data=MeetingInput(
            kind="extra", held_on=today - timedelta(days=1), subject="调整停车管理方案", proposers=3,
            decision="地面车位改为按月收费。",
            attendance={m.pk: "present" if m in present else "absent" for m in members},
            signed={m.pk for m in present}))
        try:
            action_perform(obj=inquorate, name="adopt", actor=clerk, data={"places": PLACES})
        except GuardFailed as exc:
            action_perform(obj=inquorate, name="refuse", actor=clerk, comment=str(exc))
    if stdout is not None:
        stdout.write("property: 演示小区及物业管理委员会已就绪")
    return rows
