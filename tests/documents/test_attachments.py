from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gazette.audit.models import AuditEvent
from gazette.documents.models import Attachment
from gazette.documents.services import attachment_add

from .conftest import JPEG_BYTES, PDF_BYTES, PNG_BYTES, ofd_bytes, upload

pytestmark = pytest.mark.usefixtures("case_policies")


def _error(exc: pytest.ExceptionInfo) -> str:
    assert set(exc.value.message_dict) == {"file"}, "the error must name the upload field"
    return exc.value.message_dict["file"][0]


def test_a_pdf_is_stored_with_its_checksum_under_a_random_path(case, member):
    attachment = attachment_add(
        case=case, uploaded_file=upload("张三 身份证.pdf", PDF_BYTES), checklist_code="id_card", actor=member
    )
    assert attachment.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert attachment.size == len(PDF_BYTES)
    assert attachment.original_name == "张三 身份证.pdf"
    assert attachment.mime_type == "application/pdf"
    assert "张三" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    with attachment.file.open("rb") as fh:
        assert fh.read() == PDF_BYTES
    assert attachment.case == case
    assert AuditEvent.objects.filter(action="document.upload", object_id=str(attachment.pk)).exists()


def test_two_uploads_of_the_same_name_get_different_paths(case, member):
    a = attachment_add(case=case, uploaded_file=upload("a.png", PNG_BYTES), actor=member)
    b = attachment_add(case=case, uploaded_file=upload("a.png", PNG_BYTES), actor=member)
    assert a.file.name != b.file.name
    assert a.sha256 == b.sha256


@pytest.mark.parametrize(
    ("name", "content"),
    [("scan.jpg", JPEG_BYTES), ("scan.JPEG", JPEG_BYTES), ("scan.png", PNG_BYTES), ("公文.ofd", None)],
)
def test_images_and_ofd_are_accepted_by_extension_and_content(case, member, name, content):
    attachment = attachment_add(case=case, uploaded_file=upload(name, content or ofd_bytes()), actor=member)
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_an_unsupported_extension_is_refused_in_chinese_naming_the_field(case, member):
    with pytest.raises(ValidationError) as exc:
        attachment_add(case=case, uploaded_file=upload("setup.exe", b"MZ\x90\x00"), actor=member)
    assert "不支持的文件类型" in _error(exc) and "exe" in _error(exc)
    assert not Attachment.objects.exists()


def test_a_renamed_executable_is_refused_because_its_content_is_not_a_pdf(case, member):
    with pytest.raises(ValidationError) as exc:
        attachment_add(case=case, uploaded_file=upload("invoice.pdf", b"MZ\x90\x00" + b"\x00" * 100), actor=member)
    assert "文件内容与扩展名不符" in _error(exc)


def test_a_zip_that_is_not_an_ofd_is_refused(case, member):
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ValidationError) as exc:
        attachment_add(case=case, uploaded_file=upload("fake.ofd", buf.getvalue()), actor=member)
    assert "不是有效的 OFD 文件" in _error(exc)


def test_a_file_above_the_size_limit_is_refused(case, member, settings):
    settings.DOCUMENTS_MAX_UPLOAD_BYTES = 1024 * 1024
    big = PDF_BYTES + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as exc:
        attachment_add(case=case, uploaded_file=upload("big.pdf", big), actor=member)
    assert "文件过大" in _error(exc) and "1 MB" in _error(exc)


def test_an_empty_file_is_refused(case, member):
    with pytest.raises(ValidationError) as exc:
        attachment_add(case=case, uploaded_file=upload("empty.pdf", b""), actor=member)
    assert "文件为空" in _error(exc)


def test_a_checklist_item_can_narrow_the_accepted_types(case, member):
    with pytest.raises(ValidationError) as exc:
        attachment_add(case=case, uploaded_file=upload("photo.png", PNG_BYTES), actor=member, accepts=("pdf",))
    assert "PDF" in _error(exc)


def test_a_user_without_the_upload_policy_cannot_upload(case, stranger):
    with pytest.raises(PermissionDenied):
        attachment_add(case=case, uploaded_file=upload("a.pdf", PDF_BYTES), actor=stranger)
    assert not Attachment.objects.exists()


def test_the_english_message_is_used_for_english_users(case, member):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as exc:
        attachment_add(case=case, uploaded_file=upload("setup.exe", b"MZ"), actor=member)
    assert "Unsupported file type" in _error(exc)


def test_directories_and_control_characters_are_stripped_from_the_stored_name(case, member):
    attachment = attachment_add(case=case, uploaded_file=upload("../../etc/诊断\r\n证明.pdf", PDF_BYTES), actor=member)
    assert attachment.original_name == "诊断证明.pdf"
