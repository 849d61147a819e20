from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.views.decorators.cache import never_cache


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


login_view = never_cache(LoginView.as_view())
logout_view = auth_views.LogoutView.as_view()
