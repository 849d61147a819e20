from django.contrib import admin

from .models import (
    Application,
    AverageWage,
    CompensationCustody,
    CompulsoryInsuranceLimit,
    ExpresswayUnit,
    FundReport,
    LedgerEntry,
    Recovery,
    ServiceHotline,
    WriteOff,
)


@admin.register(AverageWage)
class AverageWageAdmin(admin.ModelAdmin):
    list_display = ("year", "monthly_amount", "published_on", "source")


@admin.register(CompulsoryInsuranceLimit)
class CompulsoryInsuranceLimitAdmin(admin.ModelAdmin):
    list_display = ("effective_from", "medical_limit", "death_disability_limit", "property_limit")


@admin.register(ServiceHotline)
class ServiceHotlineAdmin(admin.ModelAdmin):
    list_display = ("effective_from", "number", "note")


@admin.register(ExpresswayUnit)
class ExpresswayUnitAdmin(admin.ModelAdmin):
    list_display = ("organisation", "acts_as", "region")


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    """Entries are append-only: corrections are new entries, never edits."""

    list_display = ("occurred_on", "kind", "direction", "amount", "source_ref", "note")
    list_filter = ("kind", "direction")
    readonly_fields = ("application", "recovery", "created_by", "created_at")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only: applications change only through the workflow engine."""

    list_display = ("reference", "kind", "state", "approval_level", "advance_amount", "created_at")
    list_filter = ("kind", "state", "approval_level")
    search_fields = ("reference",)
    exclude = ("victim_id_number", "bank_account")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


admin.site.register(Recovery)
admin.site.register(WriteOff)
admin.site.register(CompensationCustody)
admin.site.register(FundReport)
