"""Official documents of the fund, issued by the fund manager (救助基金管理人, 发文机关代字 晋救基) through
``gazette.documents``: rendered on a Celery worker after the deciding transaction commits (``document_generate_later``)
with gap-free numbers; each request key makes a redelivered task harmless.

- 审核结果通知书 to the police and the applicant when an application is approved and when it is paid (FUND-A29);
- 不予垫付通知书 with the reasons and the articles of the failed rules (FUND-A29);
- 协助追偿通知书 to the handling police unit (FUND-A32) and, where the vehicle was insured, the insurer (FUND-A33);
- 结清证明 when an advance is fully repaid (FUND-A38);
- 季度财务会计报告 / 年度工作报告和财务会计报告 from the ledger (FUND-A42), in the report layout.

Documents leave the fund: personal data is masked (ID numbers, bank accounts); names stay as the notice needs them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from gazette.audit.masking import mask_bank_account, mask_id_number
from gazette.documents.tasks import document_generate_later
from gazette.ui.money import money_format

REGULATION = "《山西省道路交通事故社会救助基金管理办法》（晋政办发〔2022〕91号）"

# kind → (title, template)
KINDS: dict[str, tuple[str, str]] = {
    "review_result": ("审核结果通知书", "fund/documents/review_result.html"),
    "refusal": ("不予垫付通知书", "fund/documents/refusal.html"),
    "assist_notice": ("协助追偿通知书", "fund/documents/assist_notice.html"),
    "settlement": ("结清证明", "fund/documents/settlement.html"),
    "quarterly_report": ("季度财务会计报告", "fund/documents/financial_report.html"),
    "annual_report": ("年度工作报告和财务会计报告", "fund/documents/financial_report.html"),
}


def _day(value) -> str:
    """A date as the body of a notice writes it: 2026年3月5日."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value).date()
    return f"{value.year}年{value.month}月{value.day}日"


def _money(value: Decimal | None) -> str:
    return money_format(value or Decimal("0"))


def _police_name(app) -> str:
    return app.police_unit.name if app.police_unit_id else "处理事故的公安机关交通管理部门"


def application_context(app) -> dict[str, Any]:
    """What every notice on an application prints, as JSON, with personal data masked (it goes to third parties)."""
    return {
        "regulation": REGULATION,
        "reference": app.reference,
        "kind_label": str(app.get_kind_display()),
        "applicant_name": app.applicant_name,
        "victim_name": app.victim_name or "身份不明人员",
        "victim_id_masked": mask_id_number(app.victim_id_number) if app.victim_id_number else "",
        "accident_on": _day(app.accident_at),
        "accident_place": app.accident_address,
        "hospital_name": app.hospital.name if app.hospital_id else "",
        "amount": _money(app.advance_amount),
        "bank_account_name": app.bank_account_name,
        "bank_account_masked": mask_bank_account(app.bank_account) if app.bank_account else "",
        "police_name": _police_name(app),
    }


def refusal_grounds(app, history) -> list[dict[str, str]]:
    """The failed rules behind a refusal, each with its article (from the case's and the refusal's rule trace); the
    refusal itself rests on 第二十九条 when no rule failed (e.g. materials found to be untrue)."""
    seen, grounds = set(), []
    for entry in [*(getattr(history, "rule_trace", None) or []), *(app.rule_trace or [])]:
        if entry.get("outcome") == "failed" and entry.get("rule") not in seen:
            seen.add(entry["rule"])
            grounds.append({"rule": entry["rule"], "article": entry.get("article", ""),
                            "message": entry.get("message", "")})
    if not grounds:
        grounds.append({"rule": "FUND-A29", "article": "第二十九条", "message": "经审核不符合垫付条件"})
    return grounds


def _queue(*, case, kind: str, request_key: str, context: dict[str, Any], recipients: list[str], actor=None,
           title: str | None = None) -> None:
    default_title, template = KINDS[kind]
    document_generate_later(
        case=case, kind=f"fund.{kind}", title=title or default_title, template_name=template, context=context,
        organisation=case.organisation, actor=actor, request_key=request_key, recipients=recipients,
    )


