"""Staff two-factor sign-in (TOTP) after the password, with a moved clock."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from gazette.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _otp_on(settings):
    settings.OTP_REQUIRED_FOR_STAFF = True


def _token(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def _login(client, user, password):
    return client.post(reverse("login"), {"username": user.username, "password": password})


@pytest.fixture
def enrolled(clerk):
    return TOTPDevice.objects.create(user=clerk, name="phone", confirmed=True)


def test_first_sign_in_enrols_an_authenticator_from_an_inline_qr_code(client, clerk, password):
    _login(client, clerk, password)
    response = client.get(reverse("ui:inbox"))
    assert response.status_code == 302 and response.url.startswith(reverse("otp-enrol"))
    page = client.get(response.url)
    body = page.content.decode()
    assert page.status_code == 200 and 'src="data:image/svg+xml;base64,' in body and "绑定动态验证码" in body
    assert "no-store" in page["Cache-Control"]
    device = TOTPDevice.objects.get(user=clerk, confirmed=False)
    response = client.post(reverse("otp-enrol"), {"token": _token(device), "next": reverse("ui:inbox")})
    assert response.status_code == 302 and response.url == reverse("ui:inbox")
    assert client.get(reverse("ui:inbox")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="auth.otp_enrolled", actor=clerk).count() == 1


def test_password_alone_reaches_nothing_but_the_second_step(client, clerk, password, enrolled):
    response = _login(client, clerk, password)
    assert response.status_code == 302
    response = client.get(reverse("deadlines:overdue"))
    assert response.status_code == 302 and response.url.startswith(reverse("otp-verify"))
    # An enrolled user cannot reach the enrolment page to bind a second device.
    assert client.get(reverse("otp-enrol")).url.startswith(reverse("otp-verify"))
    api = client.get("/api/v1/calendar/period-end/")
    assert api.status_code == 403 and api.json()["error"]["code"] == "otp_required"


def test_correct_code_signs_in_rotates_the_session_and_is_audited(client, clerk, password, enrolled):
    _login(client, clerk, password)
    before = client.session.session_key
    response = client.post(reverse("otp-verify"), {"token": _token(enrolled), "next": "/deadlines/overdue/"})
    assert response.status_code == 302 and response.url == "/deadlines/overdue/"
    assert client.session.session_key != before
    assert client.get(reverse("deadlines:overdue")).status_code == 200
    assert AuditEvent.objects.filter(action="auth.otp_verified", actor=clerk).count() == 1


def test_next_cannot_point_to_another_site(client, clerk, password, enrolled):
    _login(client, clerk, password)
    response = client.post(reverse("otp-verify"), {"token": _token(enrolled), "next": "https://evil.example/"})
    assert response.url == reverse("ui:inbox")


def test_a_code_from_five_minutes_ago_is_refused(client, clerk, password, enrolled):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        old = _token(enrolled)
        _login(client, clerk, password)
        clock.shift(timedelta(minutes=5))
        response = client.post(reverse("otp-verify"), {"token": old})
        assert response.status_code == 200 and "动态验证码不正确" in response.content.decode()
        assert client.get(reverse("ui:inbox")).status_code == 302
        assert AuditEvent.objects.filter(action="auth.otp_failed", actor=clerk).count() == 1


def test_a_used_code_cannot_be_replayed(client, clerk, password, enrolled):
    with time_machine.travel(timezone.now(), tick=False):
        token = _token(enrolled)
        _login(client, clerk, password)
        assert client.post(reverse("otp-verify"), {"token": token}).status_code == 302
        client.post(reverse("logout"))
        _login(client, clerk, password)
        assert client.post(reverse("otp-verify"), {"token": token}).status_code == 200
        assert client.get(reverse("ui:inbox")).status_code == 302


def test_five_wrong_codes_end_the_session(client, clerk, password, enrolled):
    with time_machine.travel(timezone.now(), tick=True) as clock:
        _login(client, clerk, password)
        for _ in range(5):
            clock.shift(timedelta(seconds=40))  # past django-otp's own throttling delay
            response = client.post(reverse("otp-verify"), {"token": "000000"})
        assert response.status_code == 302 and response.url == reverse("login")
        assert client.get(reverse("ui:inbox")).url.startswith(reverse("login"))


def test_hospital_staff_and_the_setting_off_need_no_second_factor(client, make_user, clerk, password, settings):
    hospital = make_user("hospital")
    _login(client, hospital, password)
    assert client.get(reverse("ui:inbox")).status_code == 200
    client.post(reverse("logout"))
    settings.OTP_REQUIRED_FOR_STAFF = False
    _login(client, clerk, password)
    assert client.get(reverse("ui:inbox")).status_code == 200


def _setting_in(env_name: str, **extra: str) -> str:
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ENV", "OTP_REQUIRED_FOR_STAFF"}}
    env.update(DJANGO_ENV=env_name, **extra)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                               "print(settings.OTP_REQUIRED_FOR_STAFF)"],
        cwd=root, env={**env, "DJANGO_SETTINGS_MODULE": "gazette.settings"}, capture_output=True, text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_two_factor_is_on_by_default_in_production_only():
    production = {"SECRET_KEY": "p" * 60, "ALLOWED_HOSTS": "gazette.example.cn",
                  "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")}
    assert _setting_in("production", **production) == "True"
    assert _setting_in("production", OTP_REQUIRED_FOR_STAFF="false", **production) == "False"
    assert _setting_in("development") == "False"


def test_staff_cannot_swap_a_password_for_an_api_token(api_client, clerk, make_user, password):
    response = api_client.post(reverse("api:token"), {"username": clerk.username, "password": password},
                               format="json")
    assert response.status_code == 403
    hospital = make_user("hospital")
    response = api_client.post(reverse("api:token"), {"username": hospital.username, "password": password},
                               format="json")
    assert response.status_code == 200 and response.json()["token"]
