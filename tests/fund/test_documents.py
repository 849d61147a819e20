"""The fund's official documents: queued after commit, issued by the fund manager with gap-free 晋救基 numbers,
shown on the case page and in the API with permission-checked downloads, personal data masked."""

from __future__ import annotations

import subprocess
from datetime import date
from decimal import Decimal

import pytest

from fund.models import Application
from gazette.documents.models import GeneratedDocument
from gazette.workflow.actions import action_perform
from gazette.workflow.engine import transition_perform
from tests.fund.conftest import colleague_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendered(monkeypatch, django_capture_on_commit_callbacks):
    """Run the effects after commit and the queued ``documents.generate`` tasks in this process (the task body
    itself; a real worker runs it in test_a_real_worker_renders_the_notices_of_a_payment)."""
    from gazette.documents import tasks

    queued: list[dict] = []
    monkeypatch.setattr(tasks.generate, "delay", lambda **kw: queued.append(kw) or tasks.generate(**kw))

    class Capture:
        def __init__(self):
            self.queued = queued

        def __call__(self):
            return django_capture_on_commit_callbacks(execute=True)

    return Capture()


def _text(doc: GeneratedDocument) -> str:
    """The PDF's text as poppler reads it, without the spaces and line breaks of the layout."""
    out = subprocess.run(["pdftotext", doc.file.path, "-"], check=True, capture_output=True, text=True).stdout
    return "".join(out.split())


def _paid(submit, manager_clerk, hospital_user, complete_documents, rendered, **overrides) -> Application:
    app = submit(**overrides)
    complete_documents(app, hospital_user)
    with rendered():
        transition_perform(case=app, name="start_review", actor=manager_clerk)
        transition_perform(case=app, name="approve", actor=manager_clerk)
        transition_perform(case=app, name="pay", actor=colleague_of(manager_clerk))
    return app


def test_approval_and_payment_issue_review_result_notices_and_the_police_assist_notice(
        submit, manager_clerk, hospital_user, complete_documents, rendered, orgs):
    app = _paid(submit, manager_clerk, hospital_user, complete_documents, rendered, police_unit=orgs["police_xd"].pk)
    docs = list(GeneratedDocument.objects.filter(object_id=str(app.pk)).order_by("sequence_number"))
    assert [d.kind for d in docs] == ["fund.review_result", "fund.review_result", "fund.assist_notice"]
    year = docs[0].year
    assert [d.number for d in docs] == [f"晋救基〔{year}〕{n}号" for n in (1, 2, 3)]  # gap-free, fund manager's
    assert all(d.organisation == orgs["fund_manager"] for d in docs)
    assert docs[0].recipients == [orgs["police_xd"].name, app.applicant_name]
    approved, paid, assist = (_text(d) for d in docs)
    assert "15,000.00" in approved and "2个工作日" in approved
    assert "已于" in paid and "划拨" in paid
    assert "第三十二条" in assist and "协助" in assist
    assert docs[2].recipients == [orgs["police_xd"].name]
    # The place typed as "小店区长治路…" is printed once after the county's full name (issue 12, item 11).
    for text in (approved, paid, assist):
        assert "山西省太原市小店区长治路与南中环交叉口" in text and "小店区小店区" not in text
    for text in (approved, paid, assist):
        assert "11010519491231002X" not in text and "110105********002X" in text
        assert "6222020200112233445" not in text
    # A redelivered task returns the first document and consumes no number.
    again = rendered.queued[0]
    from gazette.documents.tasks import generate

    assert generate(**again) == docs[0].pk
    assert GeneratedDocument.objects.count() == 3


def test_refusal_notice_gives_the_reasons_and_the_articles_of_the_failed_rules(
        submit, manager_clerk, rendered, orgs):
    app = submit(insurance_status="insured", first7_amount="3000.00")
    with rendered():
        transition_perform(case=app, name="start_review", actor=manager_clerk)
        transition_perform(case=app, name="refuse", actor=manager_clerk, comment="不符合垫付情形",
                           data={"reason": "不符合第二十一条规定的垫付情形"})
    doc = GeneratedDocument.objects.get(object_id=str(app.pk))
    assert doc.kind == "fund.refusal" and doc.title == "不予垫付通知书"
    text = _text(doc)
    assert "不符合第二十一条规定的垫付情形" in text
    assert "FUND-A21" in text and "第二十一条" in text
    assert "11010519491231002X" not in text


