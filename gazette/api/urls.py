"""The versioned API root, ``/api/v1/``. Each engine part and regulation app that has an ``api/urls.py`` (or
``api_urls.py``) is mounted under its own prefix by gazette/urls.py; this module holds the shared endpoints."""

from django.urls import path
from rest_framework import exceptions
from rest_framework.authtoken.views import ObtainAuthToken

from gazette.accounts.twofactor import otp_required_for


class TokenView(ObtainAuthToken):
    """Tokens are for hospitals' systems; staff who must use two-factor sign-in cannot bypass it with one."""

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if otp_required_for(serializer.validated_data["user"]):
            raise exceptions.PermissionDenied("工作人员须通过双因素认证登录，不能使用密码换取接口令牌。")
        return super().post(request, *args, **kwargs)


app_name = "api"

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
]
