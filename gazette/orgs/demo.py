"""Demo organisations and users for the local run (`make run`). Idempotent: keyed by name / username."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from gazette.accounts import roles
from gazette.orgs.choices import OrganisationType as T

from .models import Organisation, Region

DEMO_PASSWORD = "gazette-demo-2026"


@dataclass(frozen=True)
class DemoOrg:
    key: str
    name: str
    short: str
    type: str
    region: str
    parent: str | None = None
    prefix: str = ""


ORGS: tuple[DemoOrg, ...] = (
    DemoOrg("fund_jm", "山西省道路交通事故社会救助基金联席会议", "省联席会议", T.FUND_JOINT_MEETING, "140000",
            prefix="晋救联"),
    DemoOrg("fund_office_prov", "山西省道路交通事故社会救助基金联席会议办公室", "省联席办", T.FUND_OFFICE, "140000",
            "fund_jm", "晋救办"),
    DemoOrg("fund_office_ty", "太原市道路交通事故社会救助基金联席会议办公室", "太原市联席办", T.FUND_OFFICE, "140100",
            "fund_office_prov", "并救办"),
    DemoOrg("fund_office_xd", "小店区道路交通事故社会救助基金联席会议办公室", "小店区联席办", T.FUND_OFFICE, "140105",
            "fund_office_ty", "小救办"),
    DemoOrg("fund_office_dt", "大同市道路交通事故社会救助基金联席会议办公室", "大同市联席办", T.FUND_OFFICE, "140200",
            "fund_office_prov", "同救办"),
    DemoOrg("fund_manager", "山西省道路交通事故社会救助基金管理中心", "救助基金管理人", T.FUND_MANAGER, "140000",
            "fund_office_prov", "晋救基"),
    DemoOrg("trustee", "山西晋法律师事务所", "追偿受托人", T.RECOVERY_TRUSTEE, "140000", "fund_manager"),
    DemoOrg("hosp_1", "山西医科大学第一医院", "山医大一院", T.HOSPITAL, "140106"),
    DemoOrg("hosp_2", "太原市中心医院", "太原市中心医院", T.HOSPITAL, "140107"),
    DemoOrg("hosp_dt", "大同市第三人民医院", "大同三院", T.HOSPITAL, "140213"),
    DemoOrg("police_ty", "太原市公安局交通警察支队", "太原交警支队", T.TRAFFIC_POLICE, "140100"),
    DemoOrg("police_xd", "太原市公安局交通警察支队小店大队", "小店交警大队", T.TRAFFIC_POLICE, "140105", "police_ty"),
    DemoOrg("police_expressway", "山西省公安厅交通管理局高速公路交警支队太原大队", "高速交警太原大队",
            T.TRAFFIC_POLICE, "140100"),
    DemoOrg("funeral", "太原市殡仪馆", "太原市殡仪馆", T.FUNERAL_SERVICE, "140100"),
    DemoOrg("civil_xd", "太原市小店区民政局", "小店区民政局", T.CIVIL_AFFAIRS, "140105"),
    DemoOrg("insurer", "中国人民财产保险股份有限公司山西省分公司", "人保财险山西分公司", T.INSURER, "140000"),
    DemoOrg("finance", "山西省财政厅", "省财政厅", T.FINANCE, "140000"),
    DemoOrg("fr_lead_prov", "山西省地方金融管理局（省处置非法集资工作领导小组办公室）", "省处非办", T.FUNDRAISING_LEAD,
            "140000", prefix="晋处非"),
    DemoOrg("fr_lead_ty", "太原市地方金融管理局（市处置非法集资工作领导小组办公室）", "太原市处非办",
            T.FUNDRAISING_LEAD, "140100", "fr_lead_prov", "并处非"),
    DemoOrg("fr_lead_xd", "太原市小店区处置非法集资工作领导小组办公室", "小店区处非办", T.FUNDRAISING_LEAD, "140105",
            "fr_lead_ty", "小处非"),
    DemoOrg("fr_member_xd", "太原市小店区市场监督管理局", "小店区市场监管局", T.FUNDRAISING_MEMBER, "140105",
            "fr_lead_xd"),
    DemoOrg("emergency_prov", "山西省应急管理厅", "省应急厅", T.EMERGENCY_MANAGEMENT, "140000", prefix="晋应急"),
    DemoOrg("emergency_ty", "太原市应急管理局", "太原市应急局", T.EMERGENCY_MANAGEMENT, "140100", "emergency_prov",
            "并应急"),
    DemoOrg("street_xd", "太原市小店区坞城街道办事处", "坞城街道办", T.STREET_OFFICE, "140105", prefix="坞城街"),
    DemoOrg("housing_prov", "山西省住房和城乡建设厅", "省住建厅", T.HOUSING_DEPARTMENT, "140000", prefix="晋建房"),
    DemoOrg("housing_ty", "太原市住房和城乡建设局", "太原市住建局", T.HOUSING_DEPARTMENT, "140100", "housing_prov",
            "并建房"),
    DemoOrg("enterprise", "山西示范房地产开发有限公司", "示范地产", T.ENTERPRISE, "140105"),
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    org: str
    roles: tuple[str, ...]
    staff: bool = False
    superuser: bool = False


USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "系统管理员", "fund_office_prov", (roles.ADMIN.code,), staff=True, superuser=True),
    DemoUser("clerk", "王经办（救助基金管理人）", "fund_manager", (roles.CLERK.code,)),
    DemoUser("approver", "李审批（太原市联席办）", "fund_office_ty", (roles.APPROVER.code,)),
    DemoUser("head", "赵主任（省联席办）", "fund_office_prov", (roles.HEAD.code, roles.APPROVER.code)),
    DemoUser("hospital", "张医保（山医大一院）", "hosp_1", (roles.HOSPITAL.code,)),
    DemoUser("auditor", "陈审计（省财政厅）", "finance", (roles.AUDITOR.code,)),
)


def load(stdout=None) -> list[tuple[str, str, str, str]]:
    """Create the demo organisations, roles and users. Returns rows (username, password, name, roles)."""
    by_key: dict[str, Organisation] = {}
    for spec in ORGS:
        org, _ = Organisation.objects.update_or_create(
            name=spec.name,
            defaults={
                "short_name": spec.short,
                "type": spec.type,
                "region": Region.objects.get(code=spec.region),
                "parent": by_key.get(spec.parent) if spec.parent else None,
                "document_prefix": spec.prefix,
            },
        )
        by_key[spec.key] = org
    for role in roles.ALL_ROLES:
        Group.objects.get_or_create(name=role.code)
    return users_create(USERS, by_key)


def users_create(specs, orgs_by_key: dict[str, Organisation]) -> list[tuple[str, str, str, str]]:
    """Create demo users (password reset to the demo password each run, so the printed one always works)."""
    user_model = get_user_model()
    rows = []
    for spec in specs:
        user, _ = user_model.objects.get_or_create(username=spec.username)
        user.full_name = spec.full_name
        user.organisation = orgs_by_key[spec.org]
        user.is_staff = spec.staff
        user.is_superuser = spec.superuser
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([Group.objects.get_or_create(name=code)[0] for code in spec.roles])
        rows.append((spec.username, DEMO_PASSWORD, spec.full_name, ",".join(spec.roles)))
    return rows


def organisations_by_key() -> dict[str, Organisation]:
    names = {spec.key: spec.name for spec in ORGS}
    found = {o.name: o for o in Organisation.objects.filter(name__in=names.values())}
    return {key: found[name] for key, name in names.items() if name in found}