def test_insurer_assist_notice_and_settlement_certificate(submit, manager_clerk, hospital_user, complete_documents,
                                                          rendered, orgs):

    app = _paid(submit, manager_clerk, hospital_user, complete_documents, rendered)
    with rendered():
        rec = action_perform(obj=app.recovery, name="determine", actor=manager_clerk, data={
            "obligor_name": "赵某", "liability": "full", "insured": True, "insurer": orgs["insurer"]}).case
        action_perform(obj=rec, name="repayment", actor=manager_clerk, data={"amount": rec.amount_due})
    insurer_notice = GeneratedDocument.objects.get(object_id=str(app.pk), kind="fund.assist_notice",
                                                   recipients=[orgs["insurer"].name])
    assert "第三十三条" in _text(insurer_notice) and "交强险" in _text(insurer_notice)
    settlement = GeneratedDocument.objects.get(object_id=str(app.pk), kind="fund.settlement")
    text = _text(settlement)
    assert settlement.title == "结清证明" and "赵某" in text and "结清" in text and "第三十八条" in text


def test_case_page_and_api_list_documents_with_downloads_an_outsider_cannot_use(
        client, api_client, submit, manager_clerk, hospital_user, complete_documents, rendered, outsider,
        other_hospital_user):
    app = _paid(submit, manager_clerk, hospital_user, complete_documents, rendered)
    client.force_login(hospital_user)
    html = client.get(app.get_absolute_url()).content.decode()
    assert "审核结果通知书" in html and "晋救基" in html
    api_client.force_authenticate(hospital_user)
    issued = api_client.get(f"/api/v1/fund/applications/{app.pk}/").json()["issued_documents"]
    assert {d["title"] for d in issued} == {"审核结果通知书", "协助追偿通知书"}
    url = issued[0]["url"]
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    for user in (outsider, other_hospital_user):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_quarterly_report_from_the_ledger_on_submission(manager_clerk, rendered, orgs):
    from fund.services import ledger_inflow_record, report_schedule_quarterly, report_submit

    ledger_inflow_record(actor=manager_clerk, kind="levy", amount=Decimal("300000.00"), occurred_on=date(2026, 8, 3))
    ledger_inflow_record(actor=manager_clerk, kind="fine", amount=Decimal("1200.50"), occurred_on=date(2026, 9, 30))
    ledger_inflow_record(actor=manager_clerk, kind="fine", amount=Decimal("99.00"), occurred_on=date(2026, 10, 1))
    report = report_schedule_quarterly(year=2026, quarter=3)
    with rendered():
        report_submit(report=report, actor=manager_clerk)
        report_submit(report=report, actor=manager_clerk)
    doc = GeneratedDocument.objects.get(kind="fund.quarterly_report")
    assert doc.title == "2026年第3季度财务会计报告" and doc.number.startswith("晋救基")
    text = _text(doc)
    assert "301,200.50" in text and "未投保交强险罚款" in text and "99.00" not in text


def test_annual_report_is_numbered_by_the_manager_and_the_finance_report_has_no_pdf(manager_clerk, rendered,
                                                                                     orgs):
    from fund.services import ledger_inflow_record, report_schedule_annual, report_submit

    ledger_inflow_record(actor=manager_clerk, kind="interest", amount=Decimal("812.34"), occurred_on=date(2026, 5, 1))
    reports = {r.kind: r for r in report_schedule_annual(year=2027)}
    with rendered():
        report_submit(report=reports["annual"], actor=manager_clerk)
        report_submit(report=reports["finance_annual"], actor=manager_clerk)
    doc = GeneratedDocument.objects.get()
    assert doc.kind == "fund.annual_report" and doc.title == "2026年度工作报告和财务会计报告"
    assert "812.34" in _text(doc) and "救助基金孳息" in _text(doc)


@pytest.mark.worker
def test_a_real_worker_renders_the_notices_of_a_payment(celery_worker, submit, manager_clerk, hospital_user,
                                                        complete_documents):
    import time

    app = submit()
    complete_documents(app, hospital_user)
    payer = colleague_of(manager_clerk)
    for name in ("start_review", "approve", "pay"):
        transition_perform(case=app, name=name, actor=payer if name == "pay" else manager_clerk)
    for _ in range(300):
        if GeneratedDocument.objects.filter(object_id=str(app.pk)).count() == 3:
            break
        time.sleep(0.1)
    assert sorted(GeneratedDocument.objects.filter(object_id=str(app.pk)).values_list("sequence_number", flat=True)
                  ) == [1, 2, 3]
