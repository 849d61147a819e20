import pytest
from django.core.management import call_command

from collection.models import Clue

pytestmark = pytest.mark.django_db


def test_demo_loads_twice_without_duplicates():
    call_command("seed_demo")
    call_command("seed_demo")
    assert Clue.objects.count() == 4
    assert set(Clue.objects.values_list("state", flat=True)) == {"registered", "verifying", "disposal_applied",
                                                                  "investigating"}
