from __future__ import annotations

import hashlib
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from gazette.audit.models import AuditEvent
from gazette.documents.models import GeneratedDocument, ImmutableDocumentError
from gazette.documents.services import document_generate, document_regenerate
from gazette.documents.tasks import generate

from .conftest import ISSUED_ON

NOTICE = "documents/examples/notice.html"


@pytest.fixture
def notice(case, member, notice_context):
    return document_generate(
        case=case, kind="advance_notice", title="关于同意垫付张某某抢救费用的通知", template_name=NOTICE,
        context=notice_context, organisation=case, actor=member, recipients=["山西医科大学第一医院"],
        issued_on=ISSUED_ON,
    )


def _pdf_tool(tool: str, path: str) -> str:
    return subprocess.run([tool, path, "-"] if tool == "pdftotext" else [tool, path], check=True,
                          capture_output=True, text=True).stdout


def test_the_pdf_carries_number_title_chinese_date_and_an_embedded_noto_cjk_font(notice, tmp_path):
    data = notice.file.open("rb").read()
    assert data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == notice.sha256 and len(data) == notice.size
    path = tmp_path / "notice.pdf"
    path.write_bytes(data)
    text = _pdf_tool("pdftotext", str(path)).replace(" ", "")
    for expected in ("山西省道路交通事故社会救助基金管理中心", "晋救基〔2026〕1号", "关于同意垫付张某某抢救费用的通知",
                     "山西医科大学第一医院：", "二〇二六年十一月二十七日", "（印章位置）", "—1—"):
        assert expected in text, expected
    fonts = _pdf_tool("pdffonts", str(path))
    cjk = [line for line in fonts.splitlines() if "Noto-Serif-CJK-SC" in line]
    assert cjk, fonts
    assert all(" yes yes " in line for line in cjk), "Noto Serif CJK must be embedded as a subset"
    assert "Pages:           1" in _pdf_tool("pdfinfo", str(path))
    assert notice.size <= 300 * 1024


def test_generation_is_audited(notice, member):
    event = AuditEvent.objects.get(action="document.generate", object_id=str(notice.pk))
    assert event.actor == member and event.data["sha256"] == notice.sha256


def test_a_stored_document_cannot_be_changed_or_deleted(notice):
    notice.title = "改过的标题"
    with pytest.raises(ImmutableDocumentError):
        notice.save()
    with pytest.raises(ImmutableDocumentError):
        GeneratedDocument.objects.filter(pk=notice.pk).update(title="改过的标题")
    with pytest.raises(ImmutableDocumentError):
        notice.delete()
    assert GeneratedDocument.objects.get(pk=notice.pk).title == "关于同意垫付张某某抢救费用的通知"


def test_the_database_refuses_to_update_a_stored_document(notice):
    assert connection.vendor == "postgresql"
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE documents_generateddocument SET title = 'x' WHERE id = %s", [notice.pk])


def test_regenerating_makes_a_new_version_with_the_same_number(notice, member, notice_context):
    v2 = document_regenerate(document=notice, context={**notice_context, "amount": "30,000.00"}, actor=member)
    assert (v2.version, v2.supersedes, v2.number) == (2, notice, notice.number)
    assert v2.sha256 != notice.sha256
    assert GeneratedDocument.objects.get(pk=notice.pk).superseded_by == v2
    with pytest.raises(ValidationError, match="已有更新的版本"):
        document_regenerate(document=notice, context=notice_context, actor=member)


def test_the_same_request_key_returns_the_same_document_and_number(case, notice_context):
    kwargs = {
        "request_key": "advance:42:notice", "case_type": "orgs.organisation", "case_id": str(case.pk),
        "kind": "advance_notice", "title": "关于同意垫付抢救费用的通知", "template_name": NOTICE,
        "context": notice_context, "organisation_id": case.pk, "recipients": ["山西医科大学第一医院"],
    }
    first = generate.run(**kwargs)
    second = generate.run(**kwargs)
    assert first == second
    assert GeneratedDocument.objects.count() == 1
    assert GeneratedDocument.objects.get(pk=first).sequence_number == 1


@pytest.mark.worker
def test_a_real_worker_generates_queued_documents_once(celery_worker, notice_context):
    import time

    from gazette.documents.tasks import document_generate_later
    from tests.factories import OrganisationFactory

    org = OrganisationFactory(document_prefix="晋救基")
    for _ in range(2):  # queued twice, e.g. a retried request: one document
        with transaction.atomic():
            document_generate_later(
                case=org, kind="advance_notice", title="关于同意垫付抢救费用的通知", template_name=NOTICE,
                context=notice_context, organisation=org, actor=None, request_key=f"batch:{org.pk}",
            )
    for _ in range(150):
        if GeneratedDocument.objects.filter(request_key=f"batch:{org.pk}").exists():
            break
        time.sleep(0.1)
    time.sleep(1.0)  # let the second task finish too
    assert GeneratedDocument.objects.filter(organisation=org).count() == 1
    assert GeneratedDocument.objects.get(organisation=org).sequence_number == 1
