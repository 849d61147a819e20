from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from gazette.orgs.choices import OrganisationType
from tests.factories import OrganisationFactory, region

VALID_ID = "11010519491231002X"


@pytest.fixture
def orgs(db):
    """The demo organisations of the engine (fund offices, manager, hospitals, police) plus reference data."""
    from fund.models import AverageWage, CompulsoryInsuranceLimit
    from gazette.orgs.demo import ORGS, organisations_by_key
    from gazette.orgs.models import Organisation, Region

    by_key: dict = {}
    for spec in ORGS:  # the demo organisations without the demo users (password hashing is slow)
        by_key[spec.key], _ = Organisation.objects.update_or_create(name=spec.name, defaults={
            "short_name": spec.short, "type": spec.type, "region": Region.objects.get(code=spec.region),
            "parent": by_key.get(spec.parent), "document_prefix": spec.prefix})
    if not CompulsoryInsuranceLimit.objects.exists():  # a transactional test's flush removed the migration rows
        from importlib import import_module

        from django.apps import apps

        import_module("fund.migrations.0002_insurance_limits").load(apps, None)
    AverageWage.objects.get_or_create(year=timezone.localdate().year - 1,
                                      defaults={"monthly_amount": Decimal("7200.00")})
    return organisations_by_key()


@pytest.fixture
def manager_clerk(make_user, orgs):
    return make_user("clerk", organisation=orgs["fund_manager"])


@pytest.fixture
def cashier(make_user, orgs):
    """The fund manager's cashier (出纳): 划拨 is the cashier's, and the one who approves may not pay (职责分离)."""
    return make_user("cashier", organisation=orgs["fund_manager"])


@pytest.fixture
def hospital_user(make_user, orgs):
    return make_user("hospital", organisation=orgs["hosp_1"])


@pytest.fixture
def other_hospital_user(make_user, orgs):
    return make_user("hospital", organisation=orgs["hosp_2"])


@pytest.fixture
def province_approver(make_user, orgs):
    return make_user("approver", organisation=orgs["fund_office_prov"])


@pytest.fixture
def city_approver(make_user, orgs):
    return make_user("approver", organisation=orgs["fund_office_ty"])


@pytest.fixture
def county_approver(make_user, orgs):
    return make_user("approver", organisation=orgs["fund_office_xd"])


@pytest.fixture
def joint_meeting_user(make_user, orgs):
    return make_user("approver", organisation=orgs["fund_jm"])


@pytest.fixture
def treatment_data(orgs):
    now = timezone.now()
    return {
        "kind": "treatment", "applicant_type": "hospital", "applicant_name": "山西医科大学第一医院",
        "accident_at": (now - timedelta(days=10)).isoformat(), "accident_place": "小店区长治路与南中环交叉口",
        "region": "140105", "insurance_status": "uninsured", "hit_and_run": False, "casualties": 1, "deaths": 0,
        "victim_name": "张三", "victim_id_number": VALID_ID, "treatment_started_at": (now - timedelta(days=10,
                                                                                                     hours=-1)).isoformat(),
        "first7_amount": "15000.00", "post7_amount": "0.00", "bank_account": "6222020200112233445",
        "bank_account_name": "山西医科大学第一医院",
    }


@pytest.fixture
def submit(treatment_data, hospital_user):
    from fund.services import application_submit

    def _submit(actor=None, **overrides):
        return application_submit(actor=actor or hospital_user, data={**treatment_data, **overrides})

    return _submit


@pytest.fixture
def complete_documents():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fund.checklist import items_for
    from fund.services import application_attachment_add

    def _complete(app, actor):
        for item in items_for(app):
            application_attachment_add(application=app, actor=actor, code=item.code,
                                       upload=SimpleUploadedFile(f"{item.code}.pdf", b"%PDF-1.4 test",
                                                                 "application/pdf"))

    return _complete


@pytest.fixture
def outside_org(db):
    return OrganisationFactory(type=OrganisationType.OTHER, region=region("140212"))


def colleague_of(user):
    """Another member of the same organisation who is both clerk and cashier (出纳): separation of duties needs a
    different payer than the approver, and paying needs the cashier role."""
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    other = UserFactory(organisation=user.organisation)
    other.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in ("clerk", "cashier")))
    return other
