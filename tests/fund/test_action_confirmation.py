"""Irreversible fund steps ask for confirmation on their own page (declared ``confirm``): 不予垫付 and 划拨."""

from __future__ import annotations

import pytest

from fund.models import LedgerEntry
from gazette.workflow.engine import transition_perform

pytestmark = pytest.mark.django_db


def test_refusing_opens_a_confirmation_page_and_refuses_only_once_confirmed(client, submit, manager_clerk):
    app = submit()
    transition_perform(case=app, name="start_review", actor=manager_clerk)
    client.force_login(manager_clerk)
    case_page = client.get(app.get_absolute_url()).content.decode()
    assert f'action="{app.get_absolute_url()}refuse/"' in case_page and 'method="get"' in case_page
    page = client.get(f"{app.get_absolute_url()}refuse/").content.decode()
    assert "不能撤回" in page and 'name="confirm"' in page
    response = client.post(f"{app.get_absolute_url()}refuse/", {"comment": "不符合第二十一条", "expected_state":
                                                                    "under_review"})
    assert response.status_code == 400 and "请确认后再办理" in response.content.decode()
    app.refresh_from_db()
    assert app.state == "under_review"
    response = client.post(f"{app.get_absolute_url()}refuse/", {"comment": "不符合第二十一条", "confirm": "on",
                                                                  "expected_state": "under_review"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == "refused" and app.refusal_reason == "不符合第二十一条"


def test_paying_records_the_voucher_and_its_date(client, submit, manager_clerk, cashier, hospital_user,
                                                 complete_documents):
    app = submit()
    complete_documents(app, hospital_user)
    for name in ("start_review", "approve"):
        transition_perform(case=app, name=name, actor=manager_clerk)
    client.force_login(cashier)
    url = f"{app.get_absolute_url()}pay/"
    response = client.post(url, {"confirm": "on", "paid_on": "2099-01-01"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "请填写付款凭证号" in page and "付款日期不能晚于今日" in page
    assert not LedgerEntry.objects.filter(application=app).exists()
    response = client.post(url, {"confirm": "on", "voucher_no": "PZ-2026-0099"})
    assert response.status_code == 302
    entry = LedgerEntry.objects.get(application=app)
    assert entry.source_ref == "PZ-2026-0099" and entry.amount == app.advance_amount
