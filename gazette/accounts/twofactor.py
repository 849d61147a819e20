"""Two-factor sign-in for staff: TOTP (django-otp) after the password.

``OTP_REQUIRED_FOR_STAFF`` (env; on in production, off otherwise) turns it on. Staff are users with ``is_staff``
or ``is_superuser`` or any government role (every role but ``hospital``: hospitals' systems use API tokens
under their own agreements). A signed-in staff member without a verified second factor reaches only the
enrolment and verification pages and sign-out; pages redirect there, the API answers 403.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from gazette.audit.services import audit_record
from gazette.permissions import user_has_role

from .roles import ALL_ROLES, HOSPITAL

STAFF_ROLES = tuple(r.code for r in ALL_ROLES if r != HOSPITAL)
MAX_FAILURES = 5
FAILURES_KEY = "gazette_otp_failures"
EXEMPT_PREFIXES = ("/accounts/otp/", "/accounts/login/", "/accounts/logout/", "/static/", "/i18n/", "/healthz")


def otp_required_for(user) -> bool:
    """True when ``user`` must pass a second factor before using the portal."""
    if not getattr(settings, "OTP_REQUIRED_FOR_STAFF", False) or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or user.is_superuser or user_has_role(user, *STAFF_ROLES))


def _verified(user) -> bool:
    return bool(getattr(user, "is_verified", lambda: False)())


class OTPRequiredMiddleware:
    """Holds back staff who signed in with a password only (after django-otp's OTPMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (user is not None and otp_required_for(user) and not _verified(user)
                and not request.path.startswith(EXEMPT_PREFIXES)):
            if request.path.startswith("/api/"):
                return JsonResponse({"error": {"code": "otp_required", "message": _("请先完成双因素认证。"),
                                               "fields": {}}}, status=403)
            target = "otp-verify" if user_has_device(user, confirmed=True) else "otp-enrol"
            return redirect(f"{reverse(target)}?next={quote(request.get_full_path())}")
        return self.get_response(request)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _passed(request: HttpRequest, device, action: str) -> HttpResponse:
    otp_login(request, device)
    request.session.cycle_key()  # a new session id once the second factor is proven
    request.session.pop(FAILURES_KEY, None)
    audit_record(action=action, actor=request.user, ip=_ip(request), summary=f"{action} {request.user.username}")
    return redirect(_next_url(request))


def _failed(request: HttpRequest) -> HttpResponse | None:
    failures = request.session.get(FAILURES_KEY, 0) + 1
    request.session[FAILURES_KEY] = failures
    user = request.user
    audit_record(action="auth.otp_failed", actor=user, ip=_ip(request), summary=f"otp failed {user.username}",
                 data={"failures": failures})
    if failures >= MAX_FAILURES:
        logout(request)
        messages.error(request, _("动态验证码错误次数过多，请重新登录。"))
        return redirect("login")
    messages.error(request, _("动态验证码不正确或已过期。"))
    return None


@never_cache
@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    """第二步验证: the 6-digit code from the staff member's authenticator app."""
    user = request.user
    if _verified(user):
        return redirect(_next_url(request))
    if not any(devices_for_user(user, confirmed=True)):
        return redirect(f"{reverse('otp-enrol')}?next={quote(_next_url(request))}")
    if request.method == "POST":
        device = match_token(user, request.POST.get("token", "").strip())
        if device is not None:
            return _passed(request, device, "auth.otp_verified")
        if (response := _failed(request)) is not None:
            return response
    return render(request, "registration/otp_verify.html", {"next": _next_url(request)})


@never_cache
@login_required
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """绑定动态验证码: first sign-in of a staff member without an authenticator. Re-enrolment is an
    administrator's job (delete the device in the admin), so a stolen password cannot replace a device."""
    user = request.user
    if any(devices_for_user(user, confirmed=True)):
        return redirect(f"{reverse('otp-verify')}?next={quote(_next_url(request))}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("动态验证码"), confirmed=False)
    if request.method == "POST":
        if device.verify_token(request.POST.get("token", "").strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            return _passed(request, device, "auth.otp_enrolled")
        if (response := _failed(request)) is not None:
            return response
    import qrcode
    import qrcode.image.svg

    svg = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage).to_string()
    secret = base64.b32encode(device.bin_key).decode()
    return render(request, "registration/otp_enrol.html", {
        # An image data URL: generated here, no third-party service sees the secret, nothing marked safe.
        "qr_src": "data:image/svg+xml;base64," + base64.b64encode(svg).decode(),
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "next": _next_url(request),
    })
