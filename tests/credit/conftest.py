from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gazette.orgs.choices import OrganisationType as T
from tests.factories import OrganisationFactory, region


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def depts(db):
    prov = OrganisationFactory(name="山西省住房和城乡建设厅（测试）", type=T.HOUSING_DEPARTMENT,
                               region=region("140000"), document_prefix="晋建房")
    city = OrganisationFactory(name="太原市住房和城乡建设局（测试）", type=T.HOUSING_DEPARTMENT,
                               region=region("140100"), parent=prov)
    county = OrganisationFactory(name="小店区住房和城乡建设局（测试）", type=T.HOUSING_DEPARTMENT,
                                 region=region("140105"), parent=city)
    other_city = OrganisationFactory(name="大同市住房和城乡建设局（测试）", type=T.HOUSING_DEPARTMENT,
                                     region=region("140200"), parent=prov)
    street = OrganisationFactory(name="坞城街道办事处（测试）", type=T.STREET_OFFICE, region=region("140105"))
    return {"prov": prov, "city": city, "county": county, "other_city": other_city, "street": street}


@pytest.fixture
def staff(make_user, depts):
    return {
        "county": make_user("clerk", organisation=depts["county"]),
        "city": make_user("clerk", organisation=depts["city"]),
        "province": make_user("approver", organisation=depts["prov"]),
        "other_city": make_user("clerk", organisation=depts["other_city"]),
    }


@pytest.fixture
def sheets(db):
    from credit.samples import sample_sheets_ensure

    return {s.kind: s for s in sample_sheets_ensure()}


@pytest.fixture
def cycle(db):
    from credit.models import CreditCycle

    return CreditCycle.objects.create(
        year=2026, notice_date=date(2026, 2, 2), submission_opens=date(2026, 2, 11),
        submission_closes=date(2026, 2, 20), city_report_by=date(2026, 3, 20), notice_opens=date(2026, 4, 1),
        final_by=date(2026, 4, 30))


@pytest.fixture
def make_enterprise(depts, make_user):
    from credit.services import EnterpriseInput, enterprise_register

    counter = iter(range(1, 1000))

    def _make(kind="property_service", name=None, last_activity_on=date(2025, 10, 1)):
        n = next(counter)
        enterprise = enterprise_register(data=EnterpriseInput(
            name=name or f"测试{kind}企业{n}", kind=kind, credit_code=f"91140105MA0{n:07d}",
            registration_region=region("140105"), legal_representative="张三", last_activity_on=last_activity_on))
        enterprise.user = make_user("clerk", organisation=enterprise.organisation)
        return enterprise

    return _make


@pytest.fixture
def evidence():
    return lambda: SimpleUploadedFile("证明.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")


@pytest.fixture
def add_record(staff, evidence):
    from credit.services import RecordInput, record_add

    def _add(enterprise, category, points, *, title="记录", occurred_on=date(2025, 6, 1), actor=None):
        return record_add(enterprise=enterprise, actor=actor or staff["county"], data=RecordInput(
            category=category, title=title, occurred_on=occurred_on, source="小建罚〔2025〕1号",
            evidence=evidence(), points=Decimal(points)))

    return _add


from credit.samples import sample_points as points_for  # noqa: E402,F401  (the tests spread totals)


@pytest.fixture
def act():
    from credit.services import rating_act

    def _act(rating, name, user, comment="", **data):
        return rating_act(rating=rating, name=name, actor=user, comment=comment, data=data)

    return _act
