from __future__ import annotations

import pytest

from gazette.orgs.choices import OrganisationType as T
from tests.factories import OrganisationFactory, region


@pytest.fixture
def orgs(db):
    prov = OrganisationFactory(name="省处非办", type=T.FUNDRAISING_LEAD, region=region("140000"))
    city = OrganisationFactory(name="太原市处非办", type=T.FUNDRAISING_LEAD, region=region("140100"), parent=prov)
    county = OrganisationFactory(name="小店区处非办", type=T.FUNDRAISING_LEAD, region=region("140105"), parent=city)
    other = OrganisationFactory(name="迎泽区处非办", type=T.FUNDRAISING_LEAD, region=region("140106"), parent=city)
    member = OrganisationFactory(name="小店区市场监管局", type=T.FUNDRAISING_MEMBER, region=region("140105"),
                                 parent=county)
    return {"prov": prov, "city": city, "county": county, "other": other, "member": member}


@pytest.fixture
def users(make_user, orgs):
    return {
        "member_clerk": make_user("clerk", organisation=orgs["member"]),
        "county_clerk": make_user("clerk", organisation=orgs["county"]),
        "county_approver": make_user("approver", organisation=orgs["county"]),
        "county_head": make_user("head", organisation=orgs["county"]),
        "city_approver": make_user("approver", organisation=orgs["city"]),
        "city_head": make_user("head", organisation=orgs["city"]),
        "city_clerk": make_user("clerk", organisation=orgs["city"]),
    }


@pytest.fixture
def make_clue(orgs, users):
    from collection.services import ClueInput, clue_register

    def _make(**kw):
        data = ClueInput(source=kw.pop("source", "public_report"), subject_name=kw.pop("subject_name", "某某财富公司"),
                         description=kw.pop("description", "承诺年化18%回报吸收资金"),
                         subject_region=kw.pop("subject_region", region("140105")),
                         reporter_name="举报人甲", reporter_phone="13800000000", **kw)
        return clue_register(actor=users["member_clerk"], organisation=orgs["member"], data=data)

    return _make


@pytest.fixture
def act():
    from collection.services import clue_act

    def _act(clue, name, user, comment="", **data):
        return clue_act(clue=clue, name=name, actor=user, comment=comment, data=data).case

    return _act


@pytest.fixture
def investigating(make_clue, users, act):
    clue = make_clue()
    act(clue, "verify_start", users["member_clerk"])
    act(clue, "apply_disposal", users["member_clerk"], fundraising_type="promised_return",
        verification_summary="基本属实")
    act(clue, "open", users["county_approver"])
    clue.refresh_from_db()
    return clue


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _collection_reference_data(request, _reference_regions):
    """Screen words and thresholds are migration data; put them back after a transactional flush."""
    names = set(request.fixturenames)
    if not ({"db", "transactional_db", "live_server"} & names or request.node.get_closest_marker("django_db")):
        return
    from importlib import import_module

    from collection.models import FlowThresholds, ScreenWord

    if not ScreenWord.objects.exists():
        import_module("collection.migrations.0002_reference_data").reference_data_load(ScreenWord, FlowThresholds)
