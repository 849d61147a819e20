"""Root URL configuration.

Engine parts and regulation apps are mounted by discovery: an installed app under this project that has a
``urls`` module is mounted at ``/<label>/`` and one with ``api/urls.py`` at ``/api/v1/<label>/``, so the project
package never imports a regulation app by name.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from gazette.accounts.twofactor import otp_enrol, otp_verify
from gazette.accounts.views import login_view, logout_view
from gazette.api.views import healthz

admin.site.site_header = _("Gazette 管理后台")
admin.site.site_title = _("Gazette 管理后台")
admin.site.index_title = _("基础数据与系统管理")

_SKIP = {"gazette.ui", "gazette.api", "gazette.accounts", "gazette.orgs", "gazette.audit"}


def _has_module(name: str) -> bool:
    try:
        return find_spec(name) is not None
    except ModuleNotFoundError:  # a parent is a plain module, not a package
        return False


def _discovered() -> tuple[list, list]:
    page_routes, api_routes = [], []
    root = settings.BASE_DIR
    for config in apps.get_app_configs():
        parent = Path(config.path).parent
        # tests/ holds the engine's test case type (installed only when DJANGO_ENV=test).
        if config.name in _SKIP or parent not in (root, root / "gazette", root / "tests"):
            continue
        prefix = getattr(config, "url_prefix", config.label)
        if _has_module(f"{config.name}.urls"):
            module = import_module(f"{config.name}.urls")
            page_routes.append(path(f"{prefix}/", include((module, config.label))))
        if _has_module(f"{config.name}.api.urls"):
            module = import_module(f"{config.name}.api.urls")
            api_routes.append(path(f"api/v1/{prefix}/", include((module, f"{config.label}-api"))))
    return page_routes, api_routes


_pages, _api = _discovered()

urlpatterns = [
    path("", include("gazette.ui.urls")),
    path("accounts/login/", login_view, name="login"),
    path("accounts/logout/", logout_view, name="logout"),
    path("accounts/otp/verify/", otp_verify, name="otp-verify"),
    path("accounts/otp/enrol/", otp_enrol, name="otp-enrol"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include("gazette.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    *_api,
    *_pages,
]

# Unmatched URLs under /api/ answer in the API's JSON error shape (gazette.api.views).
handler404 = "gazette.api.views.not_found"
handler500 = "gazette.api.views.server_error"
