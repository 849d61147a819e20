"""Pages: each role's pages render, lists read a fixed number of queries, the public grade list needs no login."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(db):
    from credit import demo
    from gazette.orgs.demo import load as orgs_load

    orgs_load()
    demo.load()
    from django.contrib.auth import get_user_model

    return {u.username: u for u in get_user_model().objects.filter(username__startswith="cred_")}


def test_every_role_opens_its_pages(client, demo_world):
    from credit.models import Enterprise, Rating, StarApplication

    for name, urls in {
        "cred_firm": ["/credit/portal/", "/credit/stars/apply/"],
        "cred_county": ["/credit/ratings/", "/credit/enterprises/", "/credit/cycles/", "/credit/stars/"],
        "cred_city": ["/credit/ratings/?state=verified", "/credit/ratings/?q=物业"],
        "cred_province": ["/credit/ratings/?export=xlsx"],
    }.items():
        client.force_login(demo_world[name])
        for url in urls:
            assert client.get(url).status_code == 200, (name, url)
        for rating in Rating.objects.all()[:3]:
            if name != "cred_firm":
                assert client.get(rating.get_absolute_url()).status_code == 200
    client.force_login(demo_world["cred_city"])
    assert client.get(Enterprise.objects.first().get_absolute_url()).status_code == 200
    star = StarApplication.objects.first()
    page = client.get(star.get_absolute_url()).content.decode()
    assert "已失效" in page and "159号" in page   # the lapsed trial, as the trace says


def test_the_cycle_page_warns_about_the_spring_festival(client, demo_world):
    client.force_login(demo_world["cred_province"])
    assert "休息日或法定节假日" in client.get("/credit/cycles/").content.decode()


def test_lists_read_a_fixed_number_of_queries(client, demo_world, django_assert_max_num_queries):
    client.force_login(demo_world["cred_province"])
    client.get("/credit/ratings/")
    with django_assert_max_num_queries(12):
        assert client.get("/credit/ratings/").status_code == 200
    client.logout()
    with django_assert_max_num_queries(6):
        response = client.get("/credit/grades/", {"q": "示范"})
    assert response.status_code == 200 and "山西示范物业服务有限公司" in response.content.decode()


def test_public_pages_need_no_login_and_show_only_published_grades(client, demo_world):
    body = client.get("/credit/grades/").content.decode()
    assert "B级" in body and "太原晋阳房地产开发有限公司" not in body   # a draft is not published
    notices = client.get("/credit/notices/").content.decode()
    assert "山西康居物业服务有限公司" in notices
    api = client.get("/api/v1/credit/grades/", {"q": "示范"}).json()
    rows = api["results"] if isinstance(api, dict) else api
    assert rows[0]["grade"] == "B" and rows[0]["year"] == 2026


def test_an_outsider_sees_none_of_it(client, make_user, demo_world):
    from credit.models import Rating

    client.force_login(make_user("clerk"))
    assert client.get("/credit/ratings/").status_code == 404
    assert client.get(Rating.objects.first().get_absolute_url()).status_code == 404
