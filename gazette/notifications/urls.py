from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("read-all/", views.notifications_read_all, name="read_all"),
]
