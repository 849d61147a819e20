from django.urls import path

from gazette.workflow.views import action_urls

from . import views

app_name = "collection"

urlpatterns = [
    path("report/", views.public_report, name="public_report"),
    path("report/receipt/<str:receipt>/", views.public_receipt, name="public_receipt"),
    path("report/status/", views.public_status, name="public_status"),
    path("clues/", views.clue_list, name="clue_list"),
    path("clues/new/", views.clue_new, name="clue_new"),
    path("clues/<int:pk>/", views.clue_detail, name="clue_detail"),
    path("clues/<int:pk>/team/", views.team_add, name="team_add"),
    path("clues/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("clues/<int:pk>/evidence/verify/", views.evidence_verify, name="evidence_verify"),
    path("clues/<int:pk>/measures/", views.measure_add, name="measure_add"),
    path("clues/<int:pk>/participants/", views.participants_import, name="participants_import"),
    path("clues/<int:pk>/assets/", views.asset_add, name="asset_add"),
    path("clues/<int:pk>/refunds/", views.refund_add, name="refund_add"),
    path("clues/<int:pk>/reward/", views.reward_record, name="reward_record"),
    path("clues/<int:pk>/police-feedback/", views.police_feedback, name="police_feedback"),
    path("clues/<int:pk>/participants.xlsx", views.participants_export, name="participants_export"),
    *action_urls("clues", "collection.clue", name="clue_action"),
    path("measures/<int:pk>/", views.measure_detail, name="measure_detail"),
    *action_urls("measures", "collection.measure", name="measure_action"),
    path("monitoring/", views.upload_list, name="upload_list"),
    path("monitoring/<int:pk>/", views.upload_detail, name="upload_detail"),
    path("monitoring/<int:pk>/progress/", views.upload_progress, name="upload_progress"),
    path("monitoring/<int:pk>/hits/<int:hit_pk>/clue/", views.hit_to_clue, name="hit_to_clue"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    *action_urls("reports", "collection.riskreport", name="report_action"),
    path("supervision/", views.supervision_list, name="supervision_list"),
    path("supervision/<int:pk>/", views.supervision_detail, name="supervision_detail"),
    *action_urls("supervision", "collection.supervisionaction", name="supervision_action"),
    path("alerts/", views.alert_list, name="alert_list"),
]
