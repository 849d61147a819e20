"""Downloads of attachments and generated documents: only to users who may view the case, never cached,
always audited."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from gazette.audit.services import audit_record

from .selectors import attachment_get_for_user, document_get_for_user

_INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png"}


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _file_response(field_file, *, filename: str, content_type: str) -> FileResponse:
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, filename=filename, content_type=content_type, as_attachment=content_type not in _INLINE_TYPES
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def attachment_download(request, pk: int):
    """Stream an attachment (404 unless the user may view its case); audited as ``document.download``."""
    attachment = attachment_get_for_user(user=request.user, pk=pk)
    response = _file_response(attachment.file, filename=attachment.original_name, content_type=attachment.mime_type)
    audit_record(
        action="document.download",
        actor=request.user,
        obj=attachment,
        summary=f"{attachment.content_type.app_label}.{attachment.content_type.model}#{attachment.object_id}",
        data={"sha256": attachment.sha256, "personal_data": attachment.is_personal_data},
        ip=_client_ip(request),
    )
    return response


@require_GET
@login_required
def document_download(request, pk: int):
    """Stream a generated PDF (404 unless the user may view its case); audited as ``document.download``."""
    document = document_get_for_user(user=request.user, pk=pk)
    response = _file_response(document.file, filename=document.filename, content_type="application/pdf")
    audit_record(
        action="document.download",
        actor=request.user,
        obj=document,
        summary=f"{document.number or document.title} v{document.version}",
        data={"sha256": document.sha256, "version": document.version},
        ip=_client_ip(request),
    )
    return response
