"""Demo data for `make run`: users of the 小店区/太原市 lead departments and the 小店区 market regulator, and a few
clues at different steps. Idempotent: users by username, clues by subject name."""

from __future__ import annotations

from gazette.accounts import roles
from gazette.orgs.demo import DemoUser, organisations_by_key, users_create
from gazette.orgs.models import Region

USERS = (
    DemoUser("coll_member", "赵登记（小店区市场监管局）", "fr_member_xd", (roles.CLERK.code,)),
    DemoUser("coll_clerk", "钱经办（小店区处非办）", "fr_lead_xd", (roles.CLERK.code,)),
    DemoUser("coll_approver", "孙审批（小店区处非办）", "fr_lead_xd", (roles.APPROVER.code,)),
    DemoUser("coll_head", "周主任（小店区处非办）", "fr_lead_xd", (roles.HEAD.code, roles.APPROVER.code)),
    DemoUser("coll_city", "吴处长（太原市处非办）", "fr_lead_ty", (roles.APPROVER.code, roles.HEAD.code)),
)

CLUES = (
    ("太原鑫盛财富管理有限公司", "public_report", "以养老项目名义承诺年化18%回报，向社区老人吸收资金", ()),
    ("山西聚宝盆农民专业合作社", "grassroots", "合作社以入股分红名义向村民吸收资金", ("verify_start",)),
    ("小店区某某投资咨询中心", "regulator_monitoring", "名称含“投资”，网上宣传保本高收益理财",
     ("verify_start", "apply_disposal")),
    ("太原某某商贸有限公司", "financial_institution", "账户短期内分散转入后集中转出",
     ("verify_start", "apply_disposal", "open")),
)


def load(stdout=None) -> list[tuple[str, str, str, str]]:
    from .prevention.services import risk_reports_ensure
    from .services import ClueInput, clue_act, clue_register

    orgs = organisations_by_key()
    if "fr_member_xd" not in orgs:
        return []
    rows = users_create(USERS, orgs)
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.filter(username__in=[u.username for u in USERS])}
    from .models import Clue

    xiaodian = Region.objects.get(code="140105")
    for name, source, text, steps in CLUES:
        if Clue.objects.filter(subject_name=name).exists():
            continue
        clue = clue_register(actor=users["coll_member"], organisation=orgs["fr_member_xd"], data=ClueInput(
            source=source, subject_name=name, description=text, subject_region=xiaodian,
            reporter_name="演示举报人" if source == "public_report" else ""))
        for step in steps:
            actor = users["coll_approver"] if step == "open" else users["coll_member"]
            data = {"fundraising_type": "promised_return", "verification_summary": "经初核基本属实"} \
                if step == "apply_disposal" else {}
            clue_act(clue=clue, name=step, actor=actor, data=data)
    from django.utils import timezone

    risk_reports_ensure(on=timezone.localdate())
    if stdout is not None:
        stdout.write("collection: 演示线索已就绪")
    return rows
