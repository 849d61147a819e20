from django.urls import path

from . import views

app_name = "collection"

urlpatterns = [
    path("clues/", views.clue_list, name="clue_list"),
]
