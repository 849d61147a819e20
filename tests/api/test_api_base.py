from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def test_api_without_credentials_gets_the_json_error_shape(api_client):
    response = api_client.post(reverse("api:token"), {"username": "nobody", "password": "x"}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error) == {"code", "message", "fields"}
    assert "non_field_errors" in error["fields"]


def test_token_is_issued_for_valid_credentials(api_client, clerk, password):
    response = api_client.post(reverse("api:token"), {"username": clerk.username, "password": password}, format="json")
    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=clerk).key


def test_unknown_api_path_is_json_404(api_client, clerk):
    api_client.force_authenticate(clerk)
    response = api_client.get("/api/v1/does-not-exist/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"
    # A path that a route's pattern refuses (the fuzzer found these answered with Django's HTML page).
    response = api_client.post("/api/v1/fund/applications/1.5e-3/approve/", {}, format="json")
    assert response.status_code == 404 and response.json()["error"]["message"] == "未找到该对象，或您无权查看。"


def test_unknown_page_outside_the_api_is_still_an_html_page(client, clerk):
    client.force_login(clerk)
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("page_size", ["true", "0", "-1", "201", "1.5"])
def test_a_page_size_that_is_not_1_to_200_is_a_400_naming_it(api_client, clerk, page_size):
    api_client.force_authenticate(clerk)
    response = api_client.get("/api/v1/fund/applications/", {"page_size": page_size})
    assert response.status_code == 400
    assert "page_size" in response.json()["error"]["fields"]
    assert api_client.get("/api/v1/fund/applications/", {"page_size": "200"}).status_code == 200


def test_openapi_schema_and_swagger_ui_are_served(client, clerk):
    client.force_login(clerk)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    # No CDN: the Swagger UI assets come from our own static files.
    assert b"cdn.jsdelivr" not in docs.content and b"/static/drf_spectacular_sidecar/" in docs.content


def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    body = response.json()
    assert body["checks"]["database"] == "ok"
    assert response.status_code in (200, 503)
    assert "broker" in body["checks"]


@pytest.mark.parametrize("page", ["", "abc", "0", "last"])
def test_a_page_that_is_not_a_positive_integer_is_a_400_naming_it(api_client, clerk, page):
    api_client.force_authenticate(clerk)
    response = api_client.get("/api/v1/fund/applications/", {"page": page})
    assert response.status_code == 400 and "page" in response.json()["error"]["fields"]
    assert api_client.get("/api/v1/fund/applications/", {"page": "1"}).status_code == 200
    assert api_client.get("/api/v1/fund/applications/", {"page": "2"}).status_code == 404  # past the last page
