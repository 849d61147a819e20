"""The fund's work items: who is expected to act on an application, as the inbox shows it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gazette.workflow.actions import action_perform
from gazette.workflow.selectors import work_inbox

pytestmark = pytest.mark.django_db


def _titles(user) -> list[str]:
    return [e.title for e in work_inbox(user)]


def test_a_hospital_asked_for_documents_sees_the_request_with_its_clock_in_its_inbox(
        client, submit, manager_clerk, hospital_user, other_hospital_user):
    app = submit()
    assert f"{app.reference} 待开始审核" in _titles(manager_clerk)
    assert not _titles(hospital_user)
    action_perform(obj=app, name="start_review", actor=manager_clerk)
    action_perform(obj=app, name="request_documents", actor=manager_clerk, comment="请补交费用日清单",
                   data={"documents": ["cost_list"], "supply_within": 3})
    entries = list(work_inbox(hospital_user))
    assert [e.title for e in entries] == [f"{app.reference} 待补正材料"]
    assert entries[0].clock == "补正材料期限" and entries[0].rule_id == "FUND-A29"
    assert entries[0].workdays_left == 3
    assert app.reference not in " ".join(_titles(other_hospital_user))
    client.force_login(hospital_user)
    page = client.get(reverse("ui:inbox")).content.decode()
    assert "待补正材料" in page and "补正材料期限" in page
    # The manager no longer has it waiting (it waits for the hospital) until the documents are complete.
    assert app.reference not in " ".join(_titles(manager_clerk))


def test_an_application_awaiting_approval_waits_for_the_approving_office(submit, manager_clerk, province_approver,
                                                                        hospital_user, complete_documents):
    app = submit(post7_amount="120000.00", post7_reasons="ICU")  # FUND-A22: the provincial office approves
    complete_documents(app, hospital_user)
    action_perform(obj=app, name="start_review", actor=manager_clerk)
    action_perform(obj=app, name="submit_for_approval", actor=manager_clerk)
    assert f"{app.reference} 待审批" in _titles(province_approver)
    assert app.reference not in " ".join(_titles(manager_clerk))
    action_perform(obj=app, name="approve", actor=province_approver)
    assert f"{app.reference} 待划拨" in _titles(manager_clerk)
    assert app.reference not in " ".join(_titles(province_approver))
