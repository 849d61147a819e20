from django.contrib import admin

from .models import NoticePlace, Objection, PublicNotice


class PlaceInline(admin.TabularInline):
    model = NoticePlace
    extra = 0


class ObjectionInline(admin.TabularInline):
    model = Objection
    extra = 0


@admin.register(PublicNotice)
class PublicNoticeAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "organisation", "starts_at", "ends_at", "status", "provisional")
    list_filter = ("status",)
    search_fields = ("reference", "title")
    list_select_related = ("organisation",)
    inlines = [PlaceInline, ObjectionInline]
