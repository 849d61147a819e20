from django.urls import path

from gazette.workflow.views import action_urls

from . import views

app_name = "tailings"

urlpatterns = [
    path("report/", views.public_report, name="public_report"),
    path("report/receipt/<str:receipt>/", views.public_receipt, name="public_receipt"),
    path("facilities/", views.facility_list, name="facility_list"),
    path("facilities/new/", views.facility_new, name="facility_new"),
    path("facilities/import/", views.facility_import, name="facility_import"),
    path("facilities/export.xlsx", views.facility_export, name="facility_export"),
    path("facilities/<int:pk>/", views.facility_detail, name="facility_detail"),
    path("facilities/<int:pk>/review/", views.facility_review, name="facility_review"),
    path("facilities/<int:pk>/elevation/", views.facility_elevation, name="facility_elevation"),
    path("facilities/<int:pk>/dangers/new/", views.danger_new, name="danger_new"),
    path("facilities/<int:pk>/officials/new/", views.official_new, name="official_new"),
    path("facilities/<int:pk>/inspections/new/", views.inspection_new, name="inspection_new"),
    *action_urls("facilities", "tailings.facility", name="facility_action"),
    path("alarms/", views.alarm_list, name="alarm_list"),
    path("alarms/export.xlsx", views.alarm_export, name="alarm_export"),
    path("alarms/<int:pk>/", views.alarm_detail, name="alarm_detail"),
    *action_urls("alarms", "tailings.alarm", name="alarm_action"),
    path("dangers/", views.danger_list, name="danger_list"),
    path("dangers/<int:pk>/", views.danger_detail, name="danger_detail"),
    *action_urls("dangers", "tailings.hiddendanger", name="danger_action"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    *action_urls("reports", "tailings.publicreport", name="report_action"),
]
