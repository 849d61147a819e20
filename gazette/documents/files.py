"""What an uploaded file is: its extension must name an accepted type and its first bytes must agree."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class FileType:
    code: str
    label: str
    mime_type: str
    extensions: tuple[str, ...]
    sniff: Callable[[bytes, IO[bytes]], bool]


def _is_ofd(head: bytes, stream: IO[bytes]) -> bool:
    # OFD (GB/T 33190) is a zip container whose root holds OFD.xml; only the central directory is read.
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(stream) as archive:
            return any(name.lower() == "ofd.xml" for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


FILE_TYPES: dict[str, FileType] = {
    t.code: t
    for t in (
        FileType("pdf", "PDF", "application/pdf", ("pdf",), lambda head, _s: b"%PDF-" in head[:1024]),
        FileType("jpg", "JPG", "image/jpeg", ("jpg", "jpeg"), lambda head, _s: head.startswith(b"\xff\xd8\xff")),
        FileType("png", "PNG", "image/png", ("png",), lambda head, _s: head.startswith(b"\x89PNG\r\n\x1a\n")),
        FileType("ofd", "OFD", "application/ofd", ("ofd",), _is_ofd),
    )
}
DEFAULT_ACCEPTS: tuple[str, ...] = ("pdf", "jpg", "png", "ofd")


def max_upload_bytes() -> int:
    return int(getattr(settings, "DOCUMENTS_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def _human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} B"


def _invalid(message: str, code: str) -> ValidationError:
    return ValidationError({"file": [ValidationError(message, code=code)]})


def file_type_check(uploaded_file, *, accepts: tuple[str, ...] | None = None) -> FileType:
    """Return the type of an uploaded file, or raise ValidationError on the field ``file`` with a Chinese message.

    Checks, in order: not empty, not above ``DOCUMENTS_MAX_UPLOAD_BYTES``, an accepted extension, and content whose
    magic bytes match that extension (a renamed .exe is not a PDF).
    """
    accepts = tuple(accepts or DEFAULT_ACCEPTS)
    labels = "、".join(FILE_TYPES[c].label for c in accepts if c in FILE_TYPES)
    size = uploaded_file.size or 0
    if size == 0:
        raise _invalid(_("文件为空，请重新选择文件。"), "empty")
    limit = max_upload_bytes()
    if size > limit:
        raise _invalid(
            _("文件过大（%(size)s），单个文件不得超过 %(limit)s。")
            % {"size": _human_size(size), "limit": _human_size(limit)},
            "too_large",
        )
    name = PurePath(uploaded_file.name or "").name
    ext = PurePath(name).suffix.lower().lstrip(".")
    file_type = next((t for t in FILE_TYPES.values() if ext in t.extensions), None)
    if file_type is None or file_type.code not in accepts:
        raise _invalid(
            _("不支持的文件类型“%(ext)s”，请上传 %(types)s 格式的文件。")
            % {"ext": ext or _("无扩展名"), "types": labels},
            "file_type",
        )
    uploaded_file.seek(0)
    head = uploaded_file.read(2048)
    uploaded_file.seek(0)
    ok = file_type.sniff(head, uploaded_file)
    uploaded_file.seek(0)
    if not ok:
        raise _invalid(
            _("文件内容与扩展名不符：“%(name)s”不是有效的 %(type)s 文件。") % {"name": name, "type": file_type.label},
            "content_mismatch",
        )
    return file_type
