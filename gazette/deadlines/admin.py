from django.contrib import admin

from .models import Deadline


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ("reference", "label", "rule_id", "organisation", "started_at", "due_at", "status", "provisional")
    list_filter = ("status", "kind", "provisional", "on_breach")
    search_fields = ("reference", "label", "rule_id")
    list_select_related = ("organisation",)
    readonly_fields = [f.name for f in Deadline._meta.fields]

    def has_add_permission(self, request):
        return False
