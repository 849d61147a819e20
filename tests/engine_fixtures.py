"""Fixtures for the engine's tests (workflow, deadlines, notices, reliability): a county office under a city
office, its clerk and approver, a clerk elsewhere, and the test workflow's Permit cases. Loaded by
tests/conftest.py as a pytest plugin."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.factories import OrganisationFactory, region
from tests.workflow_app.models import Permit


@pytest.fixture
def county_office(db):
    city = OrganisationFactory(name="太原市测试办", region=region("140100"))
    return OrganisationFactory(name="小店区测试办", region=region("140105"), parent=city)


@pytest.fixture
def county_clerk(make_user, county_office):
    return make_user("clerk", organisation=county_office)


@pytest.fixture
def county_approver(make_user, county_office):
    return make_user("approver", organisation=county_office)


@pytest.fixture
def other_county_clerk(make_user):
    return make_user("clerk", organisation=OrganisationFactory(region=region("140212")))


@pytest.fixture
def make_permit(county_office, county_clerk):
    from gazette.workflow.engine import case_create

    def _make(amount: str = "1000.00", **fields) -> Permit:
        return case_create(
            model=Permit, actor=county_clerk, reference_date=date(2026, 11, 2), region=county_office.region,
            organisation=county_office, fields={"applicant": "张三", "amount": Decimal(amount), **fields},
        )

    return _make
