from django.contrib import admin

from .models import (
    Clue,
    Evidence,
    FlowThresholds,
    Measure,
    MonitoringHit,
    MonitoringUpload,
    Participant,
    RiskAlert,
    RiskReport,
    ScreenWord,
    SupervisionAction,
)


@admin.register(ScreenWord)
class ScreenWordAdmin(admin.ModelAdmin):
    """COLL-A19 forbidden words and the administrators' watch list, effective-dated."""

    list_display = ("word", "kind", "effective_from", "effective_to", "note")
    list_filter = ("kind",)
    search_fields = ("word",)


@admin.register(FlowThresholds)
class FlowThresholdsAdmin(admin.ModelAdmin):
    """COLL-A22 thresholds, effective-dated."""

    list_display = ("effective_from", "effective_to", "p1_min_sources", "p2_min_payees", "p3_min_recent_total",
                    "p4_min_person_sources", "p5_min_inbound")


@admin.register(Clue)
class ClueAdmin(admin.ModelAdmin):
    list_display = ("reference", "subject_name", "source", "state", "registering_organisation", "lead_department")
    list_filter = ("state", "source")
    search_fields = ("reference", "subject_name")
    readonly_fields = ("state",)
    exclude = ("reporter_name", "reporter_id_number", "reporter_phone")  # COLL-A25: not even in the admin


for model in (Evidence, Measure, Participant, MonitoringUpload, MonitoringHit, RiskReport, SupervisionAction,
              RiskAlert):
    admin.site.register(model)
