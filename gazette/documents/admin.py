"""Read-only admin pages: stored documents and number sequences are records, never edited by hand. The PDF itself
is reached only through the audited download view, not through the admin."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import DocumentSequence, GeneratedDocument


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(_ReadOnlyAdmin):
    list_display = ("number", "title", "kind", "organisation", "version", "issued_on", "created_by", "created_at")
    list_filter = ("kind", "year")
    search_fields = ("number", "title", "object_id")
    list_select_related = ("organisation", "created_by")
    date_hierarchy = "created_at"
    fields = (
        "number", "title", "kind", "organisation", "year", "sequence_number", "issued_on", "version",
        "supersedes", "case_link", "template_name", "recipients", "sha256", "size", "request_key",
        "created_by", "created_at", "download",
    )
    readonly_fields = fields

    @admin.display(description=_("所属案件"))
    def case_link(self, obj: GeneratedDocument) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model} #{obj.object_id}"

    @admin.display(description=_("下载"))
    def download(self, obj: GeneratedDocument) -> str:
        return format_html('<a href="{}">{}</a>', reverse("documents:document-download", args=[obj.pk]), _("下载 PDF"))


@admin.register(DocumentSequence)
class DocumentSequenceAdmin(_ReadOnlyAdmin):
    list_display = ("organisation", "year", "last_number")
    list_filter = ("year",)
    search_fields = ("organisation__name",)
    list_select_related = ("organisation",)