# --- workflow effects (run after the transition commits) ----------------------------------------------------------
def queue_review_result(case, history) -> None:
    """审核结果通知书 to the police and the applicant (第二十九条): on approval, and again once paid."""
    paid = history.to_state == "paid"
    context = {**application_context(case), "paid": paid,
               "paid_on": _day(timezone.localdate()) if paid else "",
               "approval_level": str(case.get_approval_level_display()),
               "approver_name": case.approver_organisation.name if case.approver_organisation_id else ""}
    _queue(case=case, kind="review_result", request_key=f"fund-{case.pk}-review_result-{history.pk}",
           context=context, recipients=[_police_name(case), case.applicant_name], actor=history.actor)


def queue_refusal(case, history) -> None:
    """不予垫付通知书 with the reasons and the articles (第二十九条)."""
    context = {**application_context(case), "reason": case.refusal_reason or history.comment,
               "grounds": refusal_grounds(case, history)}
    _queue(case=case, kind="refusal", request_key=f"fund-{case.pk}-refusal-{history.pk}", context=context,
           recipients=[_police_name(case), case.applicant_name], actor=history.actor)


def queue_assist_notice_police(case, history) -> None:
    """协助追偿通知书 to the handling police unit once the advance is paid (第三十二条, 7 working days)."""
    assist_notice_queue(application=case, to="police", actor=history.actor)


# --- recovery documents -----------------------------------------------------------------------------------------
def assist_notice_queue(*, application, to: str, actor=None, insurer=None) -> None:
    """Queue the 协助追偿通知书 to the police unit (FUND-A32) or to the insurer (FUND-A33)."""
    recovery = getattr(application, "recovery", None)
    context = {**application_context(application), "to": to,
               "paid_on": _day(application.paid_at),
               "obligor_name": recovery.obligor_name if recovery else "",
               "amount_due": _money(recovery.amount_due) if recovery and recovery.amount_due else "",
               "rule": "FUND-A33" if to == "insurer" else "FUND-A32",
               "article": "第三十三条" if to == "insurer" else "第三十二条"}
    recipient = insurer.name if insurer is not None else _police_name(application)
    _queue(case=application, kind="assist_notice", request_key=f"fund-{application.pk}-assist_notice-{to}",
           context=context, recipients=[recipient], actor=actor)


def settlement_queue(*, recovery, actor=None) -> None:
    """结清证明 when the advance is fully repaid (第三十八条); queued on commit of the repayment."""
    app = recovery.application
    context = {**application_context(app), "recovery_reference": recovery.reference,
               "obligor_name": recovery.obligor_name or "偿还义务人", "advanced": _money(recovery.advanced),
               "amount_due": _money(recovery.amount_due), "amount_recovered": _money(recovery.amount_recovered),
               "settlement_no": recovery.settlement_no,
               "settled_on": _day(recovery.settled_at)}
    _queue(case=app, kind="settlement", request_key=f"fund-recovery-{recovery.pk}-settlement", context=context,
           recipients=[recovery.obligor_name or "偿还义务人"], actor=actor)


def report_queue(*, report, context: dict[str, Any], actor=None) -> None:
    """A quarterly or annual report to the provincial office and finance (第四十二条), from the ledger figures."""
    kind = "quarterly_report" if report.kind == "quarterly" else "annual_report"
    if kind == "annual_report":
        title = f"{report.period}年度工作报告和财务会计报告"
    else:
        year, quarter = report.period.split("Q")
        title = f"{year}年第{quarter}季度财务会计报告"
    _queue(case=report, kind=kind, request_key=f"fund-report-{report.pk}", context=context,
           recipients=["山西省道路交通事故社会救助基金联席会议办公室", "山西省财政厅"], actor=actor, title=title)
