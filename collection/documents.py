"""Official documents of a clue (第四十六条: made after the province's enforcement-document models), generated
through ``gazette.documents`` with gap-free numbers of the issuing organisation, off the request path."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

# kind → (title, template, issuer: "registering" or "handling", layout note)
KINDS: dict[str, tuple[str, str, str]] = {
    "referral_notice": ("非法集资线索转报告知书", "collection/documents/referral_notice.html", "registering"),
    "verification_conclusion": ("非法集资线索初核结论", "collection/documents/verification.html", "registering"),
    "open_decision": ("启动处置程序决定书", "collection/documents/open_decision.html", "handling"),
    "not_open_decision": ("不予启动处置程序决定书", "collection/documents/open_decision.html", "handling"),
    "investigation_report": ("涉嫌非法集资调查报告", "collection/documents/investigation_report.html", "handling"),
    "stop_order": ("责令停止非法集资行为决定书", "collection/documents/stop_order.html", "handling"),
    "measure_approval": ("措施审批表", "collection/documents/measure_approval.html", "handling"),
    "criminal_referral": ("涉嫌非法集资犯罪案件移送函", "collection/documents/criminal_referral.html", "handling"),
}


def clue_document_generate(*, clue: Any, kind: str, request_key: str, actor: Any = None, measure: Any = None):
    """Render and store one document of ``clue`` (idempotent per ``request_key``). Organisations without a
    发文机关代字 issue it unnumbered rather than not at all."""
    from gazette.documents.services import document_generate

    title, template, issuer = KINDS[kind]
    organisation = clue.registering_organisation if issuer == "registering" else clue.organisation
    context = {
        "clue": clue, "measure": measure, "team": list(clue.team.all()),
        "evidence": list(clue.evidence.filter(verified=True)), "today": timezone.localdate(),
        "regulation": "《山西省防范和处置非法集资工作实施细则》（晋政发〔2022〕26号）",
    }
    if measure is not None:
        title = f"{measure.get_kind_display().split('（')[0]}{title}"
    recipients = {
        "referral_notice": [clue.reporter_name or "举报人"], "criminal_referral": [clue.police_unit],
        "stop_order": [clue.subject_name], "open_decision": [clue.registering_organisation.name],
        "not_open_decision": [clue.registering_organisation.name],
    }.get(kind)
    return document_generate(
        case=clue, kind=f"collection.{kind}", title=title, template_name=template, context=context,
        organisation=organisation, actor=actor, recipients=recipients,
        numbered=bool(organisation.document_prefix), request_key=request_key,
    )

