from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from gazette.orgs.choices import OrganisationType as T
from tests.factories import OrganisationFactory, region


@pytest.fixture
def orgs(db):
    housing = OrganisationFactory(name="小店区住房和城乡建设局", type=T.HOUSING_DEPARTMENT, region=region("140105"))
    street = OrganisationFactory(name="坞城街道办事处", short_name="坞城街道", type=T.STREET_OFFICE,
                                 region=region("140105"), parent=housing, document_prefix="坞城街")
    other = OrganisationFactory(name="迎泽区某街道办事处", type=T.STREET_OFFICE, region=region("140106"))
    return {"housing": housing, "street": street, "other": other}


@pytest.fixture
def street_clerk(make_user, orgs):
    return make_user("clerk", organisation=orgs["street"])


@pytest.fixture
def make_area(orgs, street_clerk):
    from property.services import AreaInput, area_create, owners_import

    def _make(name="锦绣园", units=60, **kw):
        data = AreaInput(name=name, total_area=kw.pop("total_area", Decimal("50000.00")),
                         delivered_area=kw.pop("delivered_area", Decimal("20000.00")),
                         delivery_started=kw.pop("delivery_started", True), **kw)
        area = area_create(actor=street_clerk, street_office=orgs["street"], data=data)
        rows = [{"房号": f"1-{i:03d}", "专有部分面积": "90.5", "业主姓名": f"业主{i}", "手机号码": f"139{i:08d}"}
                for i in range(1, units + 1)]
        owners_import(area=area, actor=street_clerk, rows=rows)
        return area

    return _make


PLACES = ["小区东门公告栏", "3号楼单元门"]


@pytest.fixture
def form_committee(street_clerk, make_area):
    from property.services import FormationInput, committee_form

    def _form(area=None, **kw):
        area = area or make_area()
        return committee_form(actor=street_clerk, area=area, data=FormationInput(
            trigger=kw.pop("trigger", "delivery_under_half"), requirements="热心公益", registration="到居委会报名",
            places=kw.pop("places", PLACES), days=kw.pop("days", 7), **kw))

    return _form


def close_notices(committee, *, rule_id: str | None = None):
    """Let the open postings of ``committee`` end now (as the sweep does when their window is over)."""
    from gazette.deadlines.models import Deadline
    from gazette.notices.services import notice_close_on_deadline
    from property.selectors import committee_notices

    notices = committee_notices(committee).filter(status="open")
    if rule_id:
        notices = notices.filter(rule_id=rule_id)
    for notice in notices:
        notice.ends_at = timezone.now() - timedelta(seconds=1)
        notice.save(update_fields=["ends_at"])
        deadline = Deadline.objects.get(object_id=notice.pk, kind=f"notice-{notice.pk}")
        with transaction.atomic():  # the sweep runs the handler in its batch's transaction
            notice_close_on_deadline(deadline)
    committee.refresh_from_db()
    return committee


def nominate(committee, clerk, nominee: str, backers: list[str], **kw):
    from property.services import NominationInput, nomination_record

    return nomination_record(committee=committee, actor=clerk, data=NominationInput(
        nominee_unit=nominee, backer_units=backers, consent_signed=kw.pop("consent_signed", True), **kw))


def units(start: int, n: int) -> list[str]:
    return [f"1-{i:03d}" for i in range(start, start + n)]


@pytest.fixture
def seat_candidates(street_clerk):
    """Seven candidates: a party-member director of the two committees, two more community members and four owner
    representatives (one the deputy), each backed by 10 distinct owners."""
    from property.services import MemberInput, member_add

    def _seat(committee, *, owner_reps=4, community=3, pledge=True):
        members = []
        for i in range(community):
            members.append(member_add(committee=committee, actor=street_clerk, data=MemberInput(
                kind="two_committees" if i == 0 else "grid", name=f"社区成员{i}", is_party_member=i == 0,
                role="director" if i == 0 else "member", pledge_signed=pledge, occupation="社区工作者")))
        for i in range(owner_reps):
            nomination = nominate(committee, street_clerk, f"1-{i + 1:03d}", units(5 + 10 * i, 10))
            members.append(member_add(committee=committee, actor=street_clerk, data=MemberInput(
                kind="owner", nomination=nomination, role="deputy" if i == 0 else "member", pledge_signed=pledge)))
        return members

    return _seat


def run_committee(committee, clerk, seat, orgs):
    """Take a committee from the announcement to running (filed), no objections."""
    from gazette.workflow.actions import action_perform

    close_notices(committee)
    seat(committee)
    action_perform(obj=committee, name="fix_candidates", actor=clerk, data={"places": PLACES, "days": 7})
    committee.refresh_from_db()
    close_notices(committee)
    action_perform(obj=committee, name="file", actor=clerk, data={"county_department": orgs["housing"]})
    committee.refresh_from_db()
    return committee


@pytest.fixture(autouse=True)
def _public_rate_limit():
    """Each test starts with a fresh per-address counter of the public objection form."""
    from django.core.cache import cache

    cache.delete("property:public:127.0.0.1")
    yield
    cache.delete("property:public:127.0.0.1")
