from __future__ import annotations

import pytest
from django.urls import reverse

from property.models import Committee

from .conftest import run_committee

pytestmark = pytest.mark.django_db


def test_street_office_forms_a_committee_from_the_area_page(client, street_clerk, make_area):
    area = make_area()
    client.force_login(street_clerk)
    response = client.post(area.get_absolute_url(), {
        "trigger": "delivery_under_half", "requirements": "热心公益", "registration": "即日起到居委会报名",
        "places": "东门公告栏\n3号楼单元门", "days": "7"})
    committee = Committee.objects.get(area=area)
    assert response.status_code == 302 and response["Location"] == committee.get_absolute_url()
    page = client.get(committee.get_absolute_url()).content.decode()
    assert "组建公告公示中" in page and "PROP-A7" in page


def test_one_place_on_the_form_shows_the_article_and_saves_nothing(client, street_clerk, make_area):
    area = make_area()
    client.force_login(street_clerk)
    response = client.post(area.get_absolute_url(), {
        "trigger": "delivery_under_half", "requirements": "热心公益", "registration": "报名",
        "places": "东门公告栏", "days": "7"})
    assert response.status_code == 200
    assert "两处以上" in response.content.decode() and "第七条" in response.content.decode()
    assert not Committee.objects.exists()


def test_owners_import_page_lists_bad_rows(client, street_clerk, make_area):
    from django.core.files.uploadedfile import SimpleUploadedFile

    area = make_area(units=1)
    client.force_login(street_clerk)
    csv = "房号,专有部分面积,业主姓名,手机号码\n2-101,80,张三,13900000000\n1-001,80,李四,\n".encode()
    response = client.post(reverse("property:area_import", args=[area.pk]),
                           {"file": SimpleUploadedFile("owners.csv", csv)}, follow=True)
    page = response.content.decode()
    assert "已导入1户，1行有误" in page and "第3行" in page and "房号重复" in page


def test_lists_and_pages_for_the_street_office_and_the_county_department(
        client, street_clerk, make_user, orgs, form_committee, seat_candidates, django_assert_max_num_queries):
    committee = run_committee(form_committee(), street_clerk, seat_candidates, orgs)
    client.force_login(street_clerk)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("property:committee_list")).status_code == 200
    assert client.get(reverse("property:area_list")).status_code == 200
    page = client.get(committee.get_absolute_url()).content.decode()
    assert "已备案，履职中" in page and 'data-action="member-end"' in page
    for what in ("members", "meetings", "attendance"):
        response = client.get(reverse("property:committee_export", args=[committee.pk, what]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    county = make_user("clerk", organisation=orgs["housing"])
    client.force_login(county)
    page = client.get(committee.get_absolute_url()).content.decode()
    assert committee.reference in page and 'data-action="member-end"' not in page
    outsider = make_user("clerk", organisation=orgs["other"])
    client.force_login(outsider)
    assert client.get(committee.get_absolute_url()).status_code == 404


def test_meeting_form_records_attendance_and_refuses_a_proxy_for_an_owner_rep(
        client, street_clerk, orgs, form_committee, seat_candidates):
    committee = run_committee(form_committee(), street_clerk, seat_candidates, orgs)
    client.force_login(street_clerk)
    members = list(committee.members.filter(status="active").order_by("id"))
    url = reverse("property:meeting_new", args=[committee.pk])
    data = {"kind": "regular", "held_on": "2026-11-30", "subject": "路灯", "decision": "修复路灯", "proposers": "0"}
    for m in members:
        data[f"presence_{m.pk}"] = "present"
        data[f"signed_{m.pk}"] = "on"
    rep = next(m for m in members if m.is_owner_rep)
    response = client.post(url, {**data, f"presence_{rep.pk}": "proxy"})
    assert response.status_code == 200 and "不能委托代理人" in response.content.decode()
    assert not committee.meetings.exists()
    response = client.post(url, data)
    meeting = committee.meetings.get()
    assert response.status_code == 302
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "出席 7/7 名" in page and 'data-action="adopt"' in page
