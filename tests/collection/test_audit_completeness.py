"""Every transition of a clue, a measure, a quarterly report and a rectification order writes exactly one audit row;
so does every Excel export of clues or participants."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from collection.choices import ClueState as S
from collection.measures.workflow import MEASURE_WORKFLOW
from collection.models import RiskReport
from collection.prevention.services import risk_reports_ensure, supervision_issue
from collection.prevention.workflow import REPORT_WORKFLOW, SUPERVISION_WORKFLOW
from collection.services import clue_act, evidence_add, measure_request, team_member_add
from collection.workflow import WORKFLOW
from gazette.audit.models import AuditEvent
from gazette.workflow.actions import action_perform
from tests.audit_walk import AuditedWalk

pytestmark = pytest.mark.django_db


def _act(*, case, name, actor, comment="", data=None):
    return clue_act(clue=case, name=name, actor=actor, comment=comment, data=data).case


def _team_and_evidence(clue, user):
    for name, cred in (("张三", "14001"), ("李四", "14002")):
        team_member_add(clue=clue, actor=user, name=name, credential_number=cred)
    evidence_add(clue=clue, actor=user, kind="documentary", title="投资合同", obtained_on=date.today(), verified=True)


APPLY = {"fundraising_type": "promised_return", "verification_summary": "基本属实"}
REPORT = {"report_facts": "承诺回报吸收资金", "report_legal_basis": "《防范和处置非法集资条例》第三十条",
          "report_proposed_penalty": "罚款并责令清退"}


def test_every_clue_transition_is_audited_once(make_clue, users, orgs):
    step = AuditedWalk(WORKFLOW, perform=_act)
    member, clerk, approver = users["member_clerk"], users["county_clerk"], users["county_approver"]

    archived = make_clue()
    step(archived, "verify_start", member)
    step(archived, "apply_disposal", member, data=APPLY)
    step(archived, "open", approver)
    _team_and_evidence(archived, clerk)
    step(archived, "submit_report", clerk, data={**REPORT, "report_determination": "illegal"})
    step(archived, "start_disposal", approver, data={"penalty_decision": "罚款50万元"})
    step(archived, "start_refunds", clerk)
    step(archived, "refer_criminal", approver,
         data={"consultation_record": "会商同意移送", "police_unit": "小店公安分局"})
    assert step(archived, "archive", clerk).state == S.ARCHIVED

    referred = make_clue()
    assert step(referred, "refer", member, comment="请向大同市处非办举报").state == S.REFERRED

    unfounded = make_clue()
    step(unfounded, "verify_start", member)
    assert step(unfounded, "close_unfounded", member, comment="经初核不属实").state == S.UNFOUNDED

    declined = make_clue()
    step(declined, "verify_start", member)
    step(declined, "apply_disposal", member, data=APPLY)
    step(declined, "escalate_dispute", approver, comment="登记地存疑", data={"dispute_with": orgs["other"]})
    step(declined, "assign_jurisdiction", users["city_approver"], data={"lead_department": orgs["county"]})
    assert step(declined, "decline", approver, comment="不予启动").state == S.NOT_OPENED

    not_illegal = make_clue()
    step(not_illegal, "verify_start", member)
    step(not_illegal, "apply_disposal", member, data=APPLY)
    step(not_illegal, "open", approver)
    _team_and_evidence(not_illegal, clerk)
    step(not_illegal, "submit_report", clerk, data={**REPORT, "report_determination": "not_illegal"})
    assert step(not_illegal, "close_not_illegal", clerk, comment="不构成非法集资").state == S.NOT_ILLEGAL
    step.assert_complete(archived, referred, unfounded, declined, not_illegal)


def _perform(*, case, name, actor, comment="", data=None):
    return action_perform(obj=case, name=name, actor=actor, comment=comment, data=data).case


def test_every_measure_transition_is_audited_once(investigating, users):
    step = AuditedWalk(MEASURE_WORKFLOW, perform=_perform)
    clerk, head = users["county_clerk"], users["county_head"]
    executed = measure_request(clue=investigating, actor=clerk, kind="account_query", target="6222", reason="核查")
    step(executed, "approve", head)
    assert step(executed, "execute", clerk, data={"refusal_note": ""}).status == "executed"
    refused = measure_request(clue=investigating, actor=clerk, kind="account_query", target="6223", reason="核查")
    assert step(refused, "refuse", head, comment="理由不充分").status == "refused"
    step.assert_complete(executed, refused)


def test_every_report_and_rectification_transition_is_audited_once(users, orgs):
    risk_reports_ensure(on=date.today())
    report = RiskReport.objects.get(organisation=orgs["member"])
    reports = AuditedWalk(REPORT_WORKFLOW, perform=_perform)
    assert reports(report, "submit", users["member_clerk"], data={"content": "无新增风险"}).status == "submitted"
    reports.assert_complete(report)
    order = supervision_issue(actor=users["county_clerk"], kind="rectification", target_name="某公司",
                              content="限期变更名称", days=15)
    orders = AuditedWalk(SUPERVISION_WORKFLOW, perform=_perform)
    assert orders(order, "complete", users["county_clerk"]).status == "done"
    orders.assert_complete(order)


def test_each_excel_export_is_audited_once(client, make_clue, users):
    clue = make_clue()
    client.force_login(users["member_clerk"])
    for n in (1, 2):
        response = client.get(reverse("collection:clue_list"), {"export": "xlsx"})
        assert response.status_code == 200 and b"".join(response.streaming_content)[:2] == b"PK"
        assert AuditEvent.objects.filter(action="export.xlsx", actor=users["member_clerk"]).count() == n
    response = client.get(reverse("collection:participants_export", args=[clue.pk]))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="export.xlsx").count() == 3
