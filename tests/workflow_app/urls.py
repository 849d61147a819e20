from django.urls import path

from gazette.workflow.views import action_urls

from . import views

urlpatterns = [
    path("", views.permit_list, name="permit-list"),
    path("<int:pk>/", views.permit_detail, name="permit-detail"),
    *action_urls("", "workflow_app.permit", name="permit-action"),
]
