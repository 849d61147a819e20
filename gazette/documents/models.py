"""Attachments (申请材料), generated official documents (公文) and their per-organisation number sequences."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _attachment_path(instance: Attachment, filename: str) -> str:
    # Never the uploaded name: a random path cannot be guessed or collide, and hides personal data in names.
    now = timezone.now()
    return f"attachments/{now:%Y/%m}/{uuid.uuid4().hex}.{instance.extension or 'bin'}"


def _document_path(instance: GeneratedDocument, filename: str) -> str:
    return f"documents/{instance.year}/{uuid.uuid4().hex}.pdf"


class Attachment(models.Model):
    """A file uploaded to a case (案件材料), optionally fulfilling one item of the case type's checklist."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("案件类型"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("案件编号"), max_length=64)
    case = GenericForeignKey("content_type", "object_id")
    checklist_code = models.CharField(_("材料清单项"), max_length=64, blank=True)
    original_name = models.CharField(_("原文件名"), max_length=255)
    extension = models.CharField(_("文件类型"), max_length=8)
    mime_type = models.CharField(_("内容类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256 校验值"), max_length=64, db_index=True)
    file = models.FileField(_("文件"), upload_to=_attachment_path, max_length=200)
    is_personal_data = models.BooleanField(_("含个人信息"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "checklist_code"], name="doc_att_case_item")]

    def __str__(self) -> str:
        return self.original_name


class DocumentSequence(models.Model):
    """The last 文号 number an organisation issued in a year. Numbers are allocated under a row lock in the
    transaction that stores the document, so they are gap-free: a failed render rolls its number back."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("发文单位"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    last_number = models.PositiveIntegerField(_("已用最大序号"), default=0)

    class Meta:
        verbose_name = _("发文编号序列")
        verbose_name_plural = _("发文编号序列")
        ordering = ["organisation_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="doc_sequence_org_year")]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}: {self.last_number}"


class ImmutableDocumentError(Exception):
    """A stored generated document may not be changed or deleted; regenerate it as a new version instead."""


class GeneratedDocumentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableDocumentError("generated documents are immutable; create a new version instead")

    def delete(self):
        raise ImmutableDocumentError("generated documents are immutable and are never deleted")


class GeneratedDocument(models.Model):
    """An official document rendered to PDF (生成文书). Immutable once stored: a correction is a new version
    that supersedes this one and keeps its 文号. On PostgreSQL a trigger refuses UPDATE and DELETE."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("案件类型"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("案件编号"), max_length=64)
    case = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("文书种类"), max_length=64)
    title = models.CharField(_("标题"), max_length=200)
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("发文单位"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    sequence_number = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    number = models.CharField(_("发文字号"), max_length=64, blank=True)
    issued_on = models.DateField(_("成文日期"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    supersedes = models.OneToOneField(
        "self", verbose_name=_("取代的版本"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="superseded_by",
    )
    file = models.FileField(_("文件"), upload_to=_document_path, max_length=200)
    sha256 = models.CharField(_("SHA-256 校验值"), max_length=64)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    # Idempotency key of the request that produced the document: a retried task finds its earlier result.
    request_key = models.CharField(_("请求标识"), max_length=100, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("生成人"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    # What a new version needs to be rendered again like this one.
    template_name = models.CharField(_("模板"), max_length=200)
    recipients = models.JSONField(_("主送机关"), default=list, blank=True)

    objects = GeneratedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("生成文书")
        verbose_name_plural = _("生成文书")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "kind"], name="doc_gen_case_kind")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "sequence_number", "version"], name="doc_gen_number_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number or self.title} (v{self.version})"

    def save(self, *args, **kwargs) -> None:
        # A storage invariant rather than a business rule: the stored PDF and its hash must never drift apart.
        if not self._state.adding:
            raise ImmutableDocumentError("generated documents are immutable; create a new version instead")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableDocumentError("generated documents are immutable and are never deleted")

    @property
    def filename(self) -> str:
        base = self.number or self.title
        return f"{base}-v{self.version}.pdf" if self.version > 1 else f"{base}.pdf"
