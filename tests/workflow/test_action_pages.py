"""The engine's pages of declared actions (gazette.workflow.views): the case page's action panel, the action page, its
confirmation step and its answers to bad input, failed rules, stale states and refused duties."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages

from gazette.workflow.engine import transition_perform
from gazette.workflow.models import CaseHistory

pytestmark = pytest.mark.django_db


def _url(permit, action: str) -> str:
    return f"{permit.get_absolute_url()}{action}/"


def test_a_step_without_input_is_performed_from_its_page_and_goes_back_to_the_case(client, make_permit,
                                                                                   county_clerk):
    permit = make_permit()
    client.force_login(county_clerk)
    response = client.post(_url(permit, "submit"), {"expected_state": "draft"})
    assert response.status_code == 302 and response.url == permit.get_absolute_url()
    permit.refresh_from_db()
    assert permit.state == "submitted"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["已办理：提交。当前状态：审核中"]


def test_a_missing_comment_shows_the_form_again_with_the_field_error_and_writes_nothing(client, make_permit,
                                                                                        county_clerk):
    permit = make_permit()
    transition_perform(case=permit, name="submit", actor=county_clerk)
    client.force_login(county_clerk)
    response = client.post(_url(permit, "request-materials"), {"expected_state": "submitted", "comment": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "请填写意见或理由。" in page and 'role="alert"' in page
    permit.refresh_from_db()
    assert permit.state == "submitted"
    assert not CaseHistory.objects.filter(object_id=permit.pk, transition="request_materials").exists()


def test_a_failed_rule_is_shown_with_its_article_and_what_was_typed_is_kept(client, make_permit, county_clerk,
                                                                            county_approver):
    permit = make_permit(amount="30000.01")
    transition_perform(case=permit, name="submit", actor=county_clerk)
    client.force_login(county_approver)
    response = client.post(_url(permit, "approve"), {"expected_state": "submitted", "comment": "同意，金额已核"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "TEST-A1" in page and "第一条" in page and "超过上限" in page
    assert "同意，金额已核" in page  # the comment typed is still in the form
    permit.refresh_from_db()
    assert permit.state == "submitted"


def test_a_stale_page_is_refused_and_sends_back_to_the_case_with_the_state_it_is_in(client, make_permit,
                                                                                    county_clerk):
    permit = make_permit()
    transition_perform(case=permit, name="submit", actor=county_clerk)
    client.force_login(county_clerk)
    response = client.post(_url(permit, "submit"), {"expected_state": "draft"})
    assert response.status_code == 302
    assert "已由他人处理" in " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_a_duty_conflict_is_refused_on_the_page_in_chinese(client, make_permit, county_clerk, county_approver):
    from django.contrib.auth.models import Group

    county_clerk.groups.add(Group.objects.get_or_create(name="approver")[0])
    permit = make_permit()
    transition_perform(case=permit, name="submit", actor=county_clerk)
    client.force_login(county_clerk)
    response = client.post(_url(permit, "approve"), {"expected_state": "submitted"})
    assert response.status_code == 403
    assert "职责分离" in response.content.decode()


def test_the_action_panel_shows_one_small_form_per_available_action_and_its_rules(make_permit, county_clerk,
                                                                                  county_approver):
    from gazette.workflow.presenters import action_panel

    permit = make_permit()
    transition_perform(case=permit, name="submit", actor=county_clerk)
    panel = {a["t"].name: a for a in action_panel(permit, county_approver)}
    assert set(panel) == {"approve", "refuse"}
    assert panel["approve"]["url"] == _url(permit, "approve") and panel["approve"]["guards"] == ("TEST-A1",)
    assert "comment" in panel["refuse"]["form"].fields and panel["refuse"]["form"].fields["comment"].required


def test_an_unknown_or_system_action_is_a_404(client, make_permit, county_clerk):
    permit = make_permit()
    client.force_login(county_clerk)
    assert client.get(_url(permit, "no-such-step")).status_code == 404
    assert client.post(_url(permit, "expire")).status_code == 404  # performed by the engine on a breach only
