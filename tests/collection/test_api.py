"""The clue API: scoped, explicit actions with 409 / 422 / 404 and the reporter hidden outside the registering unit."""

import pytest

pytestmark = pytest.mark.django_db


def test_api_actions_and_errors(api_client, make_clue, users, outsider):
    clue = make_clue()
    api_client.force_authenticate(users["member_clerk"])
    body = api_client.get(f"/api/v1/collection/clues/{clue.pk}/").json()
    assert body["reporter"]["name"] == "举报人甲" and body["deadlines"][0]["rule_id"] == "COLL-A30"
    url = f"/api/v1/collection/clues/{clue.pk}/"
    assert api_client.post(url + "open/", {}, format="json").status_code == 409
    assert api_client.post(url + "verify-start/", {}, format="json").json()["state"] == "verifying"
    failed = api_client.post(url + "apply-disposal/", {"verification_summary": "属实"}, format="json")
    trace = failed.json()["error"]["rule_trace"]
    assert failed.status_code == 422
    assert [(e["rule"], e["outcome"]) for e in trace if e["outcome"] == "failed"] == [("COLL-A31", "failed")]
    api_client.force_authenticate(users["city_approver"])
    assert api_client.get(f"/api/v1/collection/clues/{clue.pk}/").json()["reporter"] is None
    api_client.force_authenticate(outsider)
    assert api_client.get(f"/api/v1/collection/clues/{clue.pk}/").status_code == 404
    assert api_client.post(url + "verify-start/", {}, format="json").status_code == 404
