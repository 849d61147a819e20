"""The versioned API root, ``/api/v1/``. Each engine part and regulation app that has an ``api/urls.py`` (or
``api_urls.py``) is mounted under its own prefix by gazette/urls.py; this module holds the shared endpoints."""

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token

app_name = "api"

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="token"),
]
