"""Pages: the clerk list (no N+1), the case page, the hospital portal and the ledger."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_clerk_list_runs_a_fixed_number_of_queries(client, submit, manager_clerk):
    client.force_login(manager_clerk)
    submit()
    with CaptureQueriesContext(connection) as few:
        assert client.get("/fund/applications/").status_code == 200
    for _ in range(5):
        submit(post7_amount="40000.00", post7_reasons="ICU")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/fund/applications/")
    assert len(many) == len(few)
    assert "11010519491231002X" not in response.content.decode()
    assert "110105********002X" in response.content.decode()


def test_case_page_shows_rule_trace_checklist_and_clocks(client, submit, manager_clerk):
    app = submit(post7_amount="120000.00", post7_reasons="ICU")
    client.force_login(manager_clerk)
    html = client.get(app.get_absolute_url()).content.decode()
    assert "FUND-A22" in html and "第二十二条" in html
    assert "审核期限" in html and "剩余" in html
    assert "抢救治疗费垫付通知书" in html
    assert "开始审核" in html


def test_other_hospital_gets_404_on_the_case_page(client, submit, other_hospital_user, outsider):
    app = submit()
    for user in (other_hospital_user, outsider):
        client.force_login(user)
        assert client.get(app.get_absolute_url()).status_code == 404
        assert client.post(f"{app.get_absolute_url()}start_review/").status_code == 404


def test_hospital_portal_submit_shows_field_errors_in_chinese(client, hospital_user, orgs):
    client.force_login(hospital_user)
    r = client.post("/fund/portal/new/", {
        "accident_at": "2026-11-01T08:00", "accident_place": "x", "region": "140105", "insurance_status": "uninsured",
        "casualties": 1, "deaths": 0, "victim_name": "张三", "victim_id_number": "110105194912310021",
        "treatment_started_at": "2026-11-01T09:00", "first7_amount": "100"})
    assert r.status_code == 200
    assert "GB 11643" in r.content.decode()


def test_reveal_is_audited(client, submit, manager_clerk):
    from gazette.audit.models import AuditEvent

    app = submit()
    client.force_login(manager_clerk)
    r = client.post(f"{app.get_absolute_url()}reveal/", follow=True)
    assert "11010519491231002X" in r.content.decode()
    assert AuditEvent.objects.filter(action="fund.reveal_id", actor=manager_clerk).exists()


def test_ledger_page_balances(client, manager_clerk, orgs):
    client.force_login(manager_clerk)
    r = client.post("/fund/ledger/", {"kind": "levy", "amount": "500000.00", "occurred_on": "2026-04-10",
                                      "source_ref": "JQX-2026Q1"}, follow=True)
    html = r.content.decode()
    assert "500000.00" in html and "账实相符" in html and "FUND-A15" in html


def test_hospital_cannot_open_the_ledger(client, hospital_user):
    client.force_login(hospital_user)
    assert client.get("/fund/ledger/").status_code == 404
