"""Objects for the authorisation matrix (tests/reliability/test_authz_matrix.py).

The matrix walks the URL configuration and tries every route as every role, and as an outsider from another
city, against an object owned by an organisation in Taiyuan's Xiaodian district. A route with URL arguments
(``<int:pk>``, DRF's ``(?P<pk>…)``) needs an object to point at: register here which object, made by which
factory. An unregistered object route FAILS the matrix, so no new endpoint escapes it.

To register an app's routes, add an :class:`ObjectRoutes` entry::

    ObjectRoutes(
        routes=("fund:application-*", "fund-api:application-*"),   # fnmatch on "namespace:name"
        factory=lambda org, actor: application_factory(organisation=org, ...),
        kwargs={"name": "approve"},            # values for arguments that are not the object's id
    )

``factory(organisation, actor)`` returns the object owned by ``organisation`` (``actor`` is a clerk there).
Arguments named ``pk``, ``id``, ``object_id`` or ending in ``_id``/``_pk`` get the object's pk unless ``kwargs``
names them; a ``kwargs`` value may be a function of the object (``{"hit_pk": lambda upload: upload.hits.first().pk}``).
``marker(obj)`` (default: its ``reference``) is text that must not appear in any page an outsider can open.

``organisation_type`` is the kind of organisation that owns such objects (a hospital, a lead department against
illegal fundraising). The matrix gives the inside organisation that type while the factory runs, and gives it,
and the outsider's organisation, the type of the route under test while the route is tried: the outsider is then
the same kind of organisation with every role, only in another city. Without it both are of type "other".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fnmatch import fnmatch
from typing import Any


@dataclass(frozen=True)
class ObjectRoutes:
    routes: tuple[str, ...]
    factory: Callable[[Any, Any], Any]
    kwargs: dict[str, Any] = field(default_factory=dict)
    marker: Callable[[Any], str] = lambda obj: str(obj.reference)
    organisation_type: str = "other"

    def matches(self, name: str) -> bool:
        return any(fnmatch(name, pattern) for pattern in self.routes)


def _permit(organisation, actor):
    from gazette.workflow.engine import case_create
    from tests.workflow_app.models import Permit

    return case_create(
        model=Permit, actor=actor, reference_date=date(2026, 11, 2), region=organisation.region,
        organisation=organisation, fields={"applicant": "授权矩阵申请人", "amount": Decimal("1000.00")},
    )


# --- Fund (road-traffic accident social assistance fund) ----------------------------------------------------------
def _fund_reference_data():
    """The engine's demo organisations (fund offices, the provincial fund manager, hospitals, police) without their
    users, plus the insurance limits and average wage the fund's rules read (as tests/fund/conftest.py)."""
    from django.utils import timezone

    from fund.models import AverageWage, CompulsoryInsuranceLimit
    from gazette.orgs.demo import ORGS
    from gazette.orgs.models import Organisation, Region

    by_key: dict = {}
    for spec in ORGS:
        by_key[spec.key], _ = Organisation.objects.update_or_create(name=spec.name, defaults={
            "short_name": spec.short, "type": spec.type, "region": Region.objects.get(code=spec.region),
            "parent": by_key.get(spec.parent), "document_prefix": spec.prefix})
    if not CompulsoryInsuranceLimit.objects.exists():
        from importlib import import_module

        from django.apps import apps

        import_module("fund.migrations.0002_insurance_limits").load(apps, None)
    AverageWage.objects.get_or_create(year=timezone.localdate().year - 1,
                                      defaults={"monthly_amount": Decimal("7200.00")})


def _member(organisation, role: str):
    """A user of ``organisation`` holding ``role`` (a factory's helper; the matrix's insiders are separate)."""
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(organisation=organisation)
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def _application(organisation, actor):
    """A treatment-cost advance requested by ``organisation`` (a hospital) for an accident in Xiaodian (140105):
    the Xiaodian fund office approves it, the provincial fund manager handles it."""
    from datetime import timedelta

    from django.utils import timezone

    from fund.services import application_submit

    _fund_reference_data()
    now = timezone.now()
    return application_submit(actor=actor, data={
        "kind": "treatment", "applicant_type": "hospital", "accident_at": now - timedelta(days=3),
        "accident_place": "小店区长治路与南中环交叉口（授权矩阵）", "region": "140105",
        "insurance_status": "uninsured", "casualties": 1, "deaths": 0, "victim_name": "矩阵受害人",
        "victim_id_number": "11010519491231002X", "treatment_started_at": now - timedelta(days=3, hours=-1),
        "first7_amount": "15000.00", "post7_amount": "0.00", "bank_account": "6222020200112233445",
        "bank_account_name": organisation.name,
    })


