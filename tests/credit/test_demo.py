"""The demo (`make run`): a 2026 cycle with firms of all four kinds in every stage, a gap notice, an objection, a
veto-item D, and two star applications; loading twice changes nothing."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_demo_has_every_stage_and_loads_twice():
    from credit import demo
    from credit.models import Rating, StarApplication
    from gazette.orgs.demo import load as orgs_load

    orgs_load()
    rows = demo.load()
    assert {r[0] for r in rows} >= {"cred_firm", "cred_county", "cred_city", "cred_province"}
    states = set(Rating.objects.values_list("state", flat=True))
    assert states == {"draft", "submitted", "awaiting_completion", "verified", "province_review", "ready",
                      "noticed", "rerated", "final"}
    assert set(Rating.objects.values_list("kind", flat=True)) == {"developer", "property_service", "appraisal",
                                                                  "brokerage"}
    assert Rating.objects.exclude(gap_items="").exists()
    veto = Rating.objects.get(veto=True)
    assert veto.grade == "D" and veto.score == 93
    final = Rating.objects.get(state="final")
    assert final.grade == "B" and final.score == 88.5
    assert StarApplication.objects.count() == 2
    demo.load()
    assert Rating.objects.count() == 10 and StarApplication.objects.count() == 2
