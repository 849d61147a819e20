from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "title", "organisation", "recipient", "read_at")
    list_filter = ("kind",)
    search_fields = ("title", "reference")
    list_select_related = ("organisation", "recipient")
