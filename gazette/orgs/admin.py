from django.contrib import admin

from .models import Organisation, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    readonly_fields = ("path",)
    autocomplete_fields = ("parent",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "region", "parent", "document_prefix", "is_active")
    list_filter = ("type", "is_active", "region__level")
    search_fields = ("name", "short_name", "region__name")
    list_select_related = ("region", "parent")
    autocomplete_fields = ("region", "parent")
