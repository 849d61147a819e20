from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "organisation", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "groups", "organisation__type")
    list_select_related = ("organisation",)
    search_fields = ("username", "full_name", "organisation__name")
    autocomplete_fields = ("organisation",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("单位"), {"fields": ("organisation", "full_name", "phone")}),
    )
