"""Every fund transition writes exactly one audit row; so does every reveal of a victim's ID number."""

from __future__ import annotations

import pytest

from fund.workflow import WORKFLOW, S
from gazette.audit.models import AuditEvent
from gazette.workflow.engine import transition_perform
from tests.audit_walk import AuditedWalk

pytestmark = pytest.mark.django_db


def test_every_fund_transition_is_audited_once(submit, hospital_user, manager_clerk, cashier, province_approver,
                                               county_approver, city_approver, complete_documents, orgs):
    step = AuditedWalk(WORKFLOW)
    paid = submit(post7_amount="120000.00", post7_reasons="ICU")
    step(paid, "start_review", manager_clerk)
    step(paid, "request_documents", manager_clerk, comment="缺费用清单")
    complete_documents(paid, hospital_user)
    step(paid, "documents_complete", manager_clerk)
    step(paid, "submit_for_approval", manager_clerk)
    step(paid, "approve", province_approver)
    assert step(paid, "pay", cashier).state == S.PAID

    refused = submit(casualties=6)
    step(refused, "guarantee", manager_clerk)
    step(refused, "transfer", manager_clerk, comment="转院", data={"hospital": orgs["hosp_2"]})
    step(refused, "start_review", manager_clerk)
    step(refused, "dispute", manager_clerk, comment="金额有分歧")
    step(refused, "escalate", county_approver, comment="无法解决")
    step(refused, "resolve", city_approver, comment="按清单垫付")
    assert step(refused, "refuse", manager_clerk, comment="不符合第二十一条").state == S.REFUSED
    step.assert_complete(paid, refused)


def test_every_recovery_write_off_and_report_step_is_audited_once(submit, hospital_user, manager_clerk, cashier,
                                                                   complete_documents, joint_meeting_user, orgs,
                                                                   make_user):
    from datetime import date
    from decimal import Decimal

    from fund.models import FundReport
    from fund.recovery.workflow import RECOVERY, WRITE_OFF
    from fund.reports.workflow import OBLIGATION, REPORT
    from fund.services import obligations_schedule_quarter, report_schedule_annual

    app = submit()
    complete_documents(app, hospital_user)
    for name in ("start_review", "approve", "pay"):
        transition_perform(case=app, name=name, actor=cashier if name == "pay" else manager_clerk)
    trustee = make_user("clerk", organisation=orgs["trustee"])
    step = AuditedWalk(RECOVERY)
    rec = app.recovery
    step(rec, "determine", manager_clerk, data={"obligor_name": "赵某", "liability": "main"})
    step(rec, "assist_notice", manager_clerk)
    step(rec, "repayment", manager_clerk, data={"amount": Decimal("100.00")})
    step(rec, "hand_over", manager_clerk)
    step(rec, "collection", trustee, data={"amount": Decimal("200.00")})
    step(rec, "deposit", trustee, data={"collection": rec.collections.get()})
    grounds = {"ground": "liable_party_gone", "no_assets_certified": True}
    step(rec, "write_off_submit", manager_clerk, data=grounds)
    assert step(rec, "write_off_decide", joint_meeting_user, data={"decision": "reject"}).state == "with_trustee"
    step(rec, "write_off_submit", manager_clerk, data=grounds)
    assert step(rec, "write_off_decide", joint_meeting_user, data={"decision": "approve"}).state == "written_off"
    step.assert_complete(rec)

    # The write-offs moved inside those decisions, each once, under the deciding user.
    write_offs = AuditedWalk(WRITE_OFF)
    for w in rec.write_offs.all():
        events = AuditEvent.objects.filter(action="workflow.transition", object_type="fund.writeoff",
                                           object_id=str(w.pk))
        assert [(e.data["transition"], e.actor_id) for e in events] == [
            ("approve" if w.state == "approved" else "reject", joint_meeting_user.pk)]
        write_offs.covered.add(events.get().data["transition"])
    write_offs.assert_complete(*rec.write_offs.all())

    report_schedule_annual(year=date.today().year)
    report = FundReport.objects.filter(kind="annual").first()
    assert AuditedWalk(REPORT)(report, "submit", manager_clerk).state == "submitted"

    duty = obligations_schedule_quarter(year=2026, quarter=3)[0]
    duties = AuditedWalk(OBLIGATION)
    duties(duty, "remind", manager_clerk)
    duties(duty, "warn", None, system=True, data={"trace": []})
    assert duties(duty, "fulfil", manager_clerk, data={"amount": Decimal("100.00")}).state == "fulfilled"
    duties.assert_complete(duty)


def test_each_reveal_of_the_id_number_is_audited_once(client, submit, manager_clerk):
    app = submit()
    client.force_login(manager_clerk)
    for n in (1, 2):
        assert client.post(f"{app.get_absolute_url()}reveal/").status_code == 302
        assert AuditEvent.objects.filter(action="fund.reveal_id", object_id=str(app.pk),
                                         actor=manager_clerk).count() == n


def test_a_refused_reveal_is_not_audited_as_a_reveal(client, submit, hospital_user):
    app = submit()
    client.force_login(hospital_user)
    assert client.post(f"{app.get_absolute_url()}reveal/").status_code in (403, 404)
    assert not AuditEvent.objects.filter(action="fund.reveal_id").exists()
