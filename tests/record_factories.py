"""One factory per registered workflow: an object of its model, in its initial state, owned by ``organisation``.
The engine-owned tests (tests/workflow/test_registered_workflows.py) build every app's records through these; a
workflow registered without a factory here fails those tests, so a new app gets them by adding one function."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from gazette.orgs.choices import OrganisationType as T
from tests.factories import OrganisationFactory, region

Factory = Callable[[], Any]
FACTORIES: dict[str, Factory] = {}


def record_factory(name: str) -> Callable[[Factory], Factory]:
    def register(fn: Factory) -> Factory:
        FACTORIES[name] = fn
        return fn
    return register


@record_factory("workflow_app.permit")
def permit() -> Any:
    from decimal import Decimal

    from gazette.workflow.engine import case_create
    from tests.workflow_app.models import Permit

    office = OrganisationFactory(name="小店区测试办", region=region("140105"))
    return case_create(model=Permit, actor=None, reference_date=date(2026, 11, 2), region=office.region,
                       organisation=office, fields={"applicant": "张三", "amount": Decimal("1000.00")})


@record_factory("fund.application")
def fund_application() -> Any:
    from fund.models import Application
    from gazette.workflow.engine import case_create

    manager = OrganisationFactory(name="救助基金管理人（测试）", type=T.FUND_MANAGER, region=region("140000"))
    hospital = OrganisationFactory(name="测试医院", type=T.HOSPITAL, region=region("140105"))
    accident = timezone.now() - timedelta(days=2)
    return case_create(model=Application, actor=None, reference_date=timezone.localdate(accident),
                       region=region("140105"), organisation=manager, fields={
                           "kind": "treatment", "applicant_type": "hospital", "applicant_name": hospital.name,
                           "accident_at": accident, "accident_place": "小店区长风街", "insurance_status": "uninsured",
                           "hospital": hospital})


@record_factory("collection.clue")
def collection_clue() -> Any:
    from collection.services import ClueInput, clue_register

    lead = OrganisationFactory(name="小店区处非办（测试）", type=T.FUNDRAISING_LEAD, region=region("140105"))
    return clue_register(actor=None, organisation=lead, data=ClueInput(
        source="public_report", subject_name="某某财富公司", description="承诺年化18%回报吸收资金",
        subject_region=region("140105")))


@record_factory("fund.recovery")
def fund_recovery() -> Any:
    from fund.services import recovery_open

    application = fund_application()
    return recovery_open(application=application, at=timezone.now())


@record_factory("fund.writeoff")
def fund_write_off() -> Any:
    from fund.models import WriteOff
    from gazette.workflow.engine import record_create

    return record_create(model=WriteOff, actor=None, fields={"recovery": fund_recovery(),
                                                             "ground": "liable_party_gone"})


@record_factory("fund.fundreport")
def fund_report() -> Any:
    from fund.models import FundReport
    from gazette.workflow.engine import record_create

    manager = OrganisationFactory(name="救助基金管理人（报告）", type=T.FUND_MANAGER, region=region("140000"))
    return record_create(model=FundReport, actor=None, fields={
        "reference": f"FUND-RPT-TEST-{FundReport.objects.count() + 1}", "organisation": manager,
        "kind": "quarterly", "period": f"2026Q{FundReport.objects.count() % 4 + 1}"})


@record_factory("fund.fundobligation")
def fund_obligation() -> Any:
    from fund.models import FundObligation
    from gazette.workflow.engine import record_create

    insurer = OrganisationFactory(name="某保险公司（测试）", type=T.INSURER, region=region("140000"))
    return record_create(model=FundObligation, actor=None, fields={
        "reference": f"FUND-OB-TEST-{insurer.pk}", "organisation": insurer, "kind": "levy_transfer",
        "period": "2026Q3"})


def _investigating_clue() -> Any:
    """A clue under investigation at a Xiaodian lead department (opened by its approver)."""
    from django.contrib.auth.models import Group

    from collection.services import ClueInput, clue_act, clue_register, lead_department_for_region
    from tests.factories import UserFactory

    # The competent lead department of the subject's county (COLL-A33/A34): an existing one, or a new one.
    lead = lead_department_for_region(region("140105")) or OrganisationFactory(
        name="小店区处非办（措施测试）", type=T.FUNDRAISING_LEAD, region=region("140105"))
    clerk, approver = UserFactory(organisation=lead), UserFactory(organisation=lead)
    clerk.groups.add(Group.objects.get_or_create(name="clerk")[0])
    approver.groups.add(Group.objects.get_or_create(name="approver")[0])
    clue = clue_register(actor=clerk, organisation=lead, data=ClueInput(
        source="public_report", subject_name="某某财富公司", description="承诺年化18%回报吸收资金",
        subject_region=region("140105")))
    clue_act(clue=clue, name="verify_start", actor=clerk)
    clue_act(clue=clue, name="apply_disposal", actor=clerk,
             data={"fundraising_type": "promised_return", "verification_summary": "基本属实"})
    clue.refresh_from_db()
    clue_act(clue=clue, name="open", actor=approver)
    clue.refresh_from_db()
    return clue, clerk


@record_factory("collection.measure")
def collection_measure() -> Any:
    """An account query awaiting the head's approval (COLL-A36 第四项)."""
    from collection.services import measure_request

    clue, clerk = _investigating_clue()
    return measure_request(clue=clue, actor=clerk, kind="account_query", target="6222020200112233445",
                           reason="核查资金流向")


