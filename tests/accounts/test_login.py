from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from gazette.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_page_is_in_chinese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "用户登录" in body and "密码" in body


def test_correct_password_signs_in_and_is_audited(client, clerk, password):
    response = _login(client, clerk.username, password)
    assert response.status_code == 302
    assert response.url == reverse("ui:inbox")
    assert AuditEvent.objects.filter(action="auth.login", actor=clerk).count() == 1


def test_session_id_rotates_at_login(client, clerk, password):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    _login(client, clerk.username, password)
    assert client.session.session_key != before


def test_six_wrong_passwords_lock_the_account_and_are_audited(client, clerk, password):
    for _ in range(6):
        response = _login(client, clerk.username, "wrong-password")
    assert response.status_code == 429
    assert "账号已锁定" in response.content.decode()
    # Even the right password is refused while locked.
    response = _login(client, clerk.username, password)
    assert response.status_code == 429
    assert AuditEvent.objects.filter(action="auth.login_failed").count() >= 5
    assert AuditEvent.objects.filter(action="auth.locked_out").exists()
    assert not AuditEvent.objects.filter(action="auth.login", actor=clerk).exists()


def test_four_wrong_passwords_do_not_lock(client, clerk, password):
    for _ in range(4):
        _login(client, clerk.username, "wrong-password")
    assert _login(client, clerk.username, password).status_code == 302


def test_logout_ends_the_session(client, clerk, password):
    _login(client, clerk.username, password)
    assert client.get(reverse("ui:inbox")).status_code == 200
    client.post(reverse("logout"))
    response = client.get(reverse("ui:inbox"))
    assert response.status_code == 302 and reverse("login") in response.url
    assert AuditEvent.objects.filter(action="auth.logout", actor=clerk).count() == 1


def test_idle_session_expires_after_30_minutes(client, clerk, password):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _login(client, clerk.username, password)
        clock.shift(timedelta(minutes=29))
        assert client.get(reverse("ui:inbox")).status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get(reverse("ui:inbox"))
        assert response.status_code == 302


def test_active_session_ends_after_12_hours(client, clerk, password):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _login(client, clerk.username, password)
        # Active every 20 minutes: the idle limit never triggers, the absolute one does.
        for _ in range(35):
            clock.shift(timedelta(minutes=20))
            assert client.get(reverse("ui:inbox")).status_code == 200
        clock.shift(timedelta(minutes=20))  # 12 h 0 min since sign-in
        clock.shift(timedelta(minutes=1))
        response = client.get(reverse("ui:inbox"))
        assert response.status_code == 302 and reverse("login") in response.url


def test_weak_passwords_are_rejected():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("12345678901", "password123", "short"):
        with pytest.raises(ValidationError):
            validate_password(weak)
