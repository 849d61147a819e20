"""Process-local copies of reference tables (gazette/refdata.py) stay correct: own changes at once, other
processes' changes within REFDATA_CHECK_SECONDS, rolled-back changes never, a cache outage means reloading."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test.utils import CaptureQueriesContext

from fund.models import AverageWage
from fund.services import AVERAGE_WAGES, previous_year_wage
from gazette.orgs.selectors import REGIONS, region_get

DAY = date(2026, 5, 1)


def _queries(fn) -> int:
    from django.db import connection

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.mark.django_db(transaction=True)
def test_a_copy_is_read_once_and_then_served_without_a_query(settings):
    settings.REFDATA_CHECK_SECONDS = 60
    AverageWage.objects.create(year=2025, monthly_amount=Decimal("7000.00"))
    assert previous_year_wage(DAY) == Decimal("7000.00")
    assert _queries(lambda: previous_year_wage(DAY)) == 0


@pytest.mark.django_db
def test_this_process_sees_its_own_change_at_once_even_inside_the_transaction(settings):
    settings.REFDATA_CHECK_SECONDS = 60
    row = AverageWage.objects.create(year=2025, monthly_amount=Decimal("7000.00"))
    assert previous_year_wage(DAY) == Decimal("7000.00")
    row.monthly_amount = Decimal("7100.00")
    row.save()
    assert previous_year_wage(DAY) == Decimal("7100.00")
    row.delete()
    assert previous_year_wage(DAY) is None


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_is_never_kept(settings):
    settings.REFDATA_CHECK_SECONDS = 60
    AverageWage.objects.create(year=2025, monthly_amount=Decimal("7000.00"))
    assert previous_year_wage(DAY) == Decimal("7000.00")
    with pytest.raises(RuntimeError), transaction.atomic():
        AverageWage.objects.filter(year=2025).first().delete()
        assert previous_year_wage(DAY) is None  # the change is visible inside its own transaction
        raise RuntimeError("roll back")
    assert previous_year_wage(DAY) == Decimal("7000.00")


@pytest.mark.django_db(transaction=True)
def test_a_committed_change_publishes_a_new_version_for_the_other_processes(settings):
    settings.REFDATA_CHECK_SECONDS = 60
    AverageWage.objects.create(year=2025, monthly_amount=Decimal("7000.00"))
    before = cache.get(AVERAGE_WAGES.cache_key)
    AverageWage.objects.filter(year=2025).update(monthly_amount=Decimal("7200.00"))  # no signal: say it
    AVERAGE_WAGES.changed()
    assert cache.get(AVERAGE_WAGES.cache_key) != before
    assert previous_year_wage(DAY) == Decimal("7200.00")


@pytest.mark.django_db(transaction=True)
def test_another_process_change_is_picked_up_at_the_next_check(settings):
    """Another process's commit shows here as a new shared version: the copy is kept until the next check
    (REFDATA_CHECK_SECONDS), then reloaded."""
    settings.REFDATA_CHECK_SECONDS = 3600
    AverageWage.objects.create(year=2025, monthly_amount=Decimal("7000.00"))
    assert previous_year_wage(DAY) == Decimal("7000.00")
    # The other process: changes the row without this process's signal and publishes a version.
    AverageWage.objects.filter(year=2025).update(monthly_amount=Decimal("7300.00"))
    cache.set(AVERAGE_WAGES.cache_key, "from-another-process", None)
    assert previous_year_wage(DAY) == Decimal("7000.00")  # within the check interval: this process's copy
    settings.REFDATA_CHECK_SECONDS = 0
    assert previous_year_wage(DAY) == Decimal("7300.00")


@pytest.mark.django_db
def test_an_unreachable_cache_means_reloading_not_keeping_a_stale_copy(settings, monkeypatch):
    settings.REFDATA_CHECK_SECONDS = 0
    AverageWage.objects.create(year=2025, monthly_amount=Decimal("7000.00"))
    assert previous_year_wage(DAY) == Decimal("7000.00")

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", down)
    AverageWage.objects.filter(year=2025).update(monthly_amount=Decimal("7400.00"))
    assert previous_year_wage(DAY) == Decimal("7400.00")


@pytest.mark.django_db
def test_regions_are_private_copies(settings):
    """A caller caching a related object on the region it got must not change anyone else's."""
    settings.REFDATA_CHECK_SECONDS = 60
    first = region_get("140105")
    first.name = "changed by a caller"
    assert region_get("140105").name == "小店区"
    assert REGIONS.get()["140105"].name == "小店区"
    assert region_get("999999") is None and region_get(None) is None
    assert _queries(lambda: region_get("140105").full_name) == 0
    assert region_get("140105").full_name == "山西省太原市小店区"
