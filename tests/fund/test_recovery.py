"""Recovery (追偿) and write-off (核销) through the pages and the API, scoped by role: the fund manager, the recovery
trustee (only what was handed to it) and the joint meeting; everyone else gets a 404."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from fund.models import LedgerEntry, Recovery
from gazette.workflow.engine import transition_perform

pytestmark = pytest.mark.django_db
API = "/api/v1/fund/recoveries/"


@pytest.fixture
def trustee_user(make_user, orgs):
    return make_user("clerk", organisation=orgs["trustee"])


@pytest.fixture
def paid(submit, manager_clerk, cashier, hospital_user, complete_documents):
    def _paid(**overrides):
        app = submit(**overrides)
        complete_documents(app, hospital_user)
        for name in ("start_review", "approve", "pay"):
            transition_perform(case=app, name=name, actor=cashier if name == "pay" else manager_clerk)
        return app.recovery

    return _paid


def test_trustee_sees_a_recovery_only_once_handed_over_then_collects_and_deposits(
        api_client, paid, manager_clerk, trustee_user):
    rec = paid()
    api_client.force_authenticate(trustee_user)
    assert api_client.get(f"{API}{rec.pk}/").status_code == 404
    assert api_client.get(API).json()["count"] == 0

    api_client.force_authenticate(manager_clerk)
    r = api_client.post(f"{API}{rec.pk}/determine/", {"obligor_name": "赵某", "liability": "main"}, format="json")
    assert r.status_code == 200 and r.json()["amount_due"] == "10500.00"
    # Not handed over yet: a collection is for the trustee, in the trustee's state (409 names the state).
    assert api_client.post(f"{API}{rec.pk}/collection/", {"amount": "1"}, format="json").status_code == 409
    r = api_client.post(f"{API}{rec.pk}/hand-over/", {}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "with_trustee"
    assert api_client.post(f"{API}{rec.pk}/hand-over/", {}, format="json").status_code == 409  # wrong state

    api_client.force_authenticate(trustee_user)
    body = api_client.get(f"{API}{rec.pk}/").json()
    names = [a["name"] for a in body["actions"]]
    assert "collection" in names and "hand-over" not in names
    r = api_client.post(f"{API}{rec.pk}/collection/", {"amount": "10500.00"}, format="json")
    assert r.status_code == 200
    collection = r.json()["collections"][0]
    assert collection["deposited_at"] is None
    r = api_client.post(f"{API}{rec.pk}/deposit/", {"collection": collection["id"]}, format="json")
    assert r.status_code == 200
    assert r.json()["state"] == "settled" and r.json()["settlement_no"]
    assert LedgerEntry.objects.filter(kind="recovery", amount=Decimal("10500.00")).count() == 1


def test_bad_amount_is_a_400_naming_the_field(api_client, paid, manager_clerk):
    rec = paid()
    api_client.force_authenticate(manager_clerk)
    r = api_client.post(f"{API}{rec.pk}/repayment/", {"amount": "-5"}, format="json")
    assert r.status_code == 400 and "amount" in r.json()["error"]["fields"]


def test_write_off_on_a40_grounds_decided_by_the_joint_meeting_only(api_client, paid, manager_clerk,
                                                                    joint_meeting_user, trustee_user):
    rec = paid(hit_and_run=True)
    api_client.force_authenticate(manager_clerk)
    api_client.post(f"{API}{rec.pk}/assist-notice/", {}, format="json")
    r = api_client.post(f"{API}{rec.pk}/write-off-submit/", {"ground": "hit_and_run_unsolved"}, format="json")
    assert r.status_code == 422 and "3年" in r.json()["error"]["message"]
    assert r.json()["error"]["rule_trace"][0]["rule"] == "FUND-A40"
    with time_machine.travel(timezone.now() + timedelta(days=3 * 366 + 1)):
        r = api_client.post(f"{API}{rec.pk}/write-off-submit/", {"ground": "hit_and_run_unsolved"}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "write_off_pending"
    assert r.json()["write_offs"][0]["rule_trace"][0]["rule"] == "FUND-A40"
    assert api_client.post(f"{API}{rec.pk}/write-off-decide/", {"decision": "approve", "confirm": True},
                           format="json").status_code == 403
    api_client.force_authenticate(joint_meeting_user)
    assert [a["name"] for a in api_client.get(f"{API}{rec.pk}/").json()["actions"]] == ["write-off-decide"]
    r = api_client.post(f"{API}{rec.pk}/write-off-decide/", {"decision": "approve"}, format="json")
    assert r.status_code == 400 and "confirm" in r.json()["error"]["fields"]  # irreversible: confirmed first
    r = api_client.post(f"{API}{rec.pk}/write-off-decide/", {"decision": "approve", "confirm": True}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "written_off"
    r = api_client.post(f"{API}{rec.pk}/write-off-decide/", {"decision": "approve", "confirm": True}, format="json")
    assert r.status_code == 409  # nothing left to decide


@pytest.mark.parametrize("who", ["outsider", "hospital_user", "trustee_user"])
def test_outsiders_get_404_on_recovery_pages_and_api(client, api_client, paid, who, request):
    rec = paid()
    user = request.getfixturevalue(who)
    client.force_login(user)
    api_client.force_authenticate(user)
    assert api_client.get(f"{API}{rec.pk}/").status_code == 404
    assert api_client.post(f"{API}{rec.pk}/hand-over/", {}, format="json").status_code == 404
    assert client.get(f"/fund/recoveries/{rec.pk}/").status_code == 404
    assert client.post(f"/fund/recoveries/{rec.pk}/hand-over/").status_code == 404
    assert Recovery.objects.get(pk=rec.pk).state == "open"


def test_manager_records_hand_over_and_settlement_on_the_page(client, paid, manager_clerk):
    rec = paid()
    client.force_login(manager_clerk)
    html = client.get("/fund/recoveries/").content.decode()
    assert rec.reference in html
    html = client.get(f"/fund/recoveries/{rec.pk}/").content.decode()
    assert "移交追偿受托人" in html and 'data-action="repayment"' in html
    client.post(f"/fund/recoveries/{rec.pk}/determine/", {"obligor_name": "赵某", "liability": "full"})
    client.post(f"/fund/recoveries/{rec.pk}/repayment/", {"amount": "15000.00", "source_ref": "HK-1"})
    rec.refresh_from_db()
    assert rec.state == "settled"
    html = client.get(f"/fund/recoveries/{rec.pk}/").content.decode()
    assert "已结清" in html and 'data-action="repayment"' not in html


def test_trustee_sees_an_application_only_once_its_recovery_is_handed_over(
        api_client, paid, manager_clerk, trustee_user):
    """Personal data is scoped by need to know: the trustee sees the victim's application only after hand-over."""
    from fund.models import Application
    from gazette.permissions import visible

    rec = paid()
    assert not visible(trustee_user, Application).filter(pk=rec.application_id).exists()
    api_client.force_authenticate(manager_clerk)
    api_client.post(f"{API}{rec.pk}/determine/", {"obligor_name": "赵某", "liability": "main"}, format="json")
    assert api_client.post(f"{API}{rec.pk}/hand-over/", {}, format="json").status_code == 200
    assert list(visible(trustee_user, Application).values_list("pk", flat=True)) == [rec.application_id]


