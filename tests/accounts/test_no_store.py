"""Responses to signed-in users and API clients may carry personal data: no cache may keep them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def _assert_no_store(response) -> None:
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Pragma"] == "no-cache"


@pytest.mark.parametrize("url", ["/", "/inbox/", "/deadlines/overdue/", "/api/schema/"])
def test_pages_for_a_signed_in_user_are_not_stored(client, clerk, url):
    client.force_login(clerk)
    response = client.get(url, follow=False)
    assert response.status_code in (200, 302)
    _assert_no_store(response)


def test_api_responses_to_token_clients_are_not_stored(client, clerk):
    token = Token.objects.create(user=clerk)
    response = client.get("/api/v1/calendar/period-end/", {"start": "2026-11-02", "amount": 3,
                                                                "unit": "workdays"},
                          HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code in (200, 400)
    _assert_no_store(response)


def test_even_a_refused_api_request_with_credentials_is_not_stored(client):
    response = client.get("/api/v1/calendar/period-end/", HTTP_AUTHORIZATION="Token wrong")
    assert response.status_code == 401
    _assert_no_store(response)


def test_public_pages_stay_cacheable_by_the_browser(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Pragma" not in response
