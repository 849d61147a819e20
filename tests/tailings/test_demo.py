import pytest

from tailings.models import Alarm, Facility, Reading

pytestmark = pytest.mark.django_db


def test_demo_has_every_grade_and_state_with_open_alarms_and_loads_twice():
    from gazette.orgs.demo import load as orgs_load
    from tailings.demo import load

    orgs_load()
    load()
    readings = Reading.objects.count()
    load()
    assert Facility.objects.count() == 10 and Reading.objects.count() == readings > 5000
    assert set(Facility.objects.values_list("grade", flat=True)) == {1, 2, 3, 4, 5}
    assert {"design_review", "under_construction", "trial_run", "awaiting_licence", "operating", "idle", "closing",
            "closed"} <= set(Facility.objects.values_list("state", flat=True))
    assert Alarm.objects.filter(state="open", level="red").exists()
