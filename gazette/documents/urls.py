from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("generated/<int:pk>/", views.document_download, name="document-download"),
]
