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
    assert "500,000.00" in html and "账实相符" in html and "FUND-A15" in html


def test_hospital_cannot_open_the_ledger(client, hospital_user):
    client.force_login(hospital_user)
    assert client.get("/fund/ledger/").status_code == 404


def test_clerk_list_shows_how_many_documents_each_application_lacks(client, submit, manager_clerk, hospital_user,
                                                                     complete_documents):
    complete_documents(submit(), hospital_user)
    submit()
    client.force_login(manager_clerk)
    html = client.get("/fund/applications/").content.decode()
    assert html.count("缺5项") == 1  # the bare application lacks the 5 items of a hospital's treatment checklist


def _xlsx_rows(response):
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_application_export_keeps_the_filters_and_masks_id_numbers_and_accounts(client, submit, manager_clerk):
    submit()
    submit(kind="treatment", post7_amount="40000.00", post7_reasons="ICU")
    client.force_login(manager_clerk)
    response = client.get("/fund/applications/export.xlsx?state=received&q=FUND")
    assert response.status_code == 200
    rows = _xlsx_rows(response)
    assert rows[0][0] == "编号" and len(rows) == 3
    flat = " ".join(str(v) for row in rows for v in row)
    assert "11010519491231002X" not in flat and "110105********002X" in flat
    assert "6222020200112233445" not in flat
    assert len(_xlsx_rows(client.get("/fund/applications/export.xlsx?state=paid"))) == 1


def test_ledger_export_and_outsider_gets_404(client, manager_clerk, outsider, hospital_user):
    from datetime import date
    from decimal import Decimal

    from fund.services import ledger_inflow_record

    ledger_inflow_record(actor=manager_clerk, kind="levy", amount=Decimal("1000.00"), occurred_on=date(2026, 1, 5))
    client.force_login(manager_clerk)
    rows = _xlsx_rows(client.get("/fund/ledger/export.xlsx"))
    assert rows[1][3] == 1000 and rows[1][1] == "交强险保险费提取"
    for user in (outsider, hospital_user):
        client.force_login(user)
        assert client.get("/fund/ledger/export.xlsx").status_code == 404
        assert client.get("/fund/applications/export.xlsx").status_code == 404
        assert client.get("/fund/recoveries/export.xlsx").status_code == 404


def test_hospital_portal_lists_what_each_request_still_lacks(client, submit, hospital_user, complete_documents):
    complete_documents(submit(), hospital_user)
    submit()
    client.force_login(hospital_user)
    html = client.get("/fund/portal/").content.decode()
    assert html.count("抢救治疗费垫付通知书") == 1


def _portal_form(**overrides) -> dict:
    from django.utils import timezone

    at = (timezone.localtime() - timezone.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    return {"accident_at": at, "accident_place": "长治路", "region": "140105", "insurance_status": "uninsured",
            "casualties": "1", "deaths": "0", "victim_name": "张三", "victim_id_number": "11010519491231002X",
            "treatment_started_at": at, "first7_amount": "16000", "post7_amount": "0", **overrides}


def test_hospital_submits_with_its_documents_all_or_nothing(client, hospital_user, orgs):
    """Issue 12 item 13: several files per document at submission, only this kind's documents; a bad file (or a
    bad field) saves nothing and every error is answered at once."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fund.models import Application
    from gazette.documents.models import Attachment

    def pdf(name):
        return SimpleUploadedFile(name, b"%PDF-1.4 " + name.encode(), "application/pdf")

    client.force_login(hospital_user)
    page = client.get("/fund/portal/new/").content.decode()
    assert 'name="doc_cost_list"' in page and "multiple" in page and "data-max-bytes" in page
    assert 'name="doc_body_notice"' not in page  # a funeral document is not asked of a treatment request
    bad = client.post("/fund/portal/new/", _portal_form(
        victim_id_number="110105194912310021",
        doc_cost_list=[pdf("清单1.pdf"), SimpleUploadedFile("清单2.pdf", b"MZ", "application/pdf")]))
    text = bad.content.decode()
    assert bad.status_code == 200 and "GB 11643" in text and "清单2.pdf" in text
    assert not Application.objects.exists() and not Attachment.objects.exists()
    ok = client.post("/fund/portal/new/", _portal_form(
        doc_cost_list=[pdf("清单1.pdf"), pdf("清单2.pdf")], doc_police_advance_notice=[pdf("通知书.pdf")]))
    app = Application.objects.get()
    assert ok.status_code == 302 and ok["Location"] == app.get_absolute_url()
    assert sorted(Attachment.objects.filter(object_id=app.pk).values_list("checklist_code", flat=True)) == [
        "cost_list", "cost_list", "police_advance_notice"]
    assert "已上传材料3份" in client.get(app.get_absolute_url()).content.decode()
