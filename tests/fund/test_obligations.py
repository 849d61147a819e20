"""Duties owed to the fund (FUND-A15 levy ratio and insurers' transfers, FUND-A16 fines), the FUND-A45 warning of
an insurer still short after a reminder, the FUND-A35 determination clock and the FUND-A41 public page."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fund import services
from fund.models import FundObligation
from gazette.deadlines.models import Deadline
from tests.fund.conftest import colleague_of

pytestmark = pytest.mark.django_db


def _due(obj, kind):
    return timezone.localtime(Deadline.objects.get(object_id=obj.pk, kind=kind).due_at).date()


def test_quarter_end_creates_insurer_and_fines_transfers_due_in_10_working_days_once(orgs):
    rows = services.obligations_schedule_quarter(year=2026, quarter=3)
    kinds = {(r.kind, r.organisation_id) for r in rows}
    assert ("levy_transfer", orgs["insurer"].pk) in kinds and ("fines_transfer", orgs["finance"].pk) in kinds
    levy = next(r for r in rows if r.kind == "levy_transfer")
    # 30 Sep ends Q3; 1-8 Oct 2026 are National Day holidays (10 Oct is a make-up working day).
    assert _due(levy, "levy_transfer") > date(2026, 10, 14)
    assert Deadline.objects.get(object_id=levy.pk, kind="levy_transfer").rule_id == "FUND-A15"
    fines = next(r for r in rows if r.kind == "fines_transfer")
    assert Deadline.objects.get(object_id=fines.pk, kind="fines_transfer").rule_id == "FUND-A16"
    services.obligations_schedule_quarter(year=2026, quarter=3)
    assert FundObligation.objects.count() == len(rows)


def test_levy_ratio_is_due_by_15_may(orgs):
    obligation = services.obligation_schedule_levy_ratio(year=2026)
    assert _due(obligation, "levy_ratio") == date(2026, 5, 15)  # a Friday
    services.obligation_fulfil(obligation=obligation, actor=None)
    assert Deadline.objects.get(object_id=obligation.pk, kind="levy_ratio").status == "met"


def test_insurer_short_more_than_3_working_days_after_the_reminder_is_warned_and_named_once(orgs):
    from gazette.notices.models import PublicNotice

    levy = next(r for r in services.obligations_schedule_quarter(year=2026, quarter=3) if r.kind == "levy_transfer")
    reminded = timezone.make_aware(datetime(2026, 10, 19, 10, 0))  # Monday
    with time_machine.travel(reminded, tick=False):
        services.insurer_reminder_record(obligation=levy, actor=None)
    assert services.insurer_warnings_issue(today=date(2026, 10, 22)) == []  # 3rd working day: still in time
    assert services.insurer_warnings_issue(today=date(2026, 10, 23)) == [levy.pk]
    assert services.insurer_warnings_issue(today=date(2026, 10, 26)) == []  # never twice
    levy.refresh_from_db()
    assert levy.warned_at and levy.rule_trace[0]["rule"] == "FUND-A45"
    notice = PublicNotice.objects.get()
    assert orgs["insurer"].name in notice.title and "第四十五条" in notice.content


def test_fulfilled_transfer_is_never_warned(orgs):
    levy = next(r for r in services.obligations_schedule_quarter(year=2026, quarter=3) if r.kind == "levy_transfer")
    services.insurer_reminder_record(obligation=levy, actor=None)
    services.obligation_fulfil(obligation=levy, actor=None, amount=Decimal("100.00"))
    assert services.insurer_warnings_issue(today=timezone.localdate() + timedelta(days=30)) == []


def test_police_determination_clock_runs_7_working_days_and_stops_on_upload(submit, manager_clerk, orgs):
    app = submit(police_unit=orgs["police_xd"].pk)
    services.determination_made_record(application=app, actor=manager_clerk, made_on=date(2026, 11, 2))
    deadline = Deadline.objects.get(object_id=app.pk, kind="determination")
    assert deadline.rule_id == "FUND-A35" and _due(app, "determination") == date(2026, 11, 11)
    services.application_attachment_add(application=app, actor=manager_clerk, code="accident_determination",
                                        upload=SimpleUploadedFile("rd.pdf", b"%PDF-1.4 x", "application/pdf"))
    deadline.refresh_from_db()
    assert deadline.status == "met"


def test_public_page_needs_no_login_and_shows_figures_but_no_personal_data(client, submit, manager_clerk,
                                                                         hospital_user, complete_documents):
    from gazette.workflow.engine import transition_perform

    services.ledger_inflow_record(actor=manager_clerk, kind="levy", amount=Decimal("50000.00"),
                                  occurred_on=date(2026, 1, 5))
    app = submit()
    complete_documents(app, hospital_user)
    payer = colleague_of(manager_clerk)
    for name in ("start_review", "approve", "pay"):
        transition_perform(case=app, name=name, actor=payer if name == "pay" else manager_clerk)
    html = client.get("/fund/public/").content.decode()
    assert "50,000.00" in html and "15,000.00" in html and "35,000.00" in html
    assert "抢救治疗费垫付通知书" in html and "第二十九条" in html
    assert app.victim_name not in html and "110105" not in html and app.reference not in html


def test_public_page_in_english(client):
    html = client.get("/fund/public/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Raised to date" in html and "How to apply" in html


def test_ledger_page_lists_reports_and_duties_and_the_manager_submits_a_report(client, manager_clerk, orgs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fund.models import FundReport

    report = services.report_schedule_quarterly(year=2026, quarter=3)
    services.obligations_schedule_quarter(year=2026, quarter=3)
    client.force_login(manager_clerk)
    client.get("/fund/ledger/")  # warm: the process's copies of the reference tables (gazette/refdata.py)
    with CaptureQueriesContext(connection) as few:
        html = client.get("/fund/ledger/").content.decode()
    assert "2026Q3" in html and "FUND-A42" in html and "FUND-A15" in html and "FUND-A16" in html
    services.obligations_schedule_quarter(year=2026, quarter=2)
    services.report_schedule_quarterly(year=2026, quarter=2)
    with CaptureQueriesContext(connection) as many:
        client.get("/fund/ledger/")
    assert len(many) == len(few)
    client.post(f"/fund/ledger/reports/{report.pk}/submit/")
    assert FundReport.objects.get(pk=report.pk).submitted_at is not None


def test_only_the_manager_records_duties_and_reports(client, hospital_user, province_approver, orgs):
    report = services.report_schedule_quarterly(year=2026, quarter=3)
    levy = services.obligations_schedule_quarter(year=2026, quarter=3)[0]
    # The provincial office sees the ledger and its reports but may not submit them (403); a hospital sees none (404).
    for user, status in ((hospital_user, 404), (province_approver, 403)):
        client.force_login(user)
        assert client.post(f"/fund/ledger/reports/{report.pk}/submit/").status_code == status
        assert client.post(f"/fund/ledger/obligations/{levy.pk}/fulfil/").status_code == status
    levy.refresh_from_db()
    report.refresh_from_db()
    assert levy.fulfilled_at is None and report.state == "due"


def test_manager_records_the_determination_date_on_the_case_page(client, submit, manager_clerk, hospital_user):
    app = submit()
    client.force_login(hospital_user)
    assert 'name="made_on"' not in client.get(app.get_absolute_url()).content.decode()
    assert client.post(f"/fund/applications/{app.pk}/determination/", {"made_on": "2026-11-02"}).status_code == 403
    client.force_login(manager_clerk)
    client.post(f"/fund/applications/{app.pk}/determination/", {"made_on": "2026-11-02"})
    assert Deadline.objects.filter(object_id=app.pk, kind="determination", rule_id="FUND-A35").exists()


def test_a_report_submitted_late_leaves_the_overdue_list(client, manager_clerk, orgs):
    """Issue 12 item 15: the 2026Q3 report (due 15 working days after the quarter) breached, then submitted."""
    from gazette.deadlines.selectors import deadline_list_overdue
    from gazette.deadlines.services import deadlines_sweep

    report = services.report_schedule_quarterly(year=2026, quarter=3)
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=timezone.get_current_timezone()), tick=False):
        deadlines_sweep()
        assert [d.object_id for d in deadline_list_overdue(user=manager_clerk)] == [report.pk]
        client.force_login(manager_clerk)
        assert report.reference in client.get("/deadlines/overdue/").content.decode()
        client.post(f"/fund/ledger/reports/{report.pk}/submit/")
        assert not deadline_list_overdue(user=manager_clerk).exists()
        assert report.reference not in client.get("/deadlines/overdue/").content.decode()
    assert Deadline.objects.get(object_id=report.pk).status == "breached"  # the lateness stays on record
