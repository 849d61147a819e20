"""Measures (COLL-A36/A38/A40) on the engine: their own history and audit rows, the head's approval as work in the
head's inbox, the requester kept from approving (职责分离), wrong states answering 409 and the clue page's measure
buttons being the engine's actions. Quarterly reports (COLL-A23) and rectification orders (COLL-A27) likewise."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from collection.measures.workflow import MEASURE_WORKFLOW
from collection.models import RiskReport
from collection.prevention.services import risk_reports_ensure, supervision_complete, supervision_issue
from collection.services import measure_approve, measure_execute, measure_request
from gazette.audit.models import AuditEvent
from gazette.workflow.engine import case_history, transitions_available
from gazette.workflow.exceptions import GuardFailed, TransitionConflict, TransitionNotAllowed
from gazette.workflow.models import WorkItem

pytestmark = pytest.mark.django_db


def _account_query(clue, user, target="6222020200112233445"):
    return measure_request(clue=clue, actor=user, kind="account_query", target=target, reason="核查资金流向")


def _audits(obj, action):
    return AuditEvent.objects.filter(action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk))


def test_a_measure_is_created_through_the_engine_with_its_article_deciding(investigating, users):
    m = _account_query(investigating, users["county_clerk"])
    assert m.status == "awaiting_approval" and m.reference == f"{investigating.reference}-CS{m.pk}"
    [created] = case_history(m)
    assert (created.transition, created.transition_label, created.actor) == ("create", "登记", users["county_clerk"])
    assert _audits(m, "workflow.create").count() == 1
    outcomes = {e["rule"]: e["outcome"] for e in m.rule_trace}
    assert outcomes == {"COLL-A36": "passed", "COLL-A38": "not_applicable", "COLL-A40": "not_applicable"}
    # A measure the regulation does not put to the head is approved by the regulation itself.
    seal = measure_request(clue=investigating, actor=users["county_clerk"], kind="document_seal", target="账册",
                           reason="防止毁损")
    assert seal.status == "approved"


def test_each_measure_action_writes_history_and_one_audit_row(investigating, users):
    clerk, head = users["county_clerk"], users["county_head"]
    m = _account_query(investigating, clerk)
    m = measure_approve(measure=m, actor=head, comment="同意查询")
    assert m.status == "approved" and m.approved_by == head and m.approved_at is not None
    m = measure_execute(measure=m, actor=clerk, refusal_note="拒绝提供流水，已录像")
    assert m.status == "executed" and m.refusal_note == "拒绝提供流水，已录像"
    history = list(case_history(m))
    assert [(h.transition, h.from_state, h.to_state, h.actor) for h in history] == [
        ("create", "", "awaiting_approval", clerk), ("approve", "awaiting_approval", "approved", head),
        ("execute", "approved", "executed", clerk)]
    assert history[1].comment == "同意查询" and history[2].data == {"refusal_note": "拒绝提供流水，已录像"}
    assert {e["rule"] for e in history[2].rule_trace} == set(MEASURE_WORKFLOW.get("execute").guards)
    assert _audits(m, "workflow.transition").count() == 2
    refused = _account_query(investigating, clerk, target="6223")
    with pytest.raises(GuardFailed, match="请填写意见或理由"):
        measure_approve(measure=refused, actor=head, approve=False)
    refused = measure_approve(measure=refused, actor=head, approve=False, comment="理由不充分")
    assert refused.status == "refused" and [h.transition for h in case_history(refused)] == ["create", "refuse"]
    assert _audits(refused, "workflow.transition").count() == 1


def test_the_requester_may_not_approve_the_measure(investigating, users, make_user, orgs):
    """职责分离: a head who requests a measure does not approve it; another head of the department does."""
    requester = make_user("head", organisation=orgs["county"])
    requester.groups.add(Group.objects.get_or_create(name="clerk")[0])
    m = _account_query(investigating, requester)
    assert "approve" not in {t.name for t in transitions_available(case=m, user=requester)}
    with pytest.raises(TransitionNotAllowed) as info:
        measure_approve(measure=m, actor=requester)
    assert info.value.message == ("职责分离：您已对该事项办理过「登记」，不能再办理「主要负责人批准」，"
                                  "请由其他工作人员办理。")
    with pytest.raises(TransitionNotAllowed, match="职责分离"):
        measure_approve(measure=m, actor=requester, approve=False, comment="撤回")
    m.refresh_from_db()
    assert m.status == "awaiting_approval" and list(case_history(m).values_list("transition", flat=True)) == ["create"]
    assert measure_approve(measure=m, actor=users["county_head"]).status == "approved"


def test_separation_of_duties_through_the_api_is_a_403_in_chinese(api_client, investigating, make_user, orgs):
    requester = make_user("head", organisation=orgs["county"])
    m = _account_query(investigating, requester)
    api_client.force_authenticate(requester)
    response = api_client.post(f"/api/v1/collection/measures/{m.pk}/approve/", {}, format="json")
    assert response.status_code == 403
    assert "职责分离" in response.json()["error"]["message"]


def test_a_measure_awaiting_approval_is_work_for_the_head_of_the_lead_department(client, investigating, users):
    m = _account_query(investigating, users["county_clerk"])
    [item] = WorkItem.objects.filter(object_id=m.pk, app="collection", state="awaiting_approval")
    assert item.organisation == investigating.lead_department and "待主要负责人批准措施" in item.title
    client.force_login(users["county_head"])
    inbox = client.get(reverse("ui:inbox")).content.decode()
    assert m.reference in inbox and "待主要负责人批准措施" in inbox
    # The inbox link leads to the measure on its clue's page.
    assert client.get(item.url)["Location"] == f"{investigating.get_absolute_url()}#measure-{m.pk}"
    measure_approve(measure=m, actor=users["county_head"])
    [item] = WorkItem.objects.filter(object_id=m.pk, app="collection", title__contains=m.reference)
    assert item.state == "approved" and "待执行措施" in item.title
    measure_execute(measure=m, actor=users["county_clerk"])
    assert not WorkItem.objects.filter(object_id=m.pk, title__contains=m.reference).exists()


def test_approval_rechecks_the_stage_rule(investigating, users):
    """An account query requested during the investigation cannot be approved once the clue has left it."""
    from collection.models import Clue

    m = _account_query(investigating, users["county_clerk"])
    Clue.objects.filter(pk=investigating.pk).update(state="reported")
    m.refresh_from_db()
    with pytest.raises(GuardFailed, match="COLL-A36") as info:
        measure_approve(measure=m, actor=users["county_head"])
    assert [e["rule"] for e in info.value.trace if e["outcome"] == "failed"] == ["COLL-A36"]
    m.refresh_from_db()
    assert m.status == "awaiting_approval"


@pytest.mark.parametrize(("action", "state"), [("approve", "executed"), ("refuse", "approved"),
                                               ("execute", "awaiting_approval")])
def test_each_measure_action_in_a_wrong_state_is_409(api_client, investigating, users, action, state):
    from collection.models import Measure

    m = _account_query(investigating, users["county_clerk"])
    Measure.objects.filter(pk=m.pk).update(status=state)
    api_client.force_authenticate(users["county_head"])
    body = {"comment": "意见", **({"confirm": True} if action == "execute" else {})}
    response = api_client.post(f"/api/v1/collection/measures/{m.pk}/{action}/", body, format="json")
    assert response.status_code == 409, response.content
    assert "不能执行" in response.json()["error"]["message"]


def test_measure_api_approves_and_executes_with_confirmation(api_client, investigating, users, outsider):
    m = _account_query(investigating, users["county_clerk"])
    url = f"/api/v1/collection/measures/{m.pk}/"
    api_client.force_authenticate(users["county_clerk"])
    assert api_client.get(url).json()["actions"] == []       # a clerk does not approve
    assert api_client.post(url + "approve/", {}, format="json").status_code == 403
    api_client.force_authenticate(users["county_head"])
    assert [a["name"] for a in api_client.get(url).json()["actions"]] == ["approve", "refuse"]
    assert api_client.post(url + "approve/", {"expected_state": "awaiting_approval"}, format="json").json()[
        "status"] == "approved"
    api_client.force_authenticate(users["county_clerk"])
    unconfirmed = api_client.post(url + "execute/", {}, format="json")
    assert unconfirmed.status_code == 400 and "confirm" in unconfirmed.json()["error"]["fields"]
    done = api_client.post(url + "execute/", {"confirm": True, "refusal_note": ""}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "executed"
    api_client.force_authenticate(outsider)
    assert api_client.get(url).status_code == 404


def test_clue_page_measure_buttons_are_the_engine_actions(client, investigating, users):
    m = _account_query(investigating, users["county_clerk"])
    client.force_login(users["county_clerk"])
    page = client.get(investigating.get_absolute_url()).content.decode()
    assert f'id="measure-{m.pk}"' in page and f"/collection/measures/{m.pk}/approve/" not in page
    client.force_login(users["county_head"])
    page = client.get(investigating.get_absolute_url()).content.decode()
    assert f'action="/collection/measures/{m.pk}/approve/"' in page
    assert f'action="/collection/measures/{m.pk}/refuse/"' in page
    response = client.post(reverse("collection:measure_action", args=[m.pk, "approve"]),
                           {"expected_state": "awaiting_approval"})
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.status == "approved"
    # Executing asks for confirmation on a page of its own.
    client.force_login(users["county_clerk"])
    page = client.get(investigating.get_absolute_url()).content.decode()
    assert f'action="/collection/measures/{m.pk}/execute/"' in page
    confirm = client.get(reverse("collection:measure_action", args=[m.pk, "execute"])).content.decode()
    assert "不能撤回" in confirm
    client.post(reverse("collection:measure_action", args=[m.pk, "execute"]),
                {"expected_state": "approved", "confirm": "on", "refusal_note": ""})
    m.refresh_from_db()
    assert m.status == "executed"


def test_report_and_rectification_actions_in_a_wrong_state_are_409(api_client, users, orgs):
    risk_reports_ensure(on=__import__("datetime").date.today())
    report = RiskReport.objects.get(organisation=orgs["member"])
    api_client.force_authenticate(users["member_clerk"])
    url = f"/api/v1/collection/reports/{report.pk}/submit/"
    assert api_client.post(url, {"content": "无新增风险"}, format="json").status_code == 200
    assert api_client.post(url, {"content": "再报一次"}, format="json").status_code == 409
    assert _audits(report, "workflow.transition").count() == 1
    order = supervision_issue(actor=users["county_clerk"], kind="rectification", target_name="某公司",
                              content="限期变更名称", days=15)
    assert [h.transition for h in case_history(order)] == ["create"]
    assert WorkItem.objects.filter(object_id=order.pk, organisation=orgs["county"], state="open").count() == 1
    supervision_complete(action=order, actor=users["county_clerk"])
    with pytest.raises(TransitionConflict):
        supervision_complete(action=order, actor=users["county_clerk"])
    api_client.force_authenticate(users["county_clerk"])
    response = api_client.post(f"/api/v1/collection/supervision/{order.pk}/complete/", {}, format="json")
    assert response.status_code == 409


def test_supervision_page_uses_the_engine_action(client, users):
    order = supervision_issue(actor=users["county_clerk"], kind="rectification", target_name="某公司",
                              content="限期变更名称", days=15)
    client.force_login(users["county_clerk"])
    assert order.get_absolute_url() in client.get(reverse("collection:supervision_list")).content.decode()
    page = client.get(order.get_absolute_url()).content.decode()
    assert f'action="/collection/supervision/{order.pk}/complete/"' in page and "整改期限" in page
    client.post(reverse("collection:supervision_action", args=[order.pk, "complete"]), {"expected_state": "open"})
    order.refresh_from_db()
    assert order.status == "done" and order.completed_at is not None
