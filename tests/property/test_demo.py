import pytest

from property.models import Committee, Meeting

pytestmark = pytest.mark.django_db


def test_demo_has_three_areas_at_different_stages_and_loads_twice_without_duplicates():
    from gazette.orgs import demo as engine_demo
    from property import demo

    engine_demo.load()
    rows = demo.load()
    demo.load()
    assert {r[0] for r in rows} == {"prop_street", "prop_head", "prop_county"}
    states = dict(Committee.objects.values_list("area__name", "state"))
    assert states == {"锦绣园": "announcing", "阳光花园": "list_posted", "和平小区": "running"}
    listed = Committee.objects.get(area__name="阳光花园")
    from property.selectors import list_notice

    assert list_notice(listed).objections.filter(outcome="pending").count() == 1
    assert sorted(Meeting.objects.values_list("state", flat=True)) == ["adopted", "refused"]
    refused = Meeting.objects.get(state="refused")
    assert "第十五条" in refused.history.get(transition="refuse").comment
