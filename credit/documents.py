"""Official documents: the 信用评价结果通知书 of each firm (issued by the department that made the final grade) and
the star plaque certificate; generated through ``gazette.documents`` off the request path."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from .rules import GRADE_LABELS, grade_effects

REGULATION = "《房地产企业信用评价管理办法》（晋建房规字〔2022〕156号）"
STAR_REGULATION = "《住宅物业服务质量星级评价管理办法（试行）》（晋建房规字〔2022〕159号）"


def rating_document_generate(*, rating: Any, kind: str, request_key: str, actor: Any = None):
    """信用评价结果通知书 (idempotent per ``request_key``); numbered when the issuer has a 发文机关代字."""
    from gazette.documents.services import document_generate

    organisation = rating.province_department
    return document_generate(
        case=rating, kind=f"credit.{kind}", title="房地产企业信用评价结果通知书",
        template_name="credit/documents/result_notice.html", context={
            "rating": rating, "regulation": REGULATION, "grade_label": GRADE_LABELS.get(rating.grade, ""),
            "effects": grade_effects(kind=rating.kind, grade=rating.grade), "today": timezone.localdate()},
        organisation=organisation, actor=actor, recipients=[rating.enterprise.name],
        numbered=bool(organisation.document_prefix), request_key=request_key)


def star_document_generate(*, application: Any, request_key: str, actor: Any = None):
    """物业服务质量星级评价证书 (the plaque's certificate)."""
    from gazette.documents.services import document_generate

    organisation = application.decided_by or application.organisation
    return document_generate(
        case=application, kind="credit.star_certificate", title="住宅物业服务质量星级评价证书",
        template_name="credit/documents/star_certificate.html", context={
            "application": application, "regulation": STAR_REGULATION, "stars": "★" * (application.stars or 0)},
        organisation=organisation, actor=actor, recipients=[application.enterprise.name],
        numbered=bool(organisation.document_prefix), request_key=request_key)
