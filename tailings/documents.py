"""Official documents (GB/T 9704 layout through ``gazette.documents``), numbered by the issuing department and
generated off the request path: 隐患整改通知书, 试运行方案报送回执, 延期闭库决定书, 闭库销号通知书."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

REGULATION = "《山西省尾矿库安全监督管理办法》（晋政办发〔2022〕98号）"

# kind → (title, template)
KINDS: dict[str, tuple[str, str]] = {
    "rectification_order": ("尾矿库隐患整改通知书", "tailings/documents/rectification_order.html"),
    "trial_plan_receipt": ("尾矿库安全设施试运行方案报送回执", "tailings/documents/trial_plan_receipt.html"),
    "closure_extension": ("尾矿库延期闭库决定书", "tailings/documents/closure_extension.html"),
    "closure_notice": ("尾矿库闭库销号通知书", "tailings/documents/closure_notice.html"),
}


def tailings_document_generate(*, obj: Any, kind: str, request_key: str, actor: Any = None):
    """Render and store one document of a facility or a hidden danger (idempotent per ``request_key``). The issuer
    is the supervising department (the ordering one for a rectification order); without a 发文机关代字 it issues
    the document unnumbered rather than not at all."""
    from gazette.documents.services import document_generate

    title, template = KINDS[kind]
    facility = getattr(obj, "facility", obj)
    issuer = getattr(obj, "ordered_by", None) or facility.supervisor
    context = {"facility": facility, "danger": obj if obj is not facility else None, "regulation": REGULATION,
               "today": timezone.localdate()}
    return document_generate(
        case=obj, kind=f"tailings.{kind}", title=title, template_name=template, context=context,
        organisation=issuer, actor=actor, recipients=[facility.organisation.name],
        numbered=bool(issuer.document_prefix), request_key=request_key,
    )
