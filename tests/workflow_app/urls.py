from django.urls import path

from . import views

urlpatterns = [
    path("", views.permit_list, name="permit-list"),
    path("<int:pk>/", views.permit_detail, name="permit-detail"),
    path("<int:pk>/<slug:name>/", views.permit_action, name="permit-action"),
]
