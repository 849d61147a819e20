from __future__ import annotations

import pytest
from django.urls import reverse

from gazette.audit.models import AuditEvent
from gazette.documents.services import attachment_add, document_generate

from .conftest import ISSUED_ON, PDF_BYTES, upload

pytestmark = pytest.mark.usefixtures("case_policies")


@pytest.fixture
def attachment(case, member):
    return attachment_add(
        case=case, uploaded_file=upload("诊断证明.pdf", PDF_BYTES), checklist_code="diagnosis", actor=member,
        is_personal_data=True,
    )


@pytest.fixture
def document(case, member, notice_context):
    return document_generate(
        case=case, kind="advance_notice", title="关于同意垫付抢救费用的通知",
        template_name="documents/examples/notice.html", context=notice_context, organisation=case, actor=member,
        issued_on=ISSUED_ON,
    )


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_member_downloads_an_attachment_uncached_and_audited(client, member, attachment):
    client.force_login(member)
    response = client.get(reverse("documents:attachment-download", args=[attachment.pk]))
    assert response.status_code == 200
    assert _body(response) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert "filename*=utf-8''%E8%AF%8A" in response["Content-Disposition"]
    event = AuditEvent.objects.get(action="document.download", object_id=str(attachment.pk))
    assert event.actor == member and event.data["personal_data"] is True


def test_a_user_who_may_not_view_the_case_gets_404_and_nothing_is_audited(client, stranger, attachment, document):
    client.force_login(stranger)
    assert client.get(reverse("documents:attachment-download", args=[attachment.pk])).status_code == 404
    assert client.get(reverse("documents:document-download", args=[document.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="document.download").exists()


def test_an_unknown_id_is_404(client, member):
    client.force_login(member)
    assert client.get(reverse("documents:attachment-download", args=[999999])).status_code == 404


def test_without_a_view_policy_nobody_downloads(client, member, attachment):
    from gazette import permissions

    client.force_login(member)
    saved = permissions._POLICIES.pop(("orgs.organisation", "view"))
    try:
        assert client.get(reverse("documents:attachment-download", args=[attachment.pk])).status_code == 404
    finally:
        permissions._POLICIES[("orgs.organisation", "view")] = saved


def test_an_anonymous_visitor_is_sent_to_sign_in(client, attachment):
    response = client.get(reverse("documents:attachment-download", args=[attachment.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_member_downloads_a_generated_pdf_audited(client, member, document):
    client.force_login(member)
    response = client.get(reverse("documents:document-download", args=[document.pk]))
    assert response.status_code == 200
    body = _body(response)
    assert body.startswith(b"%PDF") and len(body) == document.size
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(action="document.download", object_id=str(document.pk), actor=member).exists()


def test_each_download_writes_exactly_one_audit_row(client, member, attachment, document):
    client.force_login(member)
    for n in (1, 2):
        for route, obj in (("documents:attachment-download", attachment), ("documents:document-download", document)):
            response = client.get(reverse(route, args=[obj.pk]))
            assert response.status_code == 200
            _body(response)
            assert AuditEvent.objects.filter(action="document.download", object_type=obj._meta.label_lower,
                                             object_id=str(obj.pk)).count() == n
