"""Loading an official year, overrides, the calendar_changed signal and invalidation across processes."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from gazette.workcalendar import table
from gazette.workcalendar.models import CalendarOverride, OfficialYear
from gazette.workcalendar.periods import Unit, is_provisional, is_working_day, period_end
from gazette.workcalendar.selectors import calendar_coverage_warnings
from gazette.workcalendar.services import (
    CalendarFileError,
    official_year_delete,
    official_year_load,
    override_delete,
    override_save,
)
from gazette.workcalendar.signals import calendar_changed

pytestmark = pytest.mark.django_db
SOURCE = "国务院办公厅关于2027年部分节假日安排的通知"

# Test data shaped like a State Council notice; not the real 2027 schedule.
CSV_2027 = """date,is_working_day,name
2027-01-01,0,元旦
2027-02-06,0,春节
2027-02-07,0,春节
2027-02-08,0,春节
2027-02-09,0,春节
2027-02-10,0,春节
2027-02-11,0,春节
2027-02-12,0,春节
2027-02-20,1,春节
"""


@pytest.fixture
def received():
    calls: list[dict] = []

    def receiver(sender, **kwargs):
        calls.append({"sender": sender, **kwargs})

    calendar_changed.connect(receiver, dispatch_uid="test-calendar-changed")
    yield calls
    calendar_changed.disconnect(dispatch_uid="test-calendar-changed")


def test_loading_2027_makes_it_official_and_sends_calendar_changed(
    received, django_capture_on_commit_callbacks, make_user
):
    admin = make_user(None, is_staff=True)
    assert is_provisional(date(2027, 2, 8))
    with django_capture_on_commit_callbacks(execute=True):
        result = official_year_load(year=2027, content=CSV_2027.encode(), source=SOURCE, user=admin)

    assert (result.created, result.updated, result.deleted) == (9, 0, 0)
    official = OfficialYear.objects.get(year=2027)
    assert official.source == SOURCE and official.loaded_by == admin
    assert not is_provisional(date(2027, 2, 8))
    assert not is_working_day(date(2027, 2, 8))  # a Monday in the Spring Festival holiday
    assert is_working_day(date(2027, 2, 20))  # make-up Saturday
    after = period_end(date(2026, 12, 20), 10, Unit.WORKDAYS)
    assert not after.provisional and after.end.date() == date(2027, 1, 4)
    assert received == [
        {"sender": OfficialYear, "signal": calendar_changed, "years": {2027},
         "reason": f"录入2027年官方节假日安排（{SOURCE}）"}
    ]


def test_calendar_changed_waits_for_commit(received, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        official_year_load(year=2027, content=CSV_2027, source=SOURCE)
    assert received == []
    assert len(callbacks) == 1


def test_a_bad_file_is_refused_with_every_error_and_nothing_written():
    content = """date,is_working_day,name
