from __future__ import annotations

import pytest
from django.urls import reverse

from gazette.documents.services import document_generate

from .conftest import ISSUED_ON


@pytest.fixture
def admin_user(make_user):
    return make_user(None, is_staff=True, is_superuser=True)


def test_admin_lists_documents_and_sequences_read_only(client, admin_user, case, notice_context):
    doc = document_generate(
        case=case, kind="advance_notice", title="关于同意垫付抢救费用的通知",
        template_name="documents/examples/notice.html", context=notice_context, organisation=case,
        actor=admin_user, issued_on=ISSUED_ON,
    )
    client.force_login(admin_user)
    listing = client.get(reverse("admin:documents_generateddocument_changelist"))
    assert listing.status_code == 200 and "晋救基〔2026〕1号" in listing.content.decode()
    detail = client.get(reverse("admin:documents_generateddocument_change", args=[doc.pk]))
    assert detail.status_code == 200
    page = detail.content.decode()
    assert reverse("documents:document-download", args=[doc.pk]) in page
    assert 'name="_save"' not in page
    assert client.get(reverse("admin:documents_generateddocument_add")).status_code == 403
    assert client.get(reverse("admin:documents_documentsequence_changelist")).status_code == 200
    assert client.get(reverse("admin:documents_documentsequence_add")).status_code == 403
