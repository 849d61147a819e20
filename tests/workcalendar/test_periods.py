"""Period counting on the working-day calendar. Expected dates come from the chinesecalendar package itself."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar as cc
import pytest

from gazette.workcalendar.periods import (
    CalendarError,
    PeriodResult,
    Unit,
    add_working_days,
    is_provisional,
    is_working_day,
    period_end,
    working_days_between,
)

pytestmark = pytest.mark.django_db
SUMMARY_2024_NATIONAL_DAY = (
    "自2024年9月30日起算（起算日不计入），3个工作日，遇国庆节假期顺延，"
    "至2024年10月10日24时届满。"
)
TZ = ZoneInfo("Asia/Shanghai")


def end_of(d: date) -> datetime:
    return datetime.combine(d, time(23, 59, 59, 999999), tzinfo=TZ)


def package_nth_workday_after(start: date, n: int) -> date:
    """The n-th working day after ``start`` by the package. ``find_workday(n, d)`` counts from the first working
    day on or after ``d``, so it equals the legal rule only when ``d`` is a working day; start from ``d + 1``."""
    return cc.find_workday(n - 1, start + timedelta(days=1))


def package_day_period_end(start: date, days: int) -> date:
    """Reference implementation of a day period with the package: last day start+days, rolled past rest days."""
    last = start + timedelta(days=days)
    while not cc.is_workday(last):
        last += timedelta(days=1)
    return last


# --- Working-day periods --------------------------------------------------------------------------------------
def test_start_day_is_not_counted():
    result = period_end(date(2024, 3, 4), 1, Unit.WORKDAYS)  # a Monday
    assert result.end == end_of(date(2024, 3, 5))
    first = result.explanation[0]
    assert (first.date, first.counted, first.ordinal, first.reason) == (date(2024, 3, 4), False, None, "起算日不计入")


def test_three_workdays_from_2024_09_30_skip_the_national_day_holiday():
    assert cc.is_workday(date(2024, 9, 29)) and date(2024, 9, 29).weekday() == 6  # make-up Sunday, before start
    assert cc.is_workday(date(2024, 10, 12)) and date(2024, 10, 12).weekday() == 5  # make-up Saturday, after end
    expected = cc.find_workday(3, date(2024, 9, 30))
    result = period_end(date(2024, 9, 30), 3, "workdays")
    assert result.end == end_of(expected) == end_of(date(2024, 10, 10))
    assert not result.provisional
    skipped = [row for row in result.explanation if not row.counted and row.reason == "国庆节"]
    assert [row.date for row in skipped] == [date(2024, 10, d) for d in range(1, 8)]
    assert [row.ordinal for row in result.explanation if row.counted] == [1, 2, 3]
    assert result.summary() == SUMMARY_2024_NATIONAL_DAY


def test_make_up_days_of_the_2025_spring_festival_count_as_working_days():
    assert cc.is_workday(date(2025, 1, 26)) and date(2025, 1, 26).weekday() == 6
    assert cc.is_workday(date(2025, 2, 8)) and date(2025, 2, 8).weekday() == 5
    friday_before = period_end(date(2025, 1, 24), 1, Unit.WORKDAYS)
    assert friday_before.end.date() == cc.find_workday(1, date(2025, 1, 24)) == date(2025, 1, 26)
    sunday = next(row for row in friday_before.explanation if row.date == date(2025, 1, 26))
    assert sunday.counted and sunday.ordinal == 1 and sunday.reason == "调休上班日（春节）"

    across = period_end(date(2025, 1, 24), 3, Unit.WORKDAYS)
    assert across.end.date() == cc.find_workday(3, date(2025, 1, 24)) == date(2025, 2, 5)
    saturday = period_end(date(2025, 2, 7), 1, Unit.WORKDAYS)
    assert saturday.end.date() == date(2025, 2, 8)


def test_weekends_are_skipped_in_working_day_periods():
    result = period_end(date(2024, 3, 8), 1, Unit.WORKDAYS)  # Friday
    assert result.end.date() == date(2024, 3, 11)
    assert [row.reason for row in result.explanation[1:3]] == ["周六", "周日"]
    assert "周末不计入" in result.summary()


# --- Day periods ----------------------------------------------------------------------------------------------
def test_a_day_period_ending_on_a_holiday_ends_on_the_next_working_day():
    result = period_end(date(2024, 9, 28), 3, Unit.DAYS)  # last day 10-01, National Day
    assert result.end.date() == package_day_period_end(date(2024, 9, 28), 3) == date(2024, 10, 8)
    rolled = next(row for row in result.explanation if row.date == date(2024, 10, 1))
    assert rolled.counted and rolled.ordinal == 3
    assert rolled.reason == "国庆节；期间最后一日为休息日，顺延"
    assert result.explanation[-1].reason == "工作日；顺延后届满"
    assert "顺延" in result.summary() and "2024年10月8日24时届满" in result.summary()


def test_a_day_period_ending_on_a_weekend_ends_on_monday():
    result = period_end(date(2024, 3, 6), 3, Unit.DAYS)  # last day Saturday 2024-03-09
    assert result.end.date() == package_day_period_end(date(2024, 3, 6), 3) == date(2024, 3, 11)


def test_a_day_period_ending_on_a_make_up_saturday_does_not_roll():
    result = period_end(date(2024, 10, 9), 3, Unit.DAYS)
    assert result.end.date() == date(2024, 10, 12) == package_day_period_end(date(2024, 10, 9), 3)


def test_rest_days_inside_a_day_period_are_counted():
    result = period_end(date(2024, 9, 30), 10, Unit.DAYS)
    assert result.end.date() == date(2024, 10, 10)
    assert all(row.counted for row in result.explanation[1:])


def test_day_based_periods_end_at_24_00_shanghai_as_an_aware_datetime():
    result = period_end(date(2024, 5, 6), 15, Unit.DAYS)
    assert result.end.tzinfo is not None
    assert result.end.astimezone(TZ).time() == time(23, 59, 59, 999999)
    assert result.end.utcoffset() == timedelta(hours=8)


# --- Hours ----------------------------------------------------------------------------------------------------
def test_48_hours_count_exactly_from_the_moment_even_over_holidays():
    start = datetime(2024, 9, 30, 8, 30, tzinfo=TZ)
    result = period_end(start, 48, Unit.HOURS)
    assert result.end == datetime(2024, 10, 2, 8, 30, tzinfo=TZ)
    assert result.summary() == "自2024年9月30日8时30分起算，48小时，至2024年10月2日8时30分届满。"


def test_hours_accept_utc_and_naive_datetimes_as_the_same_moment():
    aware = period_end(datetime(2024, 9, 30, 0, 30, tzinfo=UTC), 2, Unit.HOURS)
    naive = period_end(datetime(2024, 9, 30, 8, 30), 2, Unit.HOURS)  # naive means Beijing time
    assert aware.end == naive.end == datetime(2024, 9, 30, 10, 30, tzinfo=TZ)


# --- Months ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year: end of February
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 3, 15), 2, date(2024, 5, 15)),
        (date(2024, 8, 31), 1, date(2024, 9, 30)),
    ],
)
def test_months_land_on_the_same_day_or_the_month_end(start, months, expected):
    assert cc.is_workday(expected)
    assert period_end(start, months, Unit.MONTHS).end.date() == expected


def test_a_month_period_whose_last_day_is_a_holiday_rolls():
    result = period_end(date(2024, 9, 1), 1, Unit.MONTHS)  # 2024-10-01
    assert result.end.date() == package_day_period_end(date(2024, 10, 1), 0) == date(2024, 10, 8)


def test_twelve_months_with_a_compact_explanation():
    result = period_end(date(2024, 1, 1), 12, Unit.MONTHS)  # 2025-01-01 is New Year's Day
    assert result.end.date() == date(2025, 1, 2)
    assert len(result.explanation) < 20
    dates = [row.date for row in result.explanation]
    assert dates[:2] == [date(2024, 1, 1), date(2024, 1, 2)]
    assert date(2025, 1, 1) in dates and dates[-1] == date(2025, 1, 2)
    assert next(row for row in result.explanation if row.date == date(2025, 1, 1)).ordinal == 366


def test_long_working_day_periods_list_every_holiday_they_skip():
    result = period_end(date(2024, 1, 1), 100, Unit.WORKDAYS)
    assert result.end.date() == package_nth_workday_after(date(2024, 1, 1), 100)
    assert result.explanation[-1].ordinal == 100
    reasons = {row.reason for row in result.explanation}
    assert {"春节", "清明节", "劳动节"} <= reasons
    assert len(result.explanation) < 60


# --- Provisional years ----------------------------------------------------------------------------------------
def test_a_period_running_into_2027_is_provisional_and_says_why():
    with pytest.raises(NotImplementedError):
        cc.is_workday(date(2027, 1, 4))
    result = period_end(date(2026, 12, 20), 10, Unit.WORKDAYS)
    assert result.provisional
    new_year = next(row for row in result.explanation if row.date == date(2027, 1, 1))
    assert not new_year.counted and new_year.reason == "元旦；临时日历"
    assert result.end.date() == date(2027, 1, 4)
    summary = result.summary()
    assert "2027年官方节假日安排尚未录入" in summary and "春节" in summary and "无法预先确定" in summary


def test_a_period_inside_covered_years_is_not_provisional():
    assert not period_end(date(2026, 12, 1), 5, Unit.WORKDAYS).provisional
    assert not is_provisional(date(2026, 12, 31))
    assert is_provisional(date(2027, 1, 1))


def test_the_provisional_calendar_rests_on_the_fixed_date_holidays_only():
    assert not is_working_day(date(2028, 5, 1))
    assert not is_working_day(date(2028, 10, 3))
    assert is_working_day(date(2028, 10, 4)) is (date(2028, 10, 4).weekday() < 5)


# --- Day questions --------------------------------------------------------------------------------------------
def test_is_working_day_agrees_with_the_package_on_every_covered_day():
    day = date(2004, 1, 1)
    while day <= date(2026, 12, 31):
        assert is_working_day(day) is cc.is_workday(day), day
        day += timedelta(days=1)


def test_add_working_days_agrees_with_find_workday():
    rng = random.Random(20241001)
    for _ in range(500):
        start = date(2004, 1, 1) + timedelta(days=rng.randrange(0, 8000))
        n = rng.randrange(1, 40)
        assert add_working_days(start, n) == package_nth_workday_after(start, n), (start, n)


def test_a_rest_day_start_is_not_counted_unlike_find_workday():
    sunday = date(2021, 7, 4)
    assert add_working_days(sunday, 3) == date(2021, 7, 7)
    assert cc.find_workday(3, sunday) == date(2021, 7, 8)  # the package counts from Monday: not the legal rule


def test_add_working_days_backwards_and_zero():
    assert add_working_days(date(2024, 10, 8), -1) == date(2024, 9, 30)
    assert add_working_days(date(2024, 10, 8), 0) == date(2024, 10, 8)


def test_working_days_between_counts_after_start_through_end():
    assert working_days_between(date(2024, 9, 30), date(2024, 10, 10)) == 3
    assert working_days_between(date(2024, 10, 10), date(2024, 9, 30)) == -3
    assert working_days_between(date(2024, 9, 30), date(2024, 9, 30)) == 0


# --- Errors ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((date(2024, 1, 1), 3, "weeks"), "unit"),
        ((date(2024, 1, 1), -1, "days"), "amount"),
        ((date(2024, 1, 1), 0, "workdays"), "amount"),
        ((date(2003, 12, 31), 3, "days"), "start"),
        ((date(2100, 1, 1), 3, "days"), "start"),
        ((date(2099, 12, 1), 2, "months"), "amount"),
        ((date(2099, 12, 30), 5, "workdays"), "amount"),
        (("2024-01-01", 3, "days"), "start"),
    ],
)
def test_bad_questions_raise_calendar_error_naming_the_field(args, field):
    with pytest.raises(CalendarError) as info:
        period_end(*args)
    assert info.value.field == field
    assert isinstance(info.value, ValueError)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.message)


def test_dates_outside_the_range_are_refused_by_the_day_functions():
    with pytest.raises(CalendarError):
        is_working_day(date(2100, 1, 1))
    with pytest.raises(CalendarError):
        add_working_days(date(2003, 6, 1), 1)


def test_as_dict_is_json_ready():
    result = period_end(date(2024, 9, 30), 3, "workdays")
    data = result.as_dict()
    assert isinstance(result, PeriodResult)
    assert data["end"] == "2024-10-10T23:59:59.999999+08:00"
    assert data["unit"] == "workdays" and data["amount"] == 3 and data["provisional"] is False
    assert data["explanation"][0] == {"date": "2024-09-30", "counted": False, "ordinal": None, "reason": "起算日不计入"}
