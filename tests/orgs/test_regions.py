from __future__ import annotations

import csv
from pathlib import Path

import pytest

from gazette.orgs.models import Region
from gazette.orgs.selectors import region_subtree_q
from gazette.orgs.services import REGIONS_CSV, regions_load

pytestmark = pytest.mark.django_db


def test_shanxi_its_eleven_cities_and_county_units_are_loaded():
    assert Region.objects.get(code="140000").name == "山西省"
    cities = Region.objects.filter(level="city")
    assert cities.count() == 11
    assert set(cities.values_list("parent_id", flat=True)) == {"140000"}
    assert Region.objects.filter(level="county").count() == 117
    assert Region.objects.get(code="140105").full_name == "山西省太原市小店区"


def test_fixture_matches_the_verified_reference_data():
    shared = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "shanxi-regions.csv"
    if shared.exists():
        assert shared.read_bytes() == REGIONS_CSV.read_bytes()
    with REGIONS_CSV.open(encoding="utf-8") as fh:
        codes = {row["code"] for row in csv.DictReader(fh)}
    assert codes == set(Region.objects.values_list("code", flat=True))


def test_loading_twice_changes_nothing():
    before = Region.objects.count()
    regions_load()
    assert Region.objects.count() == before


def test_subtree_filter_covers_a_city_and_its_counties():
    from gazette.orgs.models import Organisation
    from tests.factories import OrganisationFactory

    city_org = OrganisationFactory(region=Region.objects.get(code="140100"))
    county_org = OrganisationFactory(region=Region.objects.get(code="140105"))
    other_city = OrganisationFactory(region=Region.objects.get(code="140200"))
    taiyuan = Region.objects.get(code="140100")
    found = set(Organisation.objects.filter(region_subtree_q(taiyuan)))
    assert {city_org, county_org} <= found
    assert other_city not in found
