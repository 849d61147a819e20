"""职责分离 on fund applications: no single account files or submits, approves and pays the same application."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from fund.models import Application, LedgerEntry
from fund.workflow import WORKFLOW, S
from gazette.workflow.engine import transition_perform, transitions_available
from gazette.workflow.exceptions import TransitionNotAllowed
from tests.fund.conftest import colleague_of

pytestmark = pytest.mark.django_db
BASE = "/api/v1/fund/applications/"
PAY = {"confirm": True, "voucher_no": "PZ-2026-001"}  # 划拨: confirmed, with its payment voucher


def _approved_by(app, clerk, complete_documents, hospital_user) -> Application:
    complete_documents(app, hospital_user)
    transition_perform(case=app, name="start_review", actor=clerk)
    transition_perform(case=app, name="approve", actor=clerk)
    return app


def test_the_clerk_who_approved_may_not_pay_and_another_clerk_pays(submit, manager_clerk, cashier, hospital_user,
                                                                   complete_documents):
    dual = colleague_of(manager_clerk)  # holds both the clerk and the cashier role
    app = _approved_by(submit(), dual, complete_documents, hospital_user)
    assert app.state == S.APPROVED
    assert "pay" not in {t.name for t in transitions_available(case=app, user=dual)}
    with pytest.raises(TransitionNotAllowed, match="职责分离") as info:
        transition_perform(case=app, name="pay", actor=dual)
    assert "批准垫付" in info.value.message and "划拨" in info.value.message
    app.refresh_from_db()
    assert app.state == S.APPROVED and not LedgerEntry.objects.filter(application=app).exists()

    assert "pay" in {t.name for t in transitions_available(case=app, user=cashier)}
    assert transition_perform(case=app, name="pay", actor=cashier).case.state == S.PAID
    assert LedgerEntry.objects.filter(application=app).count() == 1


def test_the_api_refuses_the_same_account_with_a_403_in_chinese(api_client, submit, manager_clerk, cashier,
                                                               hospital_user, complete_documents):
    dual = colleague_of(manager_clerk)  # clerk and cashier
    app = _approved_by(submit(), dual, complete_documents, hospital_user)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=dual).key}")
    r = api_client.post(f"{BASE}{app.pk}/pay/", PAY, format="json")
    assert r.status_code == 403
    assert r.json()["error"]["message"].startswith("职责分离：您已对该事项办理过「批准垫付」")
    assert "pay" not in {a["name"] for a in api_client.get(f"{BASE}{app.pk}/").json()["actions"]}
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=cashier).key}")
    assert api_client.post(f"{BASE}{app.pk}/pay/", PAY, format="json").json()["state"] == "paid"


def test_submitting_for_approval_then_paying_after_an_office_approved_is_allowed(
        submit, manager_clerk, cashier, province_approver, hospital_user, complete_documents):
    app = submit(post7_amount="120000.00", post7_reasons="ICU")
    complete_documents(app, hospital_user)
    transition_perform(case=app, name="start_review", actor=manager_clerk)
    transition_perform(case=app, name="submit_for_approval", actor=manager_clerk)
    transition_perform(case=app, name="approve", actor=province_approver)
    assert transition_perform(case=app, name="pay", actor=cashier).case.state == S.PAID


def test_only_the_cashier_pays(submit, manager_clerk, cashier, hospital_user, complete_documents, client):
    """Issue 12 item 2: 划拨 is the cashier's (出纳); a reviewing clerk who did not approve still may not pay, and
    the case page offers 划拨 to the cashier only."""
    approver = colleague_of(manager_clerk)
    app = _approved_by(submit(), approver, complete_documents, hospital_user)
    assert "pay" not in {t.name for t in transitions_available(case=app, user=manager_clerk)}
    with pytest.raises(TransitionNotAllowed, match="无权"):
        transition_perform(case=app, name="pay", actor=manager_clerk)
    client.force_login(manager_clerk)
    assert f"/fund/applications/{app.pk}/pay/" not in client.get(app.get_absolute_url()).content.decode()
    client.force_login(cashier)
    page = client.get(app.get_absolute_url()).content.decode()
    assert f"/fund/applications/{app.pk}/pay/" in page
    assert "同意垫付。" in page  # the approver's opinion, by default 同意垫付 (issue 12 item 2)


def test_filing_or_submitting_excludes_approving_and_approving_excludes_paying():
    assert WORKFLOW.conflicting("approve") == {"create", "submit_for_approval", "pay"}
    assert WORKFLOW.conflicting("pay") == {"approve"}
    assert WORKFLOW.conflicting("create") == {"approve"}
    assert WORKFLOW.conflicting("start_review") == set()
