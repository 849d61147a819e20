from django.urls import path

from gazette.workflow.views import action_urls

from . import views

app_name = "fund"

urlpatterns = [
    path("applications/", views.application_list, name="application_list"),
    path("applications/export.xlsx", views.application_export, name="application_export"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/reveal/", views.application_reveal, name="application_reveal"),
    path("applications/<int:pk>/determination/", views.application_determination,
         name="application_determination"),
    path("applications/<int:pk>/upload/", views.application_upload, name="application_upload"),
    path("applications/<int:pk>/advance-amount/", views.application_advance_adjust,
         name="application_advance_adjust"),
    *action_urls("applications", "fund.application", name="application_action"),
    path("public/", views.public_information, name="public_information"),
    path("portal/", views.portal_list, name="portal_list"),
    path("portal/new/", views.portal_submit, name="portal_submit"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger/export.xlsx", views.ledger_export, name="ledger_export"),
    *action_urls("ledger/reports", "fund.fundreport", name="report_action"),
    *action_urls("ledger/obligations", "fund.fundobligation", name="obligation_action"),
    path("recoveries/", views.recovery_list, name="recovery_list"),
    path("recoveries/export.xlsx", views.recovery_export, name="recovery_export"),
    path("recoveries/<int:pk>/", views.recovery_detail, name="recovery_detail"),
    *action_urls("recoveries", "fund.recovery", name="recovery_action"),
]
