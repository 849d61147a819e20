"""Admin pages for the reference data administrators keep: score sheets (versioned; a version a cycle has used is
read-only: CRED-A4), the yearly cycle's dates (with a warning when the submission window falls on rest days),
enterprises and records."""

from __future__ import annotations

from django.contrib import admin, messages

from .models import CreditCycle, CreditRecord, Enterprise, Indicator, ScoreSheet
from .selectors import window_warning


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0

    def has_add_permission(self, request, obj=None):
        return obj is None or obj.used_at is None

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.used_at is None

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.used_at is None


@admin.register(ScoreSheet)
class ScoreSheetAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "version", "effective_from", "is_sample", "used_at")
    list_filter = ("kind", "is_sample")
    inlines = [IndicatorInline]
    readonly_fields = ("used_at",)

    def has_change_permission(self, request, obj=None):
        # 第四条: a version a cycle has scored with is never edited; a correction is a new version.
        return super().has_change_permission(request, obj) and (obj is None or obj.used_at is None)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.used_at is None)


@admin.register(CreditCycle)
class CreditCycleAdmin(admin.ModelAdmin):
    list_display = ("year", "notice_date", "submission_opens", "submission_closes", "notice_opens", "final_by")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        warning = window_warning(obj)
        if warning:
            messages.warning(request, warning)


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "credit_code", "registration_region")
    list_filter = ("kind",)
    search_fields = ("organisation__name", "credit_code")
    raw_id_fields = ("organisation",)


@admin.register(CreditRecord)
class CreditRecordAdmin(admin.ModelAdmin):
    list_display = ("title", "enterprise", "polarity", "category", "occurred_on", "points", "veto",
                    "entered_by_organisation")
    list_filter = ("polarity", "veto")
    raw_id_fields = ("enterprise",)

    def has_change_permission(self, request, obj=None):
        return False   # records are entered and repaired through the services (they re-rate, 第十四条/第二十一条)

    def has_add_permission(self, request):
        return False
