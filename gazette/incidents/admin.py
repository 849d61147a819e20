from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import Incident
from .services import incident_resolve


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    """Administrators see every background task given up on, and mark it resolved once handled."""

    list_display = ("last_seen", "kind", "task_name", "task_id", "count", "retries", "resolved")
    list_filter = ("resolved", "kind", "task_name")
    search_fields = ("task_name", "task_id", "exception")
    readonly_fields = [f.name for f in Incident._meta.fields]
    actions = ["mark_resolved"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("标记为已处理"), permissions=["change"])
    def mark_resolved(self, request, queryset):
        for incident in queryset:
            incident_resolve(incident=incident, actor=request.user)
        messages.success(request, _("已标记为已处理。"))