@record_factory("collection.riskreport")
def collection_risk_report() -> Any:
    """This quarter's COLL-A23 report of a Xiaodian sector regulator."""
    from collection.models import RiskReport
    from collection.prevention.services import risk_reports_ensure

    regulator = OrganisationFactory(name="小店区金融监管（报告测试）", type=T.SECTOR_REGULATOR, region=region("140105"))
    risk_reports_ensure(on=timezone.localdate())
    return RiskReport.objects.get(organisation=regulator)


@record_factory("collection.supervisionaction")
def collection_supervision() -> Any:
    """A 15-day rectification order of a Xiaodian lead department (COLL-A27)."""
    from collection.prevention.services import supervision_issue
    from tests.factories import UserFactory

    lead = OrganisationFactory(name="小店区处非办（整改测试）", type=T.FUNDRAISING_LEAD, region=region("140105"))
    return supervision_issue(actor=UserFactory(organisation=lead), kind="rectification", target_name="某理财公司",
                             content="名称含“理财”字样，限期变更", days=15)


def _credit_setup() -> Any:
    """Housing departments of Xiaodian / Taiyuan / the province, the sample sheets, the 2026 cycle and a new
    property firm registered in Xiaodian (CRED-A4)."""
    from datetime import date

    from credit.models import CreditCycle, Enterprise
    from credit.samples import sample_sheets_ensure
    from credit.services import EnterpriseInput, enterprise_register
    from gazette.orgs.models import Organisation

    def dept(name, code, parent=None):
        return Organisation.objects.filter(type=T.HOUSING_DEPARTMENT, region_id=code).order_by("id").first() or \
            OrganisationFactory(name=name, type=T.HOUSING_DEPARTMENT, region=region(code), parent=parent)

    prov = dept("省住建厅（信用测试）", "140000")
    city = dept("太原市住建局（信用测试）", "140100", prov)
    dept("小店区住建局（信用测试）", "140105", city)
    sample_sheets_ensure()
    cycle = CreditCycle.objects.get_or_create(year=2026, defaults={
        "notice_date": date(2026, 2, 2), "submission_opens": date(2026, 2, 11),
        "submission_closes": date(2026, 2, 20), "city_report_by": date(2026, 3, 20),
        "notice_opens": date(2026, 4, 1), "final_by": date(2026, 4, 30)})[0]
    n = Enterprise.objects.count() + 1
    enterprise = enterprise_register(data=EnterpriseInput(
        name=f"测试物业服务企业（工厂{n}）", kind="property_service", credit_code=f"91140105FA{n:08d}",
        registration_region=region("140105"), legal_representative="张三", last_activity_on=date(2025, 6, 1)))
    return enterprise, cycle


