from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gazette.audit.services import audit_record

from .choices import RegulationStatus
from .models import Regulation, RegulationExtension


class ExtensionInline(admin.TabularInline):
    model = RegulationExtension
    extra = 0
    fields = ("effective_from", "extended_until", "basis", "recorded_by", "recorded_at")
    readonly_fields = ("recorded_by", "recorded_at")


@admin.register(Regulation)
class RegulationAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "doc_number", "effective_from", "expires_on", "status_today")
    search_fields = ("code", "title", "doc_number")
    inlines = [ExtensionInline]

    @admin.display(description=_("当前状态"))
    def status_today(self, obj: Regulation) -> str:
        return RegulationStatus(obj.status_on(timezone.localdate())).label

    def save_formset(self, request, form, formset, change):
        for instance in formset.save(commit=False):
            if isinstance(instance, RegulationExtension) and instance.recorded_by_id is None:
                instance.recorded_by = request.user
            instance.save()
            if isinstance(instance, RegulationExtension):
                audit_record(action="rules.extension", actor=request.user, obj=instance,
                             summary=f"{instance.regulation.code} {instance.effective_from or '-'}→"
                                     f"{instance.extended_until or '长期'} {instance.basis}")
        formset.save_m2m()
        for obj in formset.deleted_objects:
            audit_record(action="rules.extension_delete", actor=request.user, obj=obj,
                         summary=f"{obj.regulation.code} {obj.basis}")
            obj.delete()
