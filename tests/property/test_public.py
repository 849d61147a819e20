"""The public notice board and the owners' objection (第十二条), the lapsed-regulation warning."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gazette.notices.models import Objection, PublicNotice
from gazette.workflow.actions import action_perform
from property.models import SmsMessage

from .conftest import PLACES, close_notices

pytestmark = pytest.mark.django_db


@pytest.fixture
def list_posted(form_committee, street_clerk, seat_candidates):
    committee = close_notices(form_committee())
    seat_candidates(committee)
    action_perform(obj=committee, name="fix_candidates", actor=street_clerk, data={"places": PLACES, "days": 7})
    committee.refresh_from_db()
    return committee


def _list_notice(committee):
    return PublicNotice.objects.get(object_id=committee.pk, rule_id="PROP-A12")


def _object(client, notice, unit="1-050", content="候选人与物业公司有利益关系"):
    url = reverse("property:notice_detail", args=[notice.pk])
    client.post(url, {"send_code": "1", "c-unit_number": unit})
    code = SmsMessage.objects.latest("sent_at").text.split("验证码")[1][:6]
    return client.post(url, {"o-unit_number": unit, "o-code": code, "o-content": content})


def test_board_lists_every_posting_without_login_and_searches(client, list_posted, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(reverse("property:board"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "拟组建物业管理委员会的公告" in text and "成员名单公示" in text and "锦绣园" in text
    found = client.get(reverse("property:board"), {"q": "成员名单"}).content.decode()
    assert "成员名单公示" in found and "拟组建物业管理委员会的公告" not in found
    assert client.get(reverse("property:area_board", args=[list_posted.area.pk])).status_code == 200


def test_owner_objects_with_the_sms_code_and_the_street_office_answers(client, list_posted, street_clerk):
    notice = _list_notice(list_posted)
    response = _object(client, notice)
    assert response.status_code == 200 and "异议已收到" in response.content.decode()
    objection = Objection.objects.get(notice=notice)
    assert objection.objector.startswith("1-050") and "139" in objection.contact and "*" in objection.contact
    from gazette.deadlines.selectors import deadline_list_for_case

    clock = next(d for d in deadline_list_for_case(list_posted) if d.kind == f"objection-{objection.pk}")
    assert clock.amount == 5
    # The list posting ends with the objection pending: no establishment yet.
    close_notices(list_posted, rule_id="PROP-A12")
    assert list_posted.state == "list_posted"
    from property.services import objection_answer

    objection_answer(committee=list_posted, objection=objection, outcome="rejected", handling="经核实无利益关系",
                     places=["东门公告栏"], actor=street_clerk)
    list_posted.refresh_from_db()
    assert list_posted.state == "established"
    result = PublicNotice.objects.get(object_id=list_posted.pk, rule_id="PROP-A12-CHECK")
    assert list_posted.established_on == timezone.localdate(result.starts_at)
    assert (result.ends_at - result.starts_at).days == 7


def test_a_wrong_code_is_refused_and_nothing_is_received(client, list_posted):
    notice = _list_notice(list_posted)
    url = reverse("property:notice_detail", args=[notice.pk])
    client.post(url, {"send_code": "1", "c-unit_number": "1-050"})
    response = client.post(url, {"o-unit_number": "1-050", "o-code": "000000", "o-content": "异议"})
    sent = SmsMessage.objects.latest("sent_at").text
    if "000000" in sent:  # one chance in a million
        return
    assert response.status_code == 400 and "验证码不正确" in response.content.decode()
    assert not Objection.objects.exists()


def test_an_objection_after_the_posting_ended_is_refused_citing_article_12(client, list_posted):
    notice = _list_notice(list_posted)
    close_notices(list_posted, rule_id="PROP-A12")
    from django.core.exceptions import ValidationError

    from property.services import objection_file

    with pytest.raises(ValidationError) as exc:
        objection_file(notice=PublicNotice.objects.get(pk=notice.pk), unit_number="1-050", code="123456",
                       content="迟到的异议")
    assert "第十二条" in str(exc.value)
    page = client.get(reverse("property:notice_detail", args=[notice.pk])).content.decode()
    assert "不再接受异议" in page


def test_upheld_objection_withdraws_the_member_and_the_list_is_reposted(client, list_posted, street_clerk):
    from property.services import objection_answer

    notice = _list_notice(list_posted)
    _object(client, notice)
    member = list_posted.members.filter(kind="owner").last()
    objection_answer(committee=list_posted, objection=Objection.objects.get(), outcome="upheld",
                     handling="该候选人系物业公司员工", places=["东门公告栏"], actor=street_clerk, member=member)
    close_notices(list_posted, rule_id="PROP-A12")
    assert list_posted.state == "list_posted"
    action_perform(obj=list_posted, name="list_repost", actor=street_clerk, comment="异议成立，补充人选")
    list_posted.refresh_from_db()
    assert list_posted.state == "candidates"
    member.refresh_from_db()
    assert member.status == "withdrawn"


def test_printable_notice_is_an_a4_pdf(client, list_posted):
    response = client.get(reverse("property:notice_print", args=[_list_notice(list_posted).pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_lapsed_regulation_warning_shows_until_an_extension_applies_from_its_own_date(
        client, form_committee, street_clerk):
    from gazette.rules.models import Regulation, RegulationExtension

    committee = form_committee()  # announced today, after 191号's last day (2024-10-21)
    client.force_login(street_clerk)
    url = committee.get_absolute_url()
    page = client.get(url).content.decode()
    assert 'id="regulation-lapsed"' in page and "规章已失效" in page
    entry = committee.rule_trace[0]
    assert entry["regulation_status"] == "lapsed"
    regulation = Regulation.objects.get(code="PROP-2022")
    # An extension recorded with its own date after this case's reference date does not cover it.
    later = RegulationExtension.objects.create(
        regulation=regulation, effective_from=timezone.localdate() + timedelta(days=1),
        extended_until=date(2028, 12, 31), basis="延期通知（测试）")
    assert 'id="regulation-lapsed"' in client.get(url).content.decode()
    later.effective_from = date(2025, 1, 1)
    later.save()
    assert 'id="regulation-lapsed"' not in client.get(url).content.decode()
    assert regulation.status_on(date(2024, 12, 1)) == "lapsed"  # the gap before the extension's own date


def test_extension_recorded_in_the_admin_is_audited(client, admin_user):
    from gazette.audit.models import AuditEvent
    from gazette.rules.models import Regulation

    regulation = Regulation.objects.get(code="PROP-2022")
    client.force_login(admin_user)
    url = reverse("admin:rules_regulation_change", args=[regulation.pk])
    form = client.get(url)
    assert form.status_code == 200
    data = {f: getattr(regulation, f) or "" for f in (
        "code", "rule_prefix", "title", "doc_number", "issuer", "issue_date", "effective_from", "expires_on",
        "source_file", "notes")}
    data.update({"extensions-TOTAL_FORMS": "1", "extensions-INITIAL_FORMS": "0", "extensions-MIN_NUM_FORMS": "0",
                 "extensions-MAX_NUM_FORMS": "1000", "extensions-0-effective_from": "2026-12-01",
                 "extensions-0-extended_until": "2028-12-31", "extensions-0-basis": "关于延长191号有效期的通知"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AuditEvent.objects.filter(action="rules.extension").count() == 1