@record_factory("credit.rating")
def credit_rating() -> Any:
    from credit.services import rating_start

    enterprise, cycle = _credit_setup()
    return rating_start(enterprise=enterprise, cycle=cycle, actor=None, declaration="申报", pledge=True)


@record_factory("credit.starapplication")
def credit_star_application() -> Any:
    from datetime import date
    from decimal import Decimal

    from credit.models import StarApplication
    from credit.services import departments_for
    from gazette.workflow.engine import case_create

    enterprise, _cycle = _credit_setup()
    county, city, _province = departments_for(region("140105"))
    street = OrganisationFactory(name=f"坞城街道办（星级测试{enterprise.pk}）", type=T.STREET_OFFICE,
                                 region=region("140105"))
    return case_create(model=StarApplication, actor=None, reference_date=date(2026, 11, 2), region=region("140105"),
                       organisation=county, fields={
                           "enterprise": enterprise, "project_name": "坞城花园", "county_department": county,
                           "city_department": city, "street_office": street, "street_consent_on": date(2026, 10, 1),
                           "service_since": date(2023, 1, 1), "filed_with_county": True,
                           "occupancy_percent": Decimal("80"), "delivered_on": date(2020, 1, 1), "last_grade": "B",
                           "round_year": 2026})
# --- Tailings (尾矿库) --------------------------------------------------------------------------------------------
def _tailings_facility(suffix: str):
    from tests.tailings.factories import facility_make, tailings_orgs

    orgs = tailings_orgs(suffix=suffix)
    return facility_make(operator=orgs["operator"], supervisor=orgs["county"], name=f"娄烦示范尾矿库{suffix}")


@record_factory("tailings.facility")
def tailings_facility() -> Any:
    """A compliant grade-4 facility project of a 娄烦县 operator, supervised by the county department."""
    return _tailings_facility("（工厂）")


@record_factory("tailings.alarm")
def tailings_alarm() -> Any:
    """An open red alarm on a phreatic-line station of an operating facility."""
    from tailings.models import Station
    from tailings.monitoring import _alarm_open
    from tests.tailings.factories import to_operating

    facility = to_operating(_tailings_facility("（报警工厂）"))
    station = Station.objects.create(facility=facility, code="JR-01", quantity="phreatic_depth", unit="m")
    return _alarm_open(station_id=station.pk, kind="limit", level="red", value=3.2, at=timezone.now(),
                       threshold=4.0, escalate_hours=1)


@record_factory("tailings.hiddendanger")
def tailings_danger() -> Any:
    """A hidden danger registered on a facility (第二十七条)."""
    from tailings.supervision import danger_register

    return danger_register(facility=_tailings_facility("（隐患工厂）"), actor=None, source="inspection",
                           description="排洪井井壁裂缝", found_on=timezone.localdate())


@record_factory("tailings.publicreport")
def tailings_public_report() -> Any:
    """A public report (第六条) received by the 娄烦县 department."""
    from tailings.supervision import public_report_submit
    from tests.tailings.factories import tailings_orgs

    tailings_orgs(suffix="（举报工厂）")
    return public_report_submit(region=region("140123"), facility_text="某选矿厂", content="夜间向沟谷偷排尾矿")
