from __future__ import annotations

import pytest

from tests.tailings.factories import facility_make, tailings_orgs


@pytest.fixture
def orgs(db):
    return tailings_orgs()


@pytest.fixture
def users(make_user, orgs):
    return {
        "operator": make_user("clerk", organisation=orgs["operator"]),
        "county_clerk": make_user("clerk", organisation=orgs["county"]),
        "county_approver": make_user("approver", organisation=orgs["county"]),
        "city_approver": make_user("approver", organisation=orgs["city"]),
    }


@pytest.fixture
def make_facility(orgs, users):
    def _make(**overrides):
        return facility_make(operator=orgs["operator"], supervisor=orgs["county"], actor=users["operator"],
                             **overrides)
    return _make