2027-01-01,0,元旦
2027-02-30,0,春节
2027-01-01,0,元旦
2026-12-31,0,元旦
2027-02-20,maybe,春节
"""
    with pytest.raises(CalendarFileError) as info:
        official_year_load(year=2027, content=content, source=SOURCE)
    assert info.value.errors == [
        "第3行：日期“2027-02-30”无效，应为 YYYY-MM-DD 格式的真实日期。",
        "第4行：日期2027-01-01与第2行重复。",
        "第5行：日期2026-12-31不属于2027年。",
        "第6行：是否工作日“maybe”无效，应为 1（上班）或 0（休息）。",
    ]
    assert not CalendarOverride.objects.exists()
    assert not OfficialYear.objects.exists()
    assert is_provisional(date(2027, 1, 1))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "文件为空，没有任何数据。"),
        ("date,is_working_day,name\n", "文件中没有数据行。"),
        ("2027-01-01,0,元旦\n", "第1行：缺少表头，第一行应为“date,is_working_day,name”。"),
    ],
)
def test_empty_or_headerless_files_are_refused(content, message):
    with pytest.raises(CalendarFileError) as info:
        official_year_load(year=2027, content=content, source=SOURCE)
    assert info.value.errors == [message]


def test_reloading_a_year_with_replace_removes_days_no_longer_in_the_notice(django_capture_on_commit_callbacks):
    official_year_load(year=2027, content=CSV_2027, source=SOURCE)
    corrected = CSV_2027.replace("2027-02-12,0,春节\n", "")
    kept = official_year_load(year=2027, content=corrected, source=SOURCE)
    assert kept.kept == 1 and CalendarOverride.objects.filter(date=date(2027, 2, 12)).exists()
    replaced = official_year_load(year=2027, content=corrected, source=SOURCE, replace=True)
    assert replaced.deleted == 1 and not CalendarOverride.objects.filter(date=date(2027, 2, 12)).exists()
    assert is_working_day(date(2027, 2, 12))


def test_management_command_loads_a_file(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text(CSV_2027, encoding="utf-8")
    call_command("calendar_load_year", str(path), year=2027, source=SOURCE)
    assert OfficialYear.objects.filter(year=2027).exists()
    assert CalendarOverride.objects.filter(date__year=2027).count() == 9


def test_management_command_reports_errors_and_writes_nothing(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text(CSV_2027 + "2028-01-01,0,元旦\n", encoding="utf-8")
    with pytest.raises(CommandError, match="第11行：日期2028-01-01不属于2027年"):
        call_command("calendar_load_year", str(path), year=2027, source=SOURCE)
    assert not OfficialYear.objects.exists() and not CalendarOverride.objects.exists()


def test_an_override_wins_over_the_package(received, django_capture_on_commit_callbacks):
    assert is_working_day(date(2024, 10, 8))
    with django_capture_on_commit_callbacks(execute=True):
        override = override_save(
            override=CalendarOverride(date=date(2024, 10, 8), is_working_day=False, name="临时放假", source="测试")
        )
    assert not is_working_day(date(2024, 10, 8))
    result = period_end(date(2024, 9, 30), 3, Unit.WORKDAYS)
    assert result.end.date() == date(2024, 10, 11)
    assert next(r for r in result.explanation if r.date == date(2024, 10, 8)).reason == "临时放假"
    assert received[0]["years"] == {2024}

    with django_capture_on_commit_callbacks(execute=True):
        override_delete(overrides=[override])
    assert is_working_day(date(2024, 10, 8))
    assert len(received) == 2


def test_an_override_can_make_a_package_holiday_a_working_day():
    override_save(override=CalendarOverride(date=date(2024, 10, 7), is_working_day=True, name="调休"))
    assert is_working_day(date(2024, 10, 7))


def test_withdrawing_an_official_year_makes_it_provisional_again(received, django_capture_on_commit_callbacks):
    official_year_load(year=2027, content=CSV_2027, source=SOURCE)
    assert not is_provisional(date(2027, 6, 1))
    with django_capture_on_commit_callbacks(execute=True):
        official_year_delete(official_year=OfficialYear.objects.get(year=2027))
    assert is_provisional(date(2027, 6, 1))
    assert received[-1]["years"] == {2027}


def test_other_processes_pick_up_a_change_within_30_seconds(django_capture_on_commit_callbacks):
    stale = table.current()
    with django_capture_on_commit_callbacks(execute=True):
        override_save(override=CalendarOverride(date=date(2024, 10, 8), is_working_day=False, name="临时放假"))
    assert cache.get(table.VERSION_KEY) == table.db_version() != stale.version

    # Simulate another process that still holds the old table and checked the version a moment ago.
    table.install(stale)
    assert is_working_day(date(2024, 10, 8))
    table._checked_at -= table.CHECK_SECONDS + 1
    assert not is_working_day(date(2024, 10, 8))
    assert table.current().version == cache.get(table.VERSION_KEY)


def test_a_lost_cache_entry_is_recomputed_from_the_database():
    cache.delete(table.VERSION_KEY)
    assert table.shared_version() == table.db_version()


def test_coverage_warnings_for_the_next_and_current_year():
    assert calendar_coverage_warnings(date(2025, 6, 1)) == []
    assert calendar_coverage_warnings(date(2026, 11, 27)) == ["2027年官方节假日安排尚未录入，相关期限按临时日历计算。"]
    this_year = calendar_coverage_warnings(date(2027, 3, 1))
    assert len(this_year) == 2 and this_year[0].startswith("2027年（本年度）官方节假日安排尚未录入")
    official_year_load(year=2027, content=CSV_2027, source=SOURCE)
    assert calendar_coverage_warnings(date(2026, 11, 27)) == []
