from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import RegulationStatus
from .models import Regulation, RegulationExtension


class ExtensionInline(admin.TabularInline):
    model = RegulationExtension
    extra = 0
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
        formset.save_m2m()
        for obj in formset.deleted_objects:
            obj.delete()
