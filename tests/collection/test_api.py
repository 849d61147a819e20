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


def test_api_refuses_to_refer_a_clue_found_in_own_duties_with_the_a29_trace(api_client, make_clue, users):
    clue = make_clue(source="regulator_monitoring")
    api_client.force_authenticate(users["member_clerk"])
    response = api_client.post(f"/api/v1/collection/clues/{clue.pk}/refer/",
                               {"comment": "请向大同市处非办举报", "referred_to": "大同市处非办"}, format="json")
    assert response.status_code == 422
    failed = [e for e in response.json()["error"]["rule_trace"] if e["outcome"] == "failed"]
    assert [(e["rule"], e["article"]) for e in failed] == [("COLL-A29-1", "第二十九条第一项")]
    assert api_client.get(f"/api/v1/collection/clues/{clue.pk}/").json()["state"] == "registered"


def test_the_reporter_shown_through_the_api_is_audited_like_the_page_view(api_client, make_clue, users):
    from gazette.audit.models import AuditEvent

    clue = make_clue()
    views = AuditEvent.objects.filter(action="collection.reporter_view", object_id=str(clue.pk))
    api_client.force_authenticate(users["city_approver"])  # not the registering unit: nothing shown, nothing logged
    assert api_client.get(f"/api/v1/collection/clues/{clue.pk}/").json()["reporter"] is None
    assert not views.exists()
    api_client.force_authenticate(users["member_clerk"])
    assert api_client.get(f"/api/v1/collection/clues/{clue.pk}/").json()["reporter"]["name"] == "举报人甲"
    assert list(views.values_list("actor", flat=True)) == [users["member_clerk"].pk]
