"""Writes of the documents engine part: add an attachment, generate and regenerate an official document."""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import date
from pathlib import PurePath
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gazette.audit.services import audit_record
from gazette.permissions import user_can

from .files import file_type_check
from .links import case_key
from .models import Attachment, GeneratedDocument
from .numbering import chinese_date, document_number, sequence_next
from .rendering import render_pdf

logger = logging.getLogger(__name__)


def _clean_name(name: str) -> str:
    """The uploaded name without directories or control characters (it ends up in a download header)."""
    cleaned = re.sub(r"[\x00-\x1f\x7f]", "", PurePath(name or "").name).strip()
    return cleaned[:255] or "file"


def _sha256_of(uploaded_file) -> str:
    digest = hashlib.sha256()
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    return digest.hexdigest()


def attachment_add(
    *,
    case: models.Model,
    uploaded_file,
    checklist_code: str = "",
    actor: Any,
    is_personal_data: bool = False,
    accepts: tuple[str, ...] | None = None,
    decided: bool = False,
) -> Attachment:
    """Store an uploaded file on a case (上传材料).

    The actor needs the ``upload`` policy on the case (PermissionDenied otherwise) unless the calling service says
    it ``decided``. The file must be non-empty,
    at most ``DOCUMENTS_MAX_UPLOAD_BYTES``, and a PDF, JPG, PNG or OFD by extension *and* content (``accepts``
    narrows that, e.g. to a checklist item's ``accepts``); otherwise ValidationError on field ``file``. The file
    is stored under a random path with its SHA-256, and the upload is audited (``document.upload``).
    """
    # ``decided``: the calling service has already decided that this upload may be made without an account (a
    # public reporter's evidence submitted with the report); the file checks and the audit row are the same.
    if not decided and not user_can(actor, "upload", case):
        raise PermissionDenied(_("您无权为该案件上传材料。"))
    file_type = file_type_check(uploaded_file, accepts=accepts)
    content_type, object_id = case_key(case)
    attachment = Attachment(
        content_type=content_type,
        object_id=object_id,
        checklist_code=checklist_code or "",
        original_name=_clean_name(uploaded_file.name),
        extension=file_type.code,
        mime_type=file_type.mime_type,
        size=uploaded_file.size,
        sha256=_sha256_of(uploaded_file),
        is_personal_data=is_personal_data,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            attachment.file.save("upload", uploaded_file, save=False)
            attachment.save()
            audit_record(
                action="document.upload",
                actor=actor,
                obj=attachment,
                summary=f"{content_type.app_label}.{content_type.model}#{object_id} {checklist_code}".strip(),
                data={"sha256": attachment.sha256, "size": attachment.size, "checklist_code": checklist_code,
                      "personal_data": is_personal_data},
            )
    except BaseException:
        _discard(attachment.file)
        raise
    return attachment


def _discard(field_file) -> None:
    """Remove a stored file whose row was rolled back, so storage holds no orphan."""
    try:
        if field_file and field_file.name:
            field_file.storage.delete(field_file.name)
    except Exception:  # pragma: no cover - best effort cleanup
        logger.warning("could not delete orphaned file %s", field_file.name, exc_info=True)


def _recipients_line(recipients: list[str] | str | None) -> str:
    if not recipients:
        return ""
    if isinstance(recipients, str):
        return recipients
    return "、".join(recipients)


def _store(
    *,
    case: models.Model | None,
    content_type: ContentType,
    object_id: str,
    kind: str,
    title: str,
    template_name: str,
    context: dict[str, Any],
    organisation: Any,
    actor: Any,
    recipients: list[str] | str | None,
    issued_on: date,
    numbered: bool,
    request_key: str | None,
    supersedes: GeneratedDocument | None,
) -> GeneratedDocument:
    doc = GeneratedDocument(
        content_type=content_type,
        object_id=object_id,
        kind=kind,
        title=title,
        organisation=organisation,
        year=issued_on.year,
        issued_on=issued_on,
        template_name=template_name,
        recipients=[recipients] if isinstance(recipients, str) else list(recipients or []),
        request_key=request_key or None,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        version=supersedes.version + 1 if supersedes else 1,
        supersedes=supersedes,
    )
    try:
        with transaction.atomic():
            if supersedes is not None:
                # Lock the version being replaced: two concurrent corrections cannot both supersede it.
                locked = GeneratedDocument.objects.select_for_update().get(pk=supersedes.pk)
                if GeneratedDocument.objects.filter(supersedes=locked).exists():
                    raise ValidationError(_("该文书已有更新的版本，请在最新版本上重新生成。"), code="stale_version")
                doc.sequence_number, doc.number, doc.year = locked.sequence_number, locked.number, locked.year
            elif numbered:
                doc.sequence_number = sequence_next(organisation_id=organisation.pk, year=doc.year)
                doc.number = document_number(organisation.document_prefix, doc.year, doc.sequence_number)
            full_context = {
                **context,
                "case": case,
                "title": title,
                "kind": kind,
                "document_number": doc.number,
                "issuing_organisation": organisation,
                "issued_on": issued_on,
                "issued_on_chinese": chinese_date(issued_on),
                "recipients": doc.recipients,
                "recipients_line": _recipients_line(doc.recipients),
                "version": doc.version,
            }
            # Rendered while the number is held: the number is printed in the PDF, and a failure here rolls it back.
            pdf = render_pdf(template_name, full_context)
            doc.sha256 = hashlib.sha256(pdf).hexdigest()
            doc.size = len(pdf)
            doc.file.save("document.pdf", ContentFile(pdf), save=False)
            doc.save()
            audit_record(
                action="document.generate",
                actor=actor,
                obj=doc,
                summary=f"{doc.number or title} v{doc.version}",
                data={"kind": kind, "case": f"{content_type.app_label}.{content_type.model}#{object_id}",
                      "sha256": doc.sha256, "version": doc.version, "request_key": request_key or ""},
            )
    except BaseException:
        _discard(doc.file)
        raise
    return doc


def document_generate(
    *,
    case: models.Model,
    kind: str,
    title: str,
    template_name: str,
    context: dict[str, Any],
    organisation: Any,
    actor: Any,
    recipients: list[str] | str | None = None,
    issued_on: date | None = None,
    numbered: bool = True,
    request_key: str | None = None,
) -> GeneratedDocument:
    """Render an official document of a case to PDF and store it immutably (生成文书).

    ``template_name`` usually extends ``documents/official_base.html`` (or ``report_base.html``). The template
    sees ``context`` plus ``case``, ``title``, ``document_number``, ``issuing_organisation``, ``issued_on``,
    ``issued_on_chinese``, ``recipients`` and ``recipients_line``.

    When ``numbered`` (the default) the 文号 is the organisation's next number of the year, allocated in the same
    transaction as the row: gap-free and safe under concurrency; a failed render gives the number back. A
    ``request_key`` makes the call idempotent: a repeat returns the document the first call stored. Permission
    to cause a document is the caller's business (generation is an effect of a workflow transition).
    """
    if request_key:
        existing = GeneratedDocument.objects.filter(request_key=request_key).first()
        if existing is not None:
            return existing
    if numbered and not organisation.document_prefix:
        raise ValidationError(
            _("发文单位“%(name)s”未设置发文机关代字，无法编号。") % {"name": organisation}, code="no_prefix"
        )
    content_type, object_id = case_key(case)
    try:
        return _store(
            case=case, content_type=content_type, object_id=object_id, kind=kind, title=title,
            template_name=template_name, context=context, organisation=organisation, actor=actor,
            recipients=recipients, issued_on=issued_on or timezone.localdate(), numbered=numbered,
            request_key=request_key, supersedes=None,
        )
    except IntegrityError:
        # A concurrent run with the same request key won; its number stands and ours was rolled back.
        if request_key:
            existing = GeneratedDocument.objects.filter(request_key=request_key).first()
            if existing is not None:
                return existing
        raise


def document_regenerate(
    *,
    document: GeneratedDocument,
    context: dict[str, Any],
    actor: Any,
    title: str | None = None,
    template_name: str | None = None,
    issued_on: date | None = None,
    request_key: str | None = None,
) -> GeneratedDocument:
    """Render a corrected version of a document (重新生成). The stored version is never changed: the new row has
    ``version + 1``, keeps the 文号 and ``supersedes`` the old one. Only the latest version can be superseded."""
    if request_key:
        existing = GeneratedDocument.objects.filter(request_key=request_key).first()
        if existing is not None:
            return existing
    return _store(
        case=document.case, content_type=document.content_type, object_id=document.object_id, kind=document.kind,
        title=title or document.title, template_name=template_name or document.template_name, context=context,
        organisation=document.organisation, actor=actor, recipients=document.recipients,
        issued_on=issued_on or timezone.localdate(), numbered=document.sequence_number is not None,
        request_key=request_key, supersedes=document,
    )
