from django.contrib import admin

from .models import Area, Committee, Meeting, Member, Owner, SmsMessage


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "street_office", "total_area", "delivered_area", "owners_committee_elected_on")
    search_fields = ("name",)
    list_select_related = ("street_office",)


@admin.register(Owner)
class OwnerAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "area")
    search_fields = ("name", "unit__number")
    list_select_related = ("unit", "area")


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ("reference", "area", "state", "established_on", "filed_on")
    readonly_fields = ("state",)
    list_select_related = ("area",)


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("name", "committee", "kind", "role", "status")
    list_select_related = ("committee",)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("committee", "number", "kind", "held_on", "state")
    readonly_fields = ("state",)
    list_select_related = ("committee__area",)


@admin.register(SmsMessage)
class SmsMessageAdmin(admin.ModelAdmin):
    """The SMS outbox (no gateway is wired in; a gateway integration reads and delivers these)."""

    list_display = ("phone", "text", "sent_at")
