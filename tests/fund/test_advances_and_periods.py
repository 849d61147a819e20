"""How much the fund advances and until when one may apply: FUND-A21 (partial advances, the insurer's 30 days),
FUND-A23/A25 windows on the working-day calendar, the reviewer's adjustment, FUND-A26 custody, FUND-A31 insurer
limits, FUND-A15 suspension of the levy and the money format of pages."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fund import services
from fund.models import Application, FundObligation
from gazette.audit.models import AuditEvent
from gazette.workflow.actions import action_perform
from gazette.workflow.engine import transition_perform
from gazette.workflow.exceptions import TransitionConflict
from tests.fund.conftest import colleague_of

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
D = Decimal


def _at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=SH)


def _entry(app, rule_id):
    return next(e for e in app.rule_trace if e["rule"] == rule_id)


# --- FUND-A21 (三): the insurer's 30 days ---------------------------------------------------------------------
@pytest.mark.parametrize(("today", "holds"), [
    ("2026-03-31", False),  # day 29 after the accident
    ("2026-04-01", False),  # day 30: the period ends at 24:00 today, the insurer may still pay
    ("2026-04-02", True),   # day 31: 30 days passed without payment
])
def test_insurer_not_paid_is_a_ground_only_after_30_days_from_the_accident(submit, today, holds):
    with time_machine.travel(_at(today), tick=False):
        app = submit(insurance_status="insurer_not_paid", accident_at="2026-03-02T08:00:00+08:00",
                     treatment_started_at="2026-03-02T09:00:00+08:00")
    a21 = _entry(app, "FUND-A21")
    assert (a21["outcome"] == "passed") is holds
    assert a21["figures"]["insurer_period_ends_on"] == "2026-04-01"


def test_insurer_not_paid_on_day_9_cannot_be_approved(submit, manager_clerk, hospital_user, complete_documents):
    with time_machine.travel(_at("2026-03-11"), tick=False):
        app = submit(insurance_status="insurer_not_paid", accident_at="2026-03-02T08:00:00+08:00",
                     treatment_started_at="2026-03-02T09:00:00+08:00")
        complete_documents(app, hospital_user)
        transition_perform(case=app, name="start_review", actor=manager_clerk)
        from gazette.workflow.exceptions import GuardFailed

        with pytest.raises(GuardFailed) as exc:
            transition_perform(case=app, name="approve", actor=manager_clerk)
    assert "FUND-A21" in str(exc.value.message) and "2026-04-01" in str(exc.value.message)
    with time_machine.travel(_at("2026-04-02"), tick=False):
        transition_perform(case=app, name="approve", actor=manager_clerk)
    assert app.state == "approved"


# --- FUND-A21 (一) "部分或者全部" ---------------------------------------------------------------------------------
def test_insured_victim_gets_the_part_above_the_insurers_medical_limit(submit):
    app = submit(insurance_status="insured", first7_amount="20000.00", post7_amount="5000.00",
                 post7_reasons="ICU")
    assert app.advance_amount == D("7000.00")  # 25,000 − 18,000 交强险医疗费用赔偿限额
    figures = _entry(app, "FUND-A21")["figures"]
    assert D(figures["advance_amount"]) == D("7000.00") and D(figures["insurer_covers"]) == D("18000.00")


def test_uninsured_victim_gets_the_whole_cost(submit):
    app = submit(insurance_status="uninsured", first7_amount="20000.00")
    assert app.advance_amount == D("20000.00")
    assert D(_entry(app, "FUND-A21")["figures"]["advance_amount"]) == D("20000.00")


# --- the reviewer's adjustment (第二十九条第一款第三项) ----------------------------------------------------------
@pytest.fixture
def reviewed(submit, manager_clerk):
    app = submit(insurance_status="insured", first7_amount="25000.00")
    transition_perform(case=app, name="start_review", actor=manager_clerk)
    return app


def test_reviewer_adjusts_the_advance_with_a_reason_audited_and_cited(reviewed, manager_clerk, cashier,
                                                                       hospital_user, complete_documents):
    app = services.application_advance_adjust(application=reviewed, actor=manager_clerk, amount=D("9000.00"),
                                               reason="保险公司实际赔付16,000元")
    assert app.advance_amount == D("9000.00")
    entry = _entry(app, "FUND-A29-AMOUNT")
    assert entry["article"] == "第二十九条第一款第三项" and "7,000.00" in entry["message"]
    assert _entry(app, "FUND-A21")["outcome"] == "passed"  # the computation stays cited
    event = AuditEvent.objects.get(action="fund.advance_adjust")
    assert event.actor == manager_clerk and event.data["to"] == "9000.00"
    complete_documents(app, hospital_user)
    transition_perform(case=app, name="approve", actor=manager_clerk)
    transition_perform(case=app, name="pay", actor=cashier)
    app.refresh_from_db()
    assert app.ledger_entries.get().amount == D("9000.00")
    assert _entry(app, "FUND-A29-AMOUNT")["outcome"] == "passed"  # still there after the guards re-ran


@pytest.mark.parametrize(("amount", "reason", "field", "fragment"), [
    ("-1.00", "核减", "amount", "不能为负数"),
    ("0.00", "核减", "amount", "不予垫付"),
    ("25000.01", "核增", "amount", "超过申请的费用25,000.00元"),
    ("8000.00", "", "reason", "理由"),
])
def test_adjustment_outside_the_costs_or_without_a_reason_is_refused(reviewed, manager_clerk, amount, reason,
                                                                      field, fragment):
    with pytest.raises(ValidationError) as exc:
        services.application_advance_adjust(application=reviewed, actor=manager_clerk, amount=D(amount),
                                            reason=reason)
    assert fragment in exc.value.message_dict[field][0] and "第二十九条" in exc.value.message_dict[field][0]
    assert Application.objects.get(pk=reviewed.pk).advance_amount == D("7000.00")


def test_only_the_managers_clerk_adjusts_and_only_during_review(submit, reviewed, manager_clerk, hospital_user):
    with pytest.raises(PermissionDenied):
        services.application_advance_adjust(application=reviewed, actor=hospital_user, amount=D("1.00"),
                                            reason="x")
    received = submit()
    with pytest.raises(TransitionConflict):
        services.application_advance_adjust(application=received, actor=manager_clerk, amount=D("1.00"),
                                            reason="x")


def test_clerk_adjusts_the_advance_on_the_case_page(client, reviewed, manager_clerk):
    client.force_login(manager_clerk)
    html = client.get(reviewed.get_absolute_url()).content.decode()
    assert 'id="advance-form"' in html and "7,000.00" in html
    r = client.post(f"/fund/applications/{reviewed.pk}/advance-amount/",
                    {"amount": "6500.00", "reason": "按物价标准核减"}, follow=True)
    html = r.content.decode()
    assert Application.objects.get(pk=reviewed.pk).advance_amount == D("6500.00")
    assert "6,500.00" in html and "FUND-A29-AMOUNT" in html
    r = client.post(f"/fund/applications/{reviewed.pk}/advance-amount/", {"amount": "99999.00", "reason": "核增"},
                    follow=True)
    assert "超过申请的费用" in r.content.decode()
    assert Application.objects.get(pk=reviewed.pk).advance_amount == D("6500.00")


# --- FUND-A23 / FUND-A25: 60 days on the calendar (民法典 第二百零三条) -----------------------------------------
@pytest.mark.parametrize(("started", "today", "ok"), [
    ("2026-08-02", "2026-10-08", True),   # day 60 is 1 October (国庆节): the window ends on Thursday 8 October
    ("2026-08-02", "2026-10-09", False),
    ("2026-08-11", "2026-10-10", True),   # day 60 is Saturday 10 October, a make-up working day: no roll
    ("2026-08-11", "2026-10-11", False),
])
def test_hospital_window_ending_on_a_holiday_runs_to_the_next_working_day(submit, started, today, ok):
    data = {"accident_at": f"{started}T08:00:00+08:00", "treatment_started_at": f"{started}T09:00:00+08:00"}
    with time_machine.travel(_at(today), tick=False):
        if ok:
            app = submit(**data)
            assert _entry(app, "FUND-A23")["outcome"] == "passed"
        else:
            with pytest.raises(ValidationError) as exc:
                submit(**data)
            assert "FUND-A23" in exc.value.message_dict["treatment_started_at"][0]


def _funeral(actor, **kw):
    return services.application_submit(actor=actor, data={
        "kind": "funeral", "applicant_type": "relative", "applicant_name": "李四", "accident_place": "迎泽大街",
        "region": "140106", "insurance_status": "uninsured", "victim_name": "李某",
        "victim_id_number": "11010519491231002X", "deaths": 1, **kw})


@pytest.mark.parametrize(("today", "ok"), [("2026-10-08", True), ("2026-10-09", False)])
def test_funeral_window_ending_on_national_day_runs_to_8_october(manager_clerk, today, ok):
    kw = {"accident_at": "2026-07-30T08:00:00+08:00", "body_notice_on": "2026-08-02"}
    with time_machine.travel(_at(today), tick=False):
        if ok:
            assert _entry(_funeral(manager_clerk, **kw), "FUND-A25")["figures"]["window_ends_on"] == "2026-10-08"
        else:
            with pytest.raises(ValidationError) as exc:
                _funeral(manager_clerk, **kw)
            assert "2026-10-08" in exc.value.message_dict["body_notice_on"][0]


# --- item 12: a funeral advance needs a death ----------------------------------------------------------------
def test_funeral_application_without_a_recorded_death_is_refused_citing_the_article(manager_clerk):
    with pytest.raises(ValidationError) as exc:
        _funeral(manager_clerk, deaths=0, accident_at=timezone.now().isoformat(),
                 body_notice_on=timezone.localdate().isoformat())
    message = exc.value.message_dict["deaths"][0]
    assert "死亡" in message and "FUND-A25-DEATH" in message and "第二十五条" in message
    assert not Application.objects.exists()


# --- FUND-A26: custody after every advance for the victim ------------------------------------------------------
def _pay(app, manager_clerk, cashier, actor_docs, complete_documents):
    complete_documents(app, actor_docs)
    for name in ("start_review", "approve", "pay"):
        transition_perform(case=app, name=name, actor=cashier if name == "pay" else manager_clerk)
    return app


def test_custody_deducts_the_treatment_and_funeral_advances_of_the_same_victim(
        submit, manager_clerk, cashier, hospital_user, complete_documents):
    treatment = _pay(submit(), manager_clerk, cashier, hospital_user, complete_documents)  # 15,000
    other_victim = _pay(submit(victim_id_number="140105197806150025"), manager_clerk, cashier, hospital_user,
                        complete_documents)
    funeral = _funeral(colleague_of(manager_clerk), accident_at=timezone.now().isoformat(),
                       body_notice_on=timezone.localdate().isoformat())
    _pay(funeral, manager_clerk, cashier, manager_clerk, complete_documents)  # 6 × 7,200 = 43,200
    custody = services.custody_record(application=funeral, actor=manager_clerk,
                                      compensation_amount=D("100000.00"), receipt_no="BG-001")
    assert custody.deducted_advances == D("58200.00")
    assert custody.held_amount == D("41800.00")
    assert other_victim.advance_amount == treatment.advance_amount  # same amount, but not this victim's


def test_custody_of_an_unidentified_victim_takes_the_advances_of_the_same_single_casualty_accident(
        submit, manager_clerk, cashier, hospital_user, complete_documents):
    accident = (timezone.now() - timedelta(days=3)).replace(microsecond=0).isoformat()
    unknown = {"victim_identity_unknown": True, "victim_name": "", "victim_id_number": "", "accident_at": accident,
               "accident_place": "迎泽大街与新建路口", "region": "140106"}
    _pay(submit(**unknown, treatment_started_at=accident), manager_clerk, cashier, hospital_user,
         complete_documents)
    funeral = _funeral(colleague_of(manager_clerk), **unknown, funeral_receipts_amount="8800.00",
                       body_notice_on=timezone.localdate().isoformat())
    _pay(funeral, manager_clerk, cashier, manager_clerk, complete_documents)
    custody = services.custody_record(application=funeral, actor=manager_clerk,
                                      compensation_amount=D("30000.00"), receipt_no="BG-002")
    assert custody.deducted_advances == D("23800.00")  # 15,000 treatment + 8,800 funeral by receipts


# --- FUND-A31: the insurer answers within the limit of the cost advanced --------------------------------------
@pytest.mark.parametrize(("kind", "from_insurer"), [("treatment", "18000.00"), ("funeral", "43200.00")])
def test_insured_obligor_is_recovered_within_the_medical_or_death_limit_not_the_total(
        submit, manager_clerk, cashier, hospital_user, complete_documents, orgs, kind, from_insurer):
    if kind == "treatment":  # a hit-and-run; the vehicle was found later, insured
        app = _pay(submit(insurance_status="unknown", hit_and_run=True, first7_amount="250000.00"),
                   manager_clerk, cashier, hospital_user, complete_documents)
    else:
        app = _pay(_funeral(colleague_of(manager_clerk), hit_and_run=True, insurance_status="unknown",
                            accident_at=timezone.now().isoformat(), body_notice_on=timezone.localdate().isoformat()),
                   manager_clerk, cashier, manager_clerk, complete_documents)
    rec = action_perform(obj=app.recovery, name="determine", actor=manager_clerk,
                         data={"obligor_name": "赵某", "liability": "full", "insured": True}).case
    figures = rec.rule_trace[0]["figures"]
    assert D(figures["from_insurer"]) == D(from_insurer)
    assert rec.amount_due == app.advance_amount  # full liability: the rest from the obligor


# --- FUND-A15: no levy transfer (and so no FUND-A45 warning) in a suspended year -----------------------------
def test_suspended_year_schedules_no_levy_transfers_and_warns_no_insurer(orgs):
    services.ledger_inflow_record(actor=None, kind="levy", amount=D("3000000.00"), occurred_on=date(2025, 3, 1))
    services.ledger_inflow_record(actor=None, kind="levy", amount=D("1.00"), occurred_on=date(2024, 3, 1))
    rows = services.obligations_schedule_quarter(year=2026, quarter=3)
    assert {r.kind for r in rows} == {"fines_transfer"}
    assert not FundObligation.objects.filter(kind="levy_transfer").exists()
    assert services.insurer_warnings_issue(today=date(2026, 12, 31)) == []


def test_levy_transfers_scheduled_in_a_levy_year_cite_fund_a15(orgs):
    levy = next(r for r in services.obligations_schedule_quarter(year=2026, quarter=3) if r.kind == "levy_transfer")
    levy.refresh_from_db()
    assert levy.rule_trace[0]["rule"] == "FUND-A15" and levy.rule_trace[0]["figures"]["suspended"] is False


# --- money on pages --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "text"), [
    (D("3200743.0"), "3,200,743.00"), (D("0"), "0.00"), (D("-1234.5"), "-1,234.50"), (D("0.005"), "0.01"),
    (12, "12.00"),
])
def test_money_format_has_thousands_separators_and_two_decimals(value, text):
    from gazette.ui.money import money_format

    assert money_format(value) == text


def test_money_format_refuses_floats():
    from gazette.ui.money import money_format

    with pytest.raises(ValueError):
        money_format(0.1)


def test_ledger_and_public_pages_show_amounts_with_separators(client, manager_clerk, orgs):
    services.ledger_inflow_record(actor=None, kind="levy", amount=D("3200743.0"), occurred_on=date(2026, 1, 5))
    client.force_login(manager_clerk)
    html = client.get("/fund/ledger/").content.decode()
    assert '<td class="num" id="ledger-balance">3,200,743.00</td>' in html
    client.logout()
    html = client.get("/fund/public/").content.decode()
    assert '<td class="num" id="balance">3,200,743.00</td>' in html


def test_public_page_shows_the_hotline_in_force(client, orgs):
    from fund.models import ServiceHotline

    assert "请见官方公告" not in client.get("/fund/public/").content.decode()
    ServiceHotline.objects.create(effective_from=date(2022, 12, 1), number="12345", note="演示数据")
    ServiceHotline.objects.create(effective_from=date(2099, 1, 1), number="0351-0000000")
    html = client.get("/fund/public/").content.decode()
    assert '<span id="hotline">12345（演示数据）</span>' in html and "0351-0000000" not in html


def test_ledger_export_keeps_numbers_with_a_money_format(client, manager_clerk, orgs):
    from io import BytesIO

    from openpyxl import load_workbook

    services.ledger_inflow_record(actor=None, kind="levy", amount=D("3200743.00"), occurred_on=date(2026, 1, 5))
    client.force_login(manager_clerk)
    body = b"".join(client.get("/fund/ledger/export.xlsx").streaming_content)
    sheet = load_workbook(BytesIO(body)).active
    cell = next(c for row in sheet.iter_rows(min_row=2) for c in row if c.value == 3200743)
    assert cell.number_format == "#,##0.00"
