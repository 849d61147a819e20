from django.urls import path

from . import views

urlpatterns = [
    path("period-end/", views.PeriodEndView.as_view(), name="period-end"),
]
