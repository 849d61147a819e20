"""An organisation stands in for a case: the documents engine links to any model, and test-only policies let a
member of the organisation view it and upload to it."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gazette import permissions
from tests.factories import OrganisationFactory

ISSUED_ON = datetime.date(2026, 11, 27)

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def ofd_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'/>")
        archive.writestr("Doc_0/Document.xml", "<ofd:Document/>")
    return buf.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def case_policies():
    """view and upload on orgs.organisation for its own members; removed again after the test."""
    keys = [("orgs.organisation", "view"), ("orgs.organisation", "upload")]
    saved = {k: permissions._POLICIES.get(k) for k in keys}

    def member_of(user, organisation) -> bool:
        return user.organisation_id == organisation.pk

    permissions.policy("orgs.organisation", "view")(member_of)
    permissions.policy("orgs.organisation", "upload")(member_of)
    yield
    for key, fn in saved.items():
        if fn is None:
            permissions._POLICIES.pop(key, None)
        else:
            permissions._POLICIES[key] = fn


@pytest.fixture
def case(db):
    return OrganisationFactory(name="山西省道路交通事故社会救助基金管理中心", document_prefix="晋救基")


@pytest.fixture
def member(make_user, case):
    return make_user("clerk", organisation=case)


@pytest.fixture
def stranger(make_user):
    return make_user("clerk")


@pytest.fixture
def notice_context() -> dict:
    return {
        "hospital": "山西医科大学第一医院",
        "patient": "张某某",
        "id_number_masked": "140105********1234",
        "amount": "28,600.00",
        "amount_words": "贰万捌仟陆佰元整",
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """These tests create many users and never test passwords: skip the deliberately slow production hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