def _property_area(office=None):
    """A Xiaodian residential area of 60 owners under a street office (191号)."""
    from decimal import Decimal

    from property.models import Area
    from property.services import AreaInput, area_create, owners_import

    if office is None:
        from gazette.orgs.models import Organisation

        n = Organisation.objects.filter(name__startswith="坞城街道办事处（测试").count() + 1
        office = OrganisationFactory(name=f"坞城街道办事处（测试{n}）", type=T.STREET_OFFICE, region=region("140105"),
                                     document_prefix="坞城街")
    area = area_create(actor=None, street_office=office, data=AreaInput(
        name=f"测试小区{office.pk}-{Area.objects.filter(street_office=office).count() + 1}",
        total_area=Decimal("50000.00"), delivered_area=Decimal("20000.00"),
        delivery_started=True))
    owners_import(area=area, actor=None, rows=[
        {"房号": f"1-{i:03d}", "专有部分面积": "90", "业主姓名": f"业主{i}", "手机号码": f"139{i:08d}"}
        for i in range(1, 61)])
    return area


@record_factory("property.committee")
def property_committee(office=None) -> Any:
    """A committee whose formation announcement is posted (PROP-A7)."""
    from property.services import FormationInput, committee_form

    return committee_form(actor=None, area=_property_area(office), data=FormationInput(
        trigger="delivery_under_half", requirements="热心公益", registration="到居委会报名",
        places=["东门公告栏", "3号楼单元门"], days=7))


def property_running_committee(office=None) -> Any:
    """A filed committee of 7 (4 owner representatives), running (PROP-A13)."""
    from django.contrib.auth.models import Group

    from gazette.deadlines.models import Deadline
    from gazette.notices.services import notice_close_on_deadline
    from gazette.workflow.actions import action_perform
    from property.selectors import committee_notices
    from property.services import MemberInput, NominationInput, member_add, nomination_record
    from tests.factories import UserFactory

    committee = property_committee(office)
    clerk = UserFactory(organisation=committee.organisation)
    clerk.groups.add(Group.objects.get_or_create(name="clerk")[0])

    def close():
        for notice in committee_notices(committee).filter(status="open"):
            notice.ends_at = timezone.now() - timedelta(seconds=1)
            notice.save(update_fields=["ends_at"])
            notice_close_on_deadline(Deadline.objects.get(object_id=notice.pk, kind=f"notice-{notice.pk}"))
        committee.refresh_from_db()

    close()
    for i in range(3):
        member_add(committee=committee, actor=None, data=MemberInput(
            kind="two_committees", name=f"社区成员{i}", is_party_member=True, pledge_signed=True,
            role="director" if i == 0 else "member"))
    for i in range(4):
        nomination = nomination_record(committee=committee, actor=None, data=NominationInput(
            nominee_unit=f"1-{i + 1:03d}", backer_units=[f"1-{n:03d}" for n in range(5 + 10 * i, 15 + 10 * i)],
            consent_signed=True))
        member_add(committee=committee, actor=None, data=MemberInput(
            kind="owner", nomination=nomination, pledge_signed=True, role="deputy" if i == 0 else "member"))
    action_perform(obj=committee, name="fix_candidates", actor=clerk, data={"places": ["东门", "西门"], "days": 7})
    committee.refresh_from_db()
    close()
    housing = OrganisationFactory(name=f"小店区住建局（测试{committee.pk}）", type=T.HOUSING_DEPARTMENT,
                                  region=region("140105"))
    action_perform(obj=committee, name="file", actor=clerk, data={"county_department": housing})
    committee.refresh_from_db()
    return committee


@record_factory("property.meeting")
def property_meeting(office=None, present: int = 7) -> Any:
    """A regular meeting of a running committee, everyone present and signing (PROP-A15)."""
    from property.services import MeetingInput, meeting_record

    committee = property_running_committee(office)
    members = list(committee.members.filter(status="active").order_by("id"))
    return meeting_record(committee=committee, actor=None, data=MeetingInput(
        kind="regular", held_on=timezone.localdate(), subject="物业服务巡查", decision="委托物业服务人修复2号楼路灯",
        attendance={m.pk: "present" if i < present else "absent" for i, m in enumerate(members)},
        signed={m.pk for i, m in enumerate(members) if i < present}))