def test_the_ledger_reconciliation_fails_when_recovery_income_does_not_match(manager_clerk, paid):
    """Issue 12 item 1: recovery income booked beside its recovery, above what is owed or without a recovery makes
    the reconciliation fail with the reference; recovery income cannot be typed into the ledger directly."""
    from django.core.exceptions import ValidationError

    from fund import services
    from fund.models import LedgerEntry
    from fund.selectors import ledger_reconcile

    rec = paid()
    assert ledger_reconcile().ok
    with pytest.raises(ValidationError) as exc:
        services.ledger_inflow_record(actor=manager_clerk, kind="recovery", amount=Decimal("100.00"),
                                      occurred_on=date(2026, 11, 2))
    assert "第三十八条" in exc.value.message_dict["kind"][0]
    # A row put in behind the service's back (an import, the database console) is found.
    LedgerEntry.objects.create(kind="recovery", direction="in", amount=Decimal("9999999.00"),
                               occurred_on=date(2026, 11, 2), recovery=rec, source_ref="X-1")
    recon = ledger_reconcile()
    assert not recon.ok
    assert any(rec.reference in u and "不符" in u for u in recon.unmatched)
    type(rec).objects.filter(pk=rec.pk).update(amount_recovered=Decimal("9999999.00"))
    assert any(rec.reference in u and "超过应追偿" in u for u in ledger_reconcile().unmatched)