def _attachment(organisation, actor):
    """A PDF uploaded by the hospital on its own application (the documents engine's attachment)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gazette.documents.services import attachment_add

    application = _application(organisation, actor)
    return attachment_add(case=application, actor=_member(organisation, "hospital"), uploaded_file=SimpleUploadedFile(
        f"矩阵附件-{application.reference}.pdf", b"%PDF-1.4\n% authz matrix attachment\n%%EOF\n", "application/pdf"))


def _recovery(organisation, actor):
    """The recovery (追偿, 第三十一条) of an advance for an accident in Xiaodian, handed over by the provincial fund
    manager to ``organisation`` (the recovery trustee) as its ``hand_over`` step does after 12 months. The advance is
    requested by the demo hospital; the recovery is opened as paying it opens it (``recovery_open``)."""
    from django.utils import timezone

    from fund.services import recovery_open
    from gazette.orgs.demo import organisations_by_key
    from gazette.workflow.actions import action_perform

    _fund_reference_data()
    demo = organisations_by_key()
    application = _application(demo["hosp_1"], _member(demo["hosp_1"], "hospital"))
    recovery = recovery_open(application=application, at=timezone.now())
    return action_perform(obj=recovery, name="hand_over", actor=_member(demo["fund_manager"], "clerk"),
                          data={"trustee": organisation}).case


def _fund_report(organisation, actor):
    """A quarterly report (第四十二条) owed by ``organisation`` (a fund manager), not yet submitted. Made directly:
    ``report_schedule_quarterly`` files it under the first fund manager of the database, the demo one."""
    from fund.choices import ReportKind
    from fund.models import FundReport

    return FundReport.objects.create(reference=f"FUND-RPT-MX-{organisation.pk}", organisation=organisation,
                                     kind=ReportKind.QUARTERLY, period="2026Q3")


def _obligation(organisation, actor):
    """The levy transfer (第十五条) a Xiaodian insurer owes the fund for 2026Q3, made by the quarter's scheduler; the
    fund manager ``organisation`` (a Xiaodian one in the matrix) records it as fulfilled or reminded."""
    from fund.services import obligations_schedule_quarter
    from gazette.orgs.choices import OrganisationType
    from gazette.orgs.models import Organisation

    insurer = Organisation.objects.get_or_create(name="小店区矩阵保险公司", defaults={
        "short_name": "矩阵保险", "type": OrganisationType.INSURER, "region": organisation.region})[0]
    return next(o for o in obligations_schedule_quarter(year=2026, quarter=3) if o.organisation_id == insurer.pk)


# --- Collection (illegal fundraising) ----------------------------------------------------------------------------
def _xiaodian_member(lead):
    from gazette.orgs.choices import OrganisationType
    from gazette.orgs.models import Organisation

    return Organisation.objects.get_or_create(name="小店区矩阵成员单位", defaults={
        "short_name": "矩阵成员单位", "type": OrganisationType.FUNDRAISING_MEMBER, "region": lead.region,
        "parent": lead})[0]


def _clue(organisation, actor):
    """A clue registered by a Xiaodian member unit, taken on by ``organisation`` (Xiaodian's lead department):
    under investigation, with a measure requested (the measure routes point at it)."""
    from django.utils import timezone

    from collection.services import ClueInput, clue_act, clue_register, measure_request

    member = _xiaodian_member(organisation)
    member_clerk = _member(member, "clerk")
    clue = clue_register(actor=member_clerk, organisation=member, data=ClueInput(
        source="public_report", subject_name=f"矩阵财富公司{timezone.now():%H%M%S%f}",
        description="承诺年化18%回报吸收资金（授权矩阵）", subject_region=organisation.region,
        reporter_name="矩阵举报人", reporter_phone="13800000000"))
    clue_act(clue=clue, name="verify_start", actor=member_clerk, comment="", data={})
    clue_act(clue=clue, name="apply_disposal", actor=member_clerk, comment="",
             data={"fundraising_type": "promised_return", "verification_summary": "基本属实"})
    clue.refresh_from_db()
    clue_act(clue=clue, name="open", actor=_member(organisation, "approver"), comment="", data={})
    clue.refresh_from_db()
    measure_request(clue=clue, actor=actor, kind="account_query", target="6222020200112233445", reason="核查资金流向")
    return clue


def _measure(organisation, actor):
    """The account query requested on such a clue (awaiting the head's approval)."""
    return _clue(organisation, actor).measures.get()


def _supervision(organisation, actor):
    """A rectification order made by ``organisation`` (COLL-A27), its 15-day clock running."""
    from collection.prevention.services import supervision_issue

    return supervision_issue(actor=actor, kind="rectification", target_name="矩阵整改对象公司",
                             content="名称含“理财”字样，限期变更（授权矩阵）", days=15)


def _generated_document(organisation, actor):
    """The open decision (启动处置程序决定书) of such a clue, rendered to PDF by the documents engine."""
    from collection.documents import clue_document_generate

    clue = _clue(organisation, actor)
    return clue_document_generate(clue=clue, kind="open_decision", request_key=f"matrix-{clue.pk}", actor=actor)


def _upload(organisation, actor):
    """A transactions file uploaded by ``organisation`` and processed (as the worker would): it has hits."""
    from django.core.files.base import ContentFile

    from collection.monitoring_services import upload_create
    from collection.tasks import monitoring_upload_process
    from tests.collection.txgen import generate

    upload = upload_create(actor=actor, kind="transactions",
                           file=ContentFile(generate(200), name=f"矩阵监测流水-{actor.pk}.csv"))
    monitoring_upload_process(upload.pk)
    upload.refresh_from_db()
    assert upload.hits.exists(), upload.error_message
    return upload


def _risk_report(organisation, actor):
    """The quarter's risk-screening report (COLL-A23) of a Xiaodian member unit, addressed to ``organisation``."""
    from django.utils import timezone

    from collection.models import RiskReport
    from collection.prevention.services import risk_reports_ensure

    member = _xiaodian_member(organisation)
    risk_reports_ensure(on=timezone.localdate())
    return RiskReport.objects.get(organisation=member)


def _notification(org, actor):
    """A message to ``org`` (the inbox's 消息): only its organisation's members open it."""
    from gazette.notifications.models import Notification

    n = Notification.objects.count() + 1
    return Notification.objects.create(kind="info", title=f"授权测试消息{n}", organisation=org, url="/inbox/",
                                       reference=f"NOTE-AUTHZ-{n}")


FUND_OWNER = "hospital"            # the hospital that asked for the advance
# A recovery: the manager, the joint meeting and finance see every recovery (provincial bodies, one of each); the
# trustee sees only the recoveries handed over to it. The trustee is the owner whose reach is per object, so the
# outsider (a trustee in Datong) must get a 404 on a recovery handed to the Xiaodian trustee.
RECOVERY_OWNER = "recovery_trustee"
# Reports and obligations are acted on only by the fund manager's clerks. The fund manager is a single provincial
# organisation whose region is the province: it reaches every duty in the province. The outsider is then a fund
# manager registered for another region (Datong), which does not contain the duty's organisation (the Xiaodian
# manager that owes the report, the Xiaodian insurer that owes the transfer), so it must get a 404
# (fund.permissions._duties_in_reach). Nothing is relaxed: the insider is a manager whose region holds the duty.
LEDGER_OWNER = "fund_manager"
COLLECTION_OWNER = "fundraising_lead"  # the lead department whose region the case lies in


# --- Property management committees (191号) ------------------------------------------------------------------------
PROPERTY_OWNER = "street_office"  # the street office that forms and runs the committee


def _property_committee(organisation, actor):
    from tests.record_factories import property_committee

    return property_committee(organisation)


def _property_meeting(organisation, actor):
    from tests.record_factories import property_meeting

    return property_meeting(organisation)


PROPERTY_ROUTES = (
    ObjectRoutes(routes=("property:area_detail", "property:area_import"),
                 factory=lambda organisation, actor: _property_committee(organisation, actor).area,
                 marker=lambda area: area.owners.order_by("id").first().phone, organisation_type=PROPERTY_OWNER),
    ObjectRoutes(routes=("property:committee_detail", "property:committee_action", "property:nomination_add",
                         "property:member_add", "property:member_withdraw", "property:objection_answer",
                         "property:objection_add",
                         "property:meeting_new", "property:committee_export", "property-api:committee-*"),
                 factory=_property_committee, organisation_type=PROPERTY_OWNER,
                 kwargs={"action": "fix-candidates", "what": "members"}),
    ObjectRoutes(routes=("property:meeting_detail", "property:meeting_action", "property-api:meeting-*"),
                 factory=_property_meeting, organisation_type=PROPERTY_OWNER, kwargs={"action": "adopt"}),
)

OBJECT_ROUTES: list[ObjectRoutes] = [
    ObjectRoutes(routes=("workflow_app:permit-*", "workflow_app-api:permit-*"), factory=_permit,
                 kwargs={"name": "submit", "transition": "submit"}),
    ObjectRoutes(routes=("fund:application_detail", "fund:application_reveal", "fund:application_upload",
                         "fund:application_determination", "fund:application_advance_adjust", "fund:application_action",
                         "fund-api:application-*"),
                 factory=_application, kwargs={"name": "start-review"}, organisation_type=FUND_OWNER),
    ObjectRoutes(routes=("fund:recovery_detail", "fund:recovery_action", "fund-api:recovery-*"), factory=_recovery,
                 kwargs={"name": "collection"}, organisation_type=RECOVERY_OWNER),
    ObjectRoutes(routes=("fund:report_action", "fund-api:report-*"), factory=_fund_report,
                 organisation_type=LEDGER_OWNER),
    ObjectRoutes(routes=("fund:obligation_action", "fund-api:obligation-*"), factory=_obligation,
                 organisation_type=LEDGER_OWNER),
    ObjectRoutes(routes=("notifications:open",), factory=_notification),
    ObjectRoutes(routes=("documents:attachment-download",), factory=_attachment,
                 marker=lambda attachment: attachment.original_name, organisation_type=FUND_OWNER),
    ObjectRoutes(routes=("collection:clue_detail", "collection:clue_action", "collection:team_add",
                         "collection:evidence_add", "collection:evidence_verify",
                         "collection:measure_add", "collection:participants_*", "collection:asset_add",
                         "collection:refund_add", "collection:reward_record", "collection:police_feedback",
                         "collection-api:clue-*"),
                 factory=_clue, organisation_type=COLLECTION_OWNER,
                 kwargs={"name": "verify_start", "action": "verify-start"},
                 marker=lambda clue: clue.subject_name),
    ObjectRoutes(routes=("collection:measure_detail", "collection:measure_action", "collection-api:measure-*"),
                 factory=_measure, organisation_type=COLLECTION_OWNER, kwargs={"action": "approve"}),
    ObjectRoutes(routes=("documents:document-download",), factory=_generated_document,
                 marker=lambda document: document.sha256, organisation_type=COLLECTION_OWNER),
    ObjectRoutes(routes=("collection:upload_detail", "collection:upload_progress", "collection:hit_to_clue"),
                 factory=_upload,
                 kwargs={"hit_pk": lambda upload: upload.hits.first().pk},
                 marker=lambda upload: upload.original_name, organisation_type=COLLECTION_OWNER),
    ObjectRoutes(routes=("collection:report_detail", "collection:report_action", "collection-api:riskreport-*"),
                 factory=_risk_report, organisation_type=COLLECTION_OWNER, kwargs={"action": "submit"}),
    ObjectRoutes(routes=("collection:supervision_detail", "collection:supervision_action",
                         "collection-api:supervisionaction-*"),
                 factory=_supervision, organisation_type=COLLECTION_OWNER, kwargs={"action": "complete"}),
    *PROPERTY_ROUTES,
]


# --- Tailings (尾矿库) --------------------------------------------------------------------------------------------
TAILINGS_OWNER = "enterprise"   # the operator (生产经营单位) whose facility it is


def _tailings_facility(organisation, actor):
    from gazette.orgs.choices import OrganisationType
    from gazette.orgs.models import Organisation
    from tests.tailings.factories import facility_make

    department, _ = Organisation.objects.get_or_create(
        name=f"{organisation.name}应急管理局（矩阵）",
        defaults={"type": OrganisationType.EMERGENCY_MANAGEMENT, "region": organisation.region})
    return facility_make(operator=organisation, supervisor=department, name=f"{organisation.name}尾矿库（矩阵）")


def _tailings_supervised(organisation, actor):
    """A facility the organisation (an emergency-management department) supervises: 包保 pages are theirs."""
    from gazette.orgs.choices import OrganisationType
    from gazette.orgs.models import Organisation
    from tests.tailings.factories import facility_make

    operator, _ = Organisation.objects.get_or_create(
        name=f"{organisation.name}矿业（矩阵）", defaults={"type": OrganisationType.ENTERPRISE,
                                                       "region": organisation.region})
    return facility_make(operator=operator, supervisor=organisation, name=f"{organisation.name}包保尾矿库（矩阵）")


def _tailings_alarm(organisation, actor):
    from django.utils import timezone

    from tailings.models import Station
    from tailings.monitoring import _alarm_open

    facility = _tailings_facility(organisation, actor)
    station = Station.objects.create(facility=facility, code="JR-01", quantity="phreatic_depth", unit="m")
    return _alarm_open(station_id=station.pk, kind="limit", level="red", value=3.0, at=timezone.now(),
                       threshold=4.0, escalate_hours=1)


def _tailings_danger(organisation, actor):
    from django.utils import timezone

    from tailings.supervision import danger_register

    return danger_register(facility=_tailings_facility(organisation, actor), actor=actor, source="inspection",
                           description="矩阵隐患", found_on=timezone.localdate())


def _tailings_report(organisation, actor):
    from tailings.supervision import public_report_submit

    return public_report_submit(region=organisation.region, facility_text="矩阵尾矿库", content="矩阵举报")


OBJECT_ROUTES += [
    ObjectRoutes(routes=("tailings:facility_detail", "tailings:facility_review", "tailings:facility_elevation",
                         "tailings:facility_action", "tailings:danger_new", "tailings-api:facility-*"),
                 factory=_tailings_facility, organisation_type=TAILINGS_OWNER,
                 kwargs={"action": "submit-design"}),
    ObjectRoutes(routes=("tailings:official_new", "tailings:inspection_new"), factory=_tailings_supervised,
                 organisation_type="emergency_management"),
    ObjectRoutes(routes=("tailings:alarm_detail", "tailings:alarm_action", "tailings-api:alarm-*"),
                 factory=_tailings_alarm, organisation_type=TAILINGS_OWNER, kwargs={"action": "acknowledge"}),
    ObjectRoutes(routes=("tailings:danger_detail", "tailings:danger_action", "tailings-api:hiddendanger-*"),
                 factory=_tailings_danger, organisation_type=TAILINGS_OWNER, kwargs={"action": "order"}),
    ObjectRoutes(routes=("tailings:report_detail", "tailings:report_action", "tailings-api:publicreport-*"),
                 factory=_tailings_report, organisation_type="emergency_management", kwargs={"action": "handle"}),
]


def object_routes_for(name: str) -> ObjectRoutes | None:
    return next((entry for entry in OBJECT_ROUTES if entry.matches(name)), None)


# --- Credit (156号 / 159号) ---------------------------------------------------------------------------------------
CREDIT_OWNER = "housing_department"  # the county housing department that verifies (CRED-A4)


def _credit_firm(organisation):
    """A property firm registered in the inside (county) department's region, with a city and province above."""
    from credit.models import Enterprise
    from credit.samples import sample_sheets_ensure
    from credit.services import EnterpriseInput, enterprise_register
    from gazette.orgs.choices import OrganisationType as T
    from tests.factories import OrganisationFactory, region

    for name, code in (("太原市住建局（矩阵）", "140100"), ("省住建厅（矩阵）", "140000")):
        if not type(organisation).objects.filter(type=T.HOUSING_DEPARTMENT, region_id=code).exists():
            OrganisationFactory(name=name, type=T.HOUSING_DEPARTMENT, region=region(code))
    sample_sheets_ensure()
    n = Enterprise.objects.count() + 1
    return enterprise_register(data=EnterpriseInput(
        name=f"矩阵物业服务企业{n}", kind="property_service", credit_code=f"91140105AZ{n:08d}",
        registration_region=organisation.region, legal_representative="李四", last_activity_on=date(2025, 6, 1)))


def _credit_cycle():
    from credit.models import CreditCycle

    return CreditCycle.objects.get_or_create(year=2026, defaults={
        "notice_date": date(2026, 2, 2), "submission_opens": date(2026, 2, 11), "submission_closes": date(2026, 2, 20),
        "city_report_by": date(2026, 3, 20), "notice_opens": date(2026, 4, 1), "final_by": date(2026, 4, 30)})[0]


def _credit_rating(organisation, actor):
    from credit.models import Rating
    from credit.services import rating_start

    rating = rating_start(enterprise=_credit_firm(organisation), cycle=_credit_cycle(), actor=actor,
                          declaration="申报", pledge=True)
    Rating.objects.filter(pk=rating.pk).update(county_department=organisation, organisation=organisation)
    return Rating.objects.get(pk=rating.pk)


def _credit_noticed_rating(organisation, actor):
    """A rating on public notice with one pending objection (for the city's objection page)."""
    from credit.services import objection_submit, scores_enter
    from gazette.workflow.engine import transition_perform

    rating = _credit_rating(organisation, actor)
    transition_perform(case=rating, name="submit", actor=None, system=True, data={})
    transition_perform(case=rating, name="verify", actor=None, system=True, data={"street_opinion": "无意见"})
    rating.refresh_from_db()
    scores_enter(rating=rating, actor=None, points={i.code: i.max_points - 2 for i in rating.sheet.indicators.all()})
    for name in ("initial_rating", "publish_notice"):
        transition_perform(case=rating, name=name, actor=None, system=True, data={})
        rating.refresh_from_db()
    objection_submit(rating=rating, objector="矩阵异议人", content="异议")
    return rating


def _credit_record(organisation, actor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from credit.models import CreditRecord

    enterprise = _credit_firm(organisation)
    return CreditRecord.objects.create(
        enterprise=enterprise, polarity="bad", category="penalty", title="矩阵行政处罚记录",
        occurred_on=date(2025, 5, 1),
        source="小建罚〔2025〕9号", evidence=SimpleUploadedFile("处罚决定书.pdf", b"%PDF-1.4"), points=Decimal("2.00"),
        entered_by_organisation=organisation)


def _credit_star(organisation, actor):
    from credit.models import StarApplication
    from gazette.workflow.engine import case_create
    from tests.factories import OrganisationFactory

    enterprise = _credit_firm(organisation)
    street = OrganisationFactory(name=f"矩阵街道办{enterprise.pk}", type="street_office", region=organisation.region)
    city = type(organisation).objects.filter(type="housing_department", region_id="140100").first()
    return case_create(model=StarApplication, actor=actor, reference_date=date(2026, 11, 2),
                       region=organisation.region, organisation=organisation, fields={
                           "enterprise": enterprise, "project_name": "矩阵花园", "county_department": organisation,
                           "city_department": city, "street_office": street, "street_consent_on": date(2026, 10, 1),
                           "service_since": date(2023, 1, 1), "filed_with_county": True,
                           "occupancy_percent": Decimal("80"), "delivered_on": date(2020, 1, 1), "last_grade": "B",
                           "round_year": 2026})


OBJECT_ROUTES += [
    ObjectRoutes(routes=("credit:rating_detail", "credit:rating_scores", "credit:rating_action",
                         "credit-api:rating-*"), factory=_credit_rating, organisation_type=CREDIT_OWNER,
                 kwargs={"action": "request-completion"}),
    ObjectRoutes(routes=("credit:objection_decide",), factory=_credit_noticed_rating, organisation_type=CREDIT_OWNER,
                 kwargs={"objection_pk": lambda r: __import__("credit.services", fromlist=["x"]).rating_notice(r)
                         .objections.first().pk}),
    ObjectRoutes(routes=("credit:enterprise_detail", "credit-api:enterprise-*"),
                 factory=lambda org, actor: _credit_firm(org), organisation_type=CREDIT_OWNER,
                 marker=lambda e: e.credit_code),
    ObjectRoutes(routes=("credit:record_repair", "credit:record_evidence"), factory=_credit_record,
                 organisation_type=CREDIT_OWNER, marker=lambda r: r.title),
    ObjectRoutes(routes=("credit:star_detail", "credit:star_action", "credit-api:star-*"), factory=_credit_star,
                 organisation_type=CREDIT_OWNER, kwargs={"action": "county-rate"}),
]
