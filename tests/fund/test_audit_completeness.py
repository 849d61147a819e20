"""Every fund transition writes exactly one audit row; so does every reveal of a victim's ID number."""

from __future__ import annotations

import pytest

from fund.workflow import WORKFLOW, S
from gazette.audit.models import AuditEvent
from tests.audit_walk import AuditedWalk

pytestmark = pytest.mark.django_db


def test_every_fund_transition_is_audited_once(submit, hospital_user, manager_clerk, province_approver,
                                               county_approver, city_approver, complete_documents, orgs):
    step = AuditedWalk(WORKFLOW)
    paid = submit(post7_amount="120000.00", post7_reasons="ICU")
    step(paid, "start_review", manager_clerk)
    step(paid, "request_documents", manager_clerk, comment="缺费用清单")
    complete_documents(paid, hospital_user)
    step(paid, "documents_complete", manager_clerk)
    step(paid, "submit_for_approval", manager_clerk)
    step(paid, "approve", province_approver)
    assert step(paid, "pay", manager_clerk).state == S.PAID

    refused = submit(casualties=6)
    step(refused, "guarantee", manager_clerk)
    step(refused, "transfer", manager_clerk, comment="转院", data={"hospital": orgs["hosp_2"].pk})
    step(refused, "start_review", manager_clerk)
    step(refused, "dispute", manager_clerk, comment="金额有分歧")
    step(refused, "escalate", county_approver, comment="无法解决")
    step(refused, "resolve", city_approver, comment="按清单垫付")
    assert step(refused, "refuse", manager_clerk, comment="不符合第二十一条").state == S.REFUSED
    step.assert_complete(paid, refused)


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
