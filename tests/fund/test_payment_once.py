"""Payment happens exactly once (FUND-A29 划拨): a retried API request with the same Idempotency-Key replays the
first answer, a retry with another key is a 409, and two concurrent requests on PostgreSQL pay once."""

from __future__ import annotations

import threading

import pytest
from rest_framework.test import APIClient

from fund.models import LedgerEntry
from gazette.workflow.engine import transition_perform
from tests.fund.conftest import colleague_of

PAY = {"confirm": True, "voucher_no": "PZ-2026-001"}


def _approved(submit, manager_clerk, hospital_user, complete_documents):
    app = submit()
    complete_documents(app, hospital_user)
    for name in ("start_review", "approve"):
        transition_perform(case=app, name=name, actor=manager_clerk)
    return app


@pytest.mark.django_db
def test_retry_with_the_same_key_replays_and_another_key_is_a_conflict(api_client, submit, manager_clerk,
                                                                       hospital_user, complete_documents):
    app = _approved(submit, manager_clerk, hospital_user, complete_documents)
    api_client.force_authenticate(colleague_of(manager_clerk))
    url = f"/api/v1/fund/applications/{app.pk}/pay/"
    first = api_client.post(url, PAY, format="json", HTTP_IDEMPOTENCY_KEY="pay-1")
    again = api_client.post(url, PAY, format="json", HTTP_IDEMPOTENCY_KEY="pay-1")
    other = api_client.post(url, PAY, format="json", HTTP_IDEMPOTENCY_KEY="pay-2")
    bare = api_client.post(url, PAY, format="json")
    assert first.status_code == again.status_code == 200
    assert again["Idempotent-Replayed"] == "true" and again.json()["state"] == "paid"
    assert other.status_code == bare.status_code == 409
    assert LedgerEntry.objects.filter(application=app).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("keys", [("same", "same"), ("k-a", "k-b"), (None, None)])
def test_two_concurrent_pay_requests_pay_once(submit, manager_clerk, hospital_user, complete_documents, keys):
    app = _approved(submit, manager_clerk, hospital_user, complete_documents)
    payer = colleague_of(manager_clerk)
    url = f"/api/v1/fund/applications/{app.pk}/pay/"
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def pay(key):
        from django.db import connection

        client = APIClient()
        client.force_authenticate(payer)
        barrier.wait()
        try:
            extra = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
            statuses.append(client.post(url, PAY, format="json", **extra).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=pay, args=(k,)) for k in keys]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert LedgerEntry.objects.filter(application=app).count() == 1
    assert statuses.count(200) == (2 if keys[0] == keys[1] and keys[0] else 1)
    assert sorted(statuses) == ([200, 200] if keys[0] == keys[1] and keys[0] else [200, 409])
