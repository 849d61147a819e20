"""The period-end API, the deadline-calculator page and the admin pages of the calendar."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token

from gazette.workcalendar.models import CalendarOverride, OfficialYear

pytestmark = pytest.mark.django_db
SUMMARY_2024_NATIONAL_DAY = (
    "自2024年9月30日起算（起算日不计入），3个工作日，遇国庆节假期顺延，"
    "至2024年10月10日24时届满。"
)
URL = "/api/v1/calendar/period-end/"
CSV_2027 = "date,is_working_day,name\n2027-01-01,0,元旦\n2027-02-20,1,春节\n"


# --- API ------------------------------------------------------------------------------------------------------
def test_period_end_with_a_token(api_client, clerk):
    token = Token.objects.create(user=clerk)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api_client.get(URL, {"start": "2024-09-30", "amount": 3, "unit": "workdays"})
    assert response.status_code == 200
    body = response.json()
    assert body["end"] == "2024-10-10T23:59:59.999999+08:00"
    assert body["provisional"] is False
    assert body["summary"] == SUMMARY_2024_NATIONAL_DAY
    assert body["explanation"][0] == {"date": "2024-09-30", "counted": False, "ordinal": None, "reason": "起算日不计入"}
    assert body["explanation"][-1]["ordinal"] == 3


def test_period_end_in_hours_from_an_iso_datetime(client, clerk):
    client.force_login(clerk)
    response = client.get(URL, {"start": "2024-09-30T08:30:00+08:00", "amount": 48, "unit": "hours"})
    assert response.status_code == 200
    assert response.json()["end"] == "2024-10-02T08:30:00+08:00"


def test_period_end_into_2027_is_flagged_provisional(api_client, clerk):
    api_client.force_authenticate(clerk)
    body = api_client.get(URL, {"start": "2026-12-20", "amount": 10, "unit": "workdays"}).json()
    assert body["provisional"] is True
    assert "临时日历" in body["summary"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2024-09-30", "amount": 3, "unit": "weeks"}, "unit"),
        ({"start": "2024-09-30", "amount": -1, "unit": "days"}, "amount"),
        ({"start": "2024-09-30", "amount": "three", "unit": "days"}, "amount"),
        ({"start": "2024-02-30", "amount": 3, "unit": "days"}, "start"),
        ({"start": "30/09/2024", "amount": 3, "unit": "days"}, "start"),
        ({"start": "2003-12-31", "amount": 3, "unit": "days"}, "start"),
        ({"start": "2100-01-01", "amount": 3, "unit": "days"}, "start"),
        ({"start": "2099-12-30", "amount": 30, "unit": "workdays"}, "amount"),
        ({"amount": 3, "unit": "days"}, "start"),
        ({"start": "2024-09-30", "unit": "days"}, "amount"),
        ({"start": "2024-09-30", "amount": 3}, "unit"),
    ],
)
def test_bad_parameters_get_400_naming_the_parameter(api_client, clerk, params, field):
    api_client.force_authenticate(clerk)
    response = api_client.get(URL, params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert list(error["fields"]) == [field]
    assert error["message"].startswith("提交的数据有误：")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["fields"][field][0])


def test_anonymous_callers_are_refused(api_client):
    response = api_client.get(URL, {"start": "2024-09-30", "amount": 3, "unit": "workdays"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_an_outsider_may_use_the_calculator_as_it_is_public_reference_data(api_client, outsider):
    api_client.force_authenticate(outsider)
    assert api_client.get(URL, {"start": "2024-09-30", "amount": 3, "unit": "workdays"}).status_code == 200


def test_the_endpoint_is_documented_with_its_parameters(client, clerk):
    client.force_login(clerk)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/calendar/period-end/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"start", "amount", "unit"}
    assert "400" in operation["responses"]


# --- Calculator page ------------------------------------------------------------------------------------------
def test_the_calculator_needs_a_login(client):
    response = client.get("/calendar/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_calculator_renders_the_result_in_chinese(client, clerk):
    client.force_login(clerk)
    page = client.get("/calendar/", {"start_date": "2024-09-30", "amount": 3, "unit": "workdays"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>期限计算器</h1>" in html
    assert SUMMARY_2024_NATIONAL_DAY in html
    assert "2024年10月10日 23:59" in html
    assert "逐日说明" in html and "起算日不计入" in html and "国庆节" in html
    assert "临时结果" not in html


def test_the_calculator_shows_the_provisional_badge_and_the_coverage_warning(client, clerk):
    client.force_login(clerk)
    with time_machine.travel(date(2026, 11, 27)):
        html = client.get("/calendar/", {"start_date": "2026-12-20", "amount": 10, "unit": "workdays"}).content.decode()
    assert 'class="badge provisional"' in html and "临时结果" in html
    assert "2027年官方节假日安排尚未录入，相关期限按临时日历计算。" in html


def test_the_calculator_shows_a_chinese_error_for_a_bad_amount(client, clerk):
    client.force_login(clerk)
    html = client.get("/calendar/", {"start_date": "2024-09-30", "amount": -2, "unit": "days"}).content.decode()
    assert "期间数额应为正整数，不能为零或负数。" in html
    assert 'id="result"' not in html


def test_the_calculator_shows_a_range_error_on_the_start_field(client, clerk):
    client.force_login(clerk)
    html = client.get("/calendar/", {"start_date": "2003-05-01", "amount": 2, "unit": "days"}).content.decode()
    assert "超出日历支持的范围" in html


def test_the_navigation_offers_the_calculator(client, clerk):
    client.force_login(clerk)
    html = client.get("/inbox/").content.decode()
    assert 'href="/calendar/"' in html and "期限计算器" in html


# --- Admin ----------------------------------------------------------------------------------------------------
@pytest.fixture
def admin_client(client, make_user):
    admin = make_user(None, is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_the_admin_index_warns_when_next_year_is_not_official(admin_client):
    with time_machine.travel(date(2026, 11, 27)):
        html = admin_client.get("/admin/").content.decode()
    assert "2027年官方节假日安排尚未录入" in html


def test_the_admin_loads_a_year_from_csv(admin_client, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("2027.csv", CSV_2027.encode(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/workcalendar/officialyear/load/",
            {"year": 2027, "source": "国务院办公厅关于2027年部分节假日安排的通知", "file": upload},
        )
    assert response.status_code == 302
    assert OfficialYear.objects.filter(year=2027).exists()
    assert CalendarOverride.objects.filter(date__year=2027).count() == 2
    changelist = admin_client.get(response["Location"]).content.decode()
    assert "已录入2027年官方节假日安排" in changelist


def test_the_admin_shows_file_errors_and_writes_nothing(admin_client):
    upload = SimpleUploadedFile("2027.csv", (CSV_2027 + "2027-13-01,0,错\n").encode(), content_type="text/csv")
    response = admin_client.post(
        "/admin/workcalendar/officialyear/load/",
        {"year": 2027, "source": "国务院办公厅关于2027年部分节假日安排的通知", "file": upload},
    )
    assert response.status_code == 200
    assert "第4行：日期“2027-13-01”无效" in response.content.decode()
    assert not OfficialYear.objects.exists() and not CalendarOverride.objects.exists()


def test_the_admin_override_pages_are_in_chinese(admin_client):
    html = admin_client.get("/admin/workcalendar/calendaroverride/add/").content.decode()
    assert "节假日调整" in html and "依据文件" in html


def test_a_clerk_cannot_load_a_year(client, clerk):
    clerk.is_staff = True
    clerk.save()
    client.force_login(clerk)
    response = client.get("/admin/workcalendar/officialyear/load/")
    assert response.status_code == 403


def test_the_calculator_is_translated_to_english(client, clerk):
    """Needs compiled catalogues (`make messages`, part of `make test`)."""
    client.force_login(clerk)
    html = client.get(
        "/calendar/", {"start_date": "2024-09-30", "amount": 3, "unit": "workdays"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "<h1>Deadline calculator</h1>" in html and "Day by day" in html
