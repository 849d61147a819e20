"""Demo data for `make run`: the Xiaodian county housing department, users of the county, city and province
departments and of a property firm, the sample score sheets (labelled as samples), the 2026 cycle with firms of all
four kinds in every stage (a gap notice, an objection, a veto-item D among them) and two star applications.
Idempotent: keyed by names and usernames."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from gazette.accounts import roles
from gazette.orgs.choices import OrganisationType as T
from gazette.orgs.demo import DemoUser, organisations_by_key, users_create
from gazette.orgs.models import Organisation, Region

USERS = (
    DemoUser("cred_firm", "刘经理（山西示范物业服务有限公司）", "cred_firm", (roles.CLERK.code,)),
    DemoUser("cred_county", "郑核实（小店区住建局）", "cred_county", (roles.CLERK.code,)),
    DemoUser("cred_city", "冯评分（太原市住建局）", "housing_ty", (roles.CLERK.code, roles.APPROVER.code)),
    DemoUser("cred_province", "韩处长（省住建厅）", "housing_prov", (roles.APPROVER.code, roles.HEAD.code)),
)

# (name, kind, stage, indicator total, veto)
FIRMS = (
    ("山西示范物业服务有限公司", "property_service", "final", "88.50", False),
    ("太原晋阳房地产开发有限公司", "developer", "draft", None, False),
    ("小店区恒信房地产经纪有限公司", "brokerage", "submitted", None, False),
    ("山西汾河物业管理有限公司", "property_service", "awaiting_completion", None, False),
    ("山西诚正房地产估价有限公司", "appraisal", "verified", None, False),
    ("太原龙城置业有限公司", "developer", "province_review", "94.00", False),
    ("小店区安居房地产经纪有限公司", "brokerage", "ready", "78.00", False),
    ("山西康居物业服务有限公司", "property_service", "noticed", "80.00", False),
    ("山西鼎盛房地产估价有限公司", "appraisal", "rerated", "91.00", False),
    ("太原宏达房地产开发有限公司", "developer", "ready", "93.00", True),
)


def _orgs() -> dict[str, Organisation]:
    orgs = organisations_by_key()
    county, _ = Organisation.objects.update_or_create(
        name="太原市小店区住房和城乡建设局", defaults={
            "short_name": "小店区住建局", "type": T.HOUSING_DEPARTMENT, "region": Region.objects.get(code="140105"),
            "parent": orgs["housing_ty"], "document_prefix": "小建"})
    orgs["cred_county"] = county
    return orgs


def _close_notice(rating) -> None:
    """The demo's notice window is over: close it through the engine's own handler (as the sweep does)."""
    from django.contrib.contenttypes.models import ContentType

    from gazette.deadlines.models import Deadline
    from gazette.notices.models import PublicNotice
    from gazette.notices.services import notice_close_on_deadline

    from .services import rating_notice

    notice = rating_notice(rating)
    deadline = Deadline.objects.filter(content_type=ContentType.objects.get_for_model(PublicNotice),
                                       object_id=notice.pk).first()
    with transaction.atomic():
        notice_close_on_deadline(deadline)
        deadline.status = "met"
        deadline.save(update_fields=["status"])


def _walk(rating, stage: str, total: str | None, users: dict, sheet) -> None:
    from .samples import sample_points as points_for
    from .services import objection_decide, objection_submit, rating_act, scores_enter

    firm_user, county, city, province = users["cred_firm"], users["cred_county"], users["cred_city"], \
        users["cred_province"]

    def act(name, user, comment="", **data):
        rating_act(rating=rating, name=name, actor=user, comment=comment, data=data)
        rating.refresh_from_db()

    if stage == "draft":
        return
    from gazette.workflow.engine import transition_perform

    # Each demo firm submits through the engine (as the system: only the first firm has a demo account).
    if rating.enterprise.organisation_id == firm_user.organisation_id:
        act("submit", firm_user, declaration="2025年度经营情况、资质、主要人员（演示）", pledge=True)
    else:
        transition_perform(case=rating, name="submit", actor=None, system=True, comment="演示数据",
                           data={"declaration": "2025年度经营情况、资质、主要人员（演示）", "pledge": True})
        rating.refresh_from_db()
    if stage == "submitted":
        return
    if stage == "awaiting_completion":
        act("request_completion", county, gap_items="缺少物业服务合同备案证明、2025年度业主满意度调查表（一次性告知）")
        return
    act("verify", county, street_opinion="坞城街道办事处、社区：服务规范（演示）")
    if stage == "verified":
        return
    scores_enter(rating=rating, actor=city, points=points_for(sheet, Decimal(total)))
    act("initial_rating", city)
    if stage in ("province_review", "ready"):
        return
    if rating.state == "province_review":
        act("review", province)
    act("publish_notice", province)
    if stage == "noticed":
        objection_submit(rating=rating, objector="业主代表（演示）", contact="", content="该企业2025年物业费公示不及时")
        return
    if stage == "rerated":
        objection = objection_submit(rating=rating, objector="某估价委托人（演示）", content="估价报告曾被退回")
        objection_decide(objection=objection, outcome="upheld", handling="经查证属实（演示）", actor=city)
        scores_enter(rating=rating, actor=city, points=points_for(sheet, Decimal(total) - Decimal("4")))
        act("rerate", city, comment="依查证属实的异议重新评定")
        return
    _close_notice(rating)      # no objection: the engine finalises it
    rating.refresh_from_db()


def load(stdout=None) -> list[tuple[str, str, str, str]]:
    from .models import CreditCycle, Enterprise, Rating, StarApplication
    from .samples import sample_sheets_ensure
    from .services import EnterpriseInput, RecordInput, StarInput, enterprise_register, rating_start, record_add

    base = organisations_by_key()
    if "housing_ty" not in base or "housing_prov" not in base:
        return []
    orgs = _orgs()
    sheets = {s.kind: s for s in sample_sheets_ensure()}
    cycle, _ = CreditCycle.objects.get_or_create(year=2026, defaults={
        "notice_date": date(2026, 2, 2), "submission_opens": date(2026, 2, 11), "submission_closes": date(2026, 2, 20),
        "city_report_by": date(2026, 3, 20), "notice_opens": date(2026, 4, 1), "final_by": date(2026, 4, 30)})
    xiaodian = Region.objects.get(code="140105")
    for n, (name, kind, _stage, _total, _veto) in enumerate(FIRMS, start=1):
        enterprise = Enterprise.objects.filter(organisation__name=name).first()
        if enterprise is None:
            enterprise = enterprise_register(data=EnterpriseInput(
                name=name, kind=kind, credit_code=f"91140105DEMO{n:06d}", registration_region=xiaodian,
                legal_representative="演示法定代表人", qualification="二级（演示）",
                last_activity_on=date(2025, 11, 1)))
        if n == 1:
            orgs["cred_firm"] = enterprise.organisation
    rows = users_create(USERS, orgs)
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.filter(username__in=[u.username for u in USERS])}
    for name, _kind, stage, total, veto in FIRMS:
        enterprise = Enterprise.objects.get(organisation__name=name)
        if Rating.objects.filter(enterprise=enterprise, cycle=cycle).exists():
            continue
        if veto:
            from django.core.files.base import ContentFile

            record_add(enterprise=enterprise, actor=users["cred_county"], data=RecordInput(
                category="dishonest_list", title="被列入“信用山西”失信惩戒对象（演示）", occurred_on=date(2025, 9, 1),
                source="信用山西公示（演示）", evidence=ContentFile(b"%PDF-1.4 demo", name="失信名单截图.pdf"),
                points=Decimal("0")))
        rating = rating_start(enterprise=enterprise, cycle=cycle, actor=None)
        _walk(rating, stage, total, users, sheets[enterprise.kind])
    firm = Enterprise.objects.get(organisation__name=FIRMS[0][0])
    if not StarApplication.objects.filter(enterprise=firm).exists():
        from .services import star_apply
        from .star.workflow import STAR_WORKFLOW  # noqa: F401  (registered in ready())

        street = base.get("street_xd")
        for project, score in (("坞城花园", None), ("长风小区", Decimal("83"))):
            app = star_apply(enterprise=firm, actor=users["cred_firm"], data=StarInput(
                project_name=project, project_region=xiaodian, street_office=street,
                street_consent_on=date(2026, 10, 15), service_since=date(2022, 3, 1), filed_with_county=True,
                occupancy_percent=Decimal("86.50"), delivered_on=date(2019, 6, 1)))
            if score is not None:
                from .services import rating_act as act

                act(rating=app, name="county_rate", actor=users["cred_county"], data={"score": Decimal("78")})
                app.refresh_from_db()
                act(rating=app, name="city_rate", actor=users["cred_city"], data={"score": score})
    if stdout is not None:
        stdout.write("credit: 演示信用评价与星级评价已就绪")
    return rows
