"""Statutory period counting (期间计算) on the Chinese working-day calendar. Public interface of the calendar.

Rules (民法典 第二百零一条至第二百零四条; 民事诉讼法 第八十五条 期间):

- **The start day is not counted** (开始的当日不计入，自下一日开始计算).
- **Days** (日): calendar days are counted; when the last day is a rest day (法定休假日/周末) the period ends on
  the next working day (期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日).
- **Working days** (工作日): only working days are counted; make-up working days (调休上班日) on a Saturday or
  Sunday count, holidays and weekends do not.
- **Hours** (小时): counted exactly from the moment given (``48 小时`` from 2024-09-30 08:30 ends 2024-10-02 08:30);
  no rest-day roll. A bare date starts at 00:00 of that day (Asia/Shanghai).
- **Months** (月): the period's last day is the same day of the month N months later; when that month has no such
  day, its last day (1月31日 + 1个月 → 2月28日/29日). Then the rest-day roll of day periods applies.
- **Day-based periods end at 24:00** of the last day, stored as 23:59:59.999999 Asia/Shanghai (an aware datetime).

Provisional years: a year neither covered by the ``chinesecalendar`` package nor loaded by an administrator
(:class:`~gazette.workcalendar.models.OfficialYear`) is counted on weekends plus the fixed-date statutory holidays
(元旦, 劳动节, 国庆节 10月1日–3日). A result whose counted days (after the start day, through the end) touch such
a year is ``provisional=True`` and its summary says why.

Explanations (``PeriodResult.explanation``) are compact for long periods. The rule:

- a period spanning at most ``EXPLAIN_FULL_DAYS`` (62) calendar days lists every day from the start day to the end;
- a longer one lists the start day, the day after it, the first counted day, the last ``EXPLAIN_TAIL_DAYS`` (10)
  calendar days up to the nominal last day and every rolled day after it; for working-day periods also every
  holiday and make-up working day in between (they are what moves the count). Ordinals stay those of the full
  count, so gaps are visible.

``ordinal`` is the count at that day: the n-th working day for working-day periods, the n-th calendar day for
day and month periods (``None`` for days not counted: the start day, skipped rest days, rolled days). An hours
period has two rows: the start moment and the end moment (whose ordinal is the number of hours).

Reasons are Chinese: a base (``周六``, ``国庆节``, ``调休上班日（国庆节）``, ``工作日``, ``起算日不计入``) optionally
followed by notes after ``；`` (``期间最后一日为休息日，顺延``, ``顺延``, ``顺延后届满``, ``临时日历``).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from . import table as _table
from .choices import Unit

__all__ = [
    "CalendarError",
    "ExplainedDay",
    "PeriodResult",
    "Unit",
    "add_working_days",
    "is_provisional",
    "is_working_day",
    "period_end",
    "working_days_between",
]

TZ = ZoneInfo("Asia/Shanghai")
END_OF_DAY = time(23, 59, 59, 999999)
EXPLAIN_FULL_DAYS = 62
EXPLAIN_TAIL_DAYS = 10
RANGE_TEXT = "2004年1月1日至2099年12月31日"
WEEKEND_REASONS = frozenset({"周六", "周日"})
START_REASON = "起算日不计入"
NOTE_LAST_DAY_ROLLED = "期间最后一日为休息日，顺延"
NOTE_ROLLED = "顺延"
NOTE_ROLLED_END = "顺延后届满"
NOTE_PROVISIONAL = "临时日历"


class CalendarError(ValueError):
    """A question the calendar cannot answer: bad unit, bad amount, a date outside 2004–2099.

    ``message`` is Chinese and fit for the user; ``field`` names the input at fault (``start``, ``amount``,
    ``unit``), so the API and forms can attach it to the right parameter.
    """

    def __init__(self, message: str, field: str = "start") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class ExplainedDay:
    """One day of a period's explanation: whether it was counted, its count, and why (Chinese)."""

    date: date
    counted: bool
    ordinal: int | None
    reason: str


@dataclass(frozen=True)
class PeriodResult:
    """The end of a period and how it was counted."""

    start: datetime
    amount: int
    unit: str
    end: datetime
    provisional: bool
    explanation: tuple[ExplainedDay, ...]

    def as_dict(self) -> dict:
        """JSON-ready form: ISO datetimes and dates."""
        return {
            "start": self.start.isoformat(),
            "amount": self.amount,
            "unit": str(self.unit),
            "end": self.end.isoformat(),
            "provisional": self.provisional,
            "explanation": [
                {"date": row.date.isoformat(), "counted": row.counted, "ordinal": row.ordinal, "reason": row.reason}
                for row in self.explanation
            ],
        }

    def summary(self) -> str:
        """One Chinese sentence, e.g.
        自2024年9月30日起算（起算日不计入），3个工作日，遇国庆节假期顺延，至2024年10月10日24时届满。
        """
        start, end = self.start.astimezone(TZ), self.end.astimezone(TZ)
        if self.unit == Unit.HOURS:
            return (
                f"自{_zh_date(start.date())}{_zh_clock(start)}起算，{self.amount}小时，"
                f"至{_zh_date(end.date())}{_zh_clock(end)}届满。"
            )
        parts = [f"自{_zh_date(start.date())}起算（起算日不计入）"]
        if self.unit == Unit.WORKDAYS:
            parts.append(f"{self.amount}个工作日")
            names = _skipped_holiday_names(self.explanation)
            if names:
                parts.append(f"遇{'、'.join(names)}假期顺延")
            elif any(not r.counted and _base(r.reason) in WEEKEND_REASONS for r in self.explanation):
                parts.append("周末不计入")
        else:
            parts.append(f"{self.amount}个月" if self.unit == Unit.MONTHS else f"{self.amount}日")
            if self.unit == Unit.MONTHS:
                nominal = _nominal_last_day(self.explanation) or end.date()
                if nominal.day != start.day:
                    parts.append(f"届满月无对应日，以{_zh_date(nominal)}（该月末日）为期间最后一日")
            rolled = next((r for r in self.explanation if NOTE_LAST_DAY_ROLLED in r.reason), None)
            if rolled is not None:
                parts.append(
                    f"期间最后一日{_zh_date(rolled.date)}为休息日（{_base(rolled.reason)}），顺延至其后第一个工作日"
                )
        text = "，".join(parts) + f"，至{_zh_date(end.date())}24时届满。"
        if self.provisional:
            years = sorted({r.date.year for r in self.explanation if NOTE_PROVISIONAL in r.reason})
            year_text = "、".join(f"{y}年" for y in years) or "所涉年度"
            text += (
                f"注意：{year_text}官方节假日安排尚未录入，按临时日历计算（仅含周末及元旦、劳动节、国庆节等固定日期节假日；"
                "春节、清明节、端午节、中秋节等农历节日及调休上班日无法预先确定），结果为临时结果，官方安排录入后将重新计算。"
            )
        return text


# --- Helpers --------------------------------------------------------------------------------------------------
def _zh_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _zh_clock(moment: datetime) -> str:
    return f"{moment.hour}时{moment.minute:02d}分" if moment.minute else f"{moment.hour}时"


def _base(reason: str) -> str:
    return reason.split("；", 1)[0]


def _skipped_holiday_names(rows: tuple[ExplainedDay, ...]) -> list[str]:
    names: list[str] = []
    for row in rows:
        base = _base(row.reason)
        if row.counted or base in WEEKEND_REASONS or base == START_REASON or base.startswith(("工作日", "调休")):
            continue
        if base not in names:
            names.append(base)
    return names


def _nominal_last_day(rows: tuple[ExplainedDay, ...]) -> date | None:
    counted = [r for r in rows if r.counted]
    return counted[-1].date if counted else None


def _range_error(d: date, field: str) -> CalendarError:
    return CalendarError(f"日期{_zh_date(d)}超出日历支持的范围（{RANGE_TEXT}）。", field)


def _ordinal(d: date, field: str = "start") -> int:
    o = d.toordinal()
    if not _table.FIRST_ORDINAL <= o <= _table.LAST_ORDINAL:
        raise _range_error(d, field)
    return o


def _as_date(d: date | datetime, field: str = "start") -> date:
    if isinstance(d, datetime):
        return (d.astimezone(TZ) if d.tzinfo else d).date()
    if isinstance(d, date):
        return d
    raise CalendarError("日期格式无效。", field)


def _end_of_day(d: date) -> datetime:
    return datetime.combine(d, END_OF_DAY, tzinfo=TZ)


def _add_months(d: date, months: int) -> date:
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    if year > _table.LAST_DATE.year:
        raise CalendarError(f"期间届满日超出日历支持的范围（{RANGE_TEXT}）。", "amount")
    return date(year, month, min(d.day, _stdlib_calendar.monthrange(year, month)[1]))


# --- Day questions --------------------------------------------------------------------------------------------
def is_working_day(d: date) -> bool:
    """Whether ``d`` is a working day (工作日): weekdays and make-up days, not holidays or weekends."""
    if type(d) is not date:
        d = _as_date(d)
    return _table.current().flags[_ordinal(d) - _table.FIRST_ORDINAL] == 1


def add_working_days(d: date, n: int) -> date:
    """The n-th working day after ``d`` (``d`` itself not counted); n < 0 counts back, n == 0 returns ``d``."""
    if type(d) is not date:
        d = _as_date(d)
    o = _ordinal(d)
    if n == 0:
        return d
    working = _table.current().working
    index = bisect_right(working, o) + n - 1 if n > 0 else bisect_left(working, o) + n
    if not 0 <= index < len(working):
        raise CalendarError(f"期间届满日超出日历支持的范围（{RANGE_TEXT}）。", "amount")
    return date.fromordinal(working[index])


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is before ``start``."""
    if type(start) is not date:
        start = _as_date(start)
    if type(end) is not date:
        end = _as_date(end, "end")
    working = _table.current().working
    return bisect_right(working, _ordinal(end, "end")) - bisect_right(working, _ordinal(start))


def is_provisional(d: date) -> bool:
    """Whether ``d`` lies in a year counted on the provisional calendar (no official schedule yet)."""
    d = _as_date(d)
    _ordinal(d)
    return d.year in _table.current().provisional_years


# --- Periods --------------------------------------------------------------------------------------------------
def _normalise_start(start: date | datetime) -> datetime:
    if isinstance(start, datetime):
        return start.astimezone(TZ) if start.tzinfo else start.replace(tzinfo=TZ)
    if isinstance(start, date):
        return datetime.combine(start, time(0, 0), tzinfo=TZ)
    raise CalendarError("起算日期格式无效，应为日期或日期时间。", "start")


def _check_unit(unit: str) -> Unit:
    try:
        return Unit(unit)
    except ValueError:
        raise CalendarError(
            f"期间单位“{unit}”无效，应为 workdays（工作日）、days（日）、hours（小时）或 months（月）。", "unit"
        ) from None


def _check_amount(amount: int) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise CalendarError("期间数额应为正整数。", "amount")
    if amount < 1:
        raise CalendarError("期间数额应为正整数，不能为零或负数。", "amount")
    if amount > 100 * 366 * 24:
        raise CalendarError(f"期间过长，届满日超出日历支持的范围（{RANGE_TEXT}）。", "amount")
    return amount


def period_end(start: datetime | date, amount: int, unit: str) -> PeriodResult:
    """The end of a period of ``amount`` ``unit`` starting at ``start``, with its explanation.

    Raises :class:`CalendarError` for an unknown unit, an amount below 1, or dates outside 2004-01-01..2099-12-31.
    """
    unit = _check_unit(unit)
    amount = _check_amount(amount)
    start_dt = _normalise_start(start)
    start_day = start_dt.date()
    so = _ordinal(start_day)

    if unit == Unit.HOURS:
        end_dt = (start_dt + timedelta(hours=amount)).astimezone(TZ)
        _ordinal(end_dt.date(), "amount")
        rows = (
            ExplainedDay(start_day, False, None, f"起算时刻{_zh_clock(start_dt)}"),
            ExplainedDay(end_dt.date(), True, amount, f"届满时刻{_zh_clock(end_dt)}（满{amount}小时）"),
        )
        return PeriodResult(start_dt, amount, unit.value, end_dt, False, rows)

    tab = _table.current()
    working = tab.working
    flags = tab.flags
    first = _table.FIRST_ORDINAL
    if unit == Unit.WORKDAYS:
        index = bisect_right(working, so) + amount - 1
        if index >= len(working):
            raise CalendarError(f"期间届满日超出日历支持的范围（{RANGE_TEXT}）。", "amount")
        nominal = end = working[index]
    else:
        if unit == Unit.DAYS:
            nominal = so + amount
            if nominal > _table.LAST_ORDINAL:
                raise CalendarError(f"期间届满日超出日历支持的范围（{RANGE_TEXT}）。", "amount")
        else:
            nominal = _add_months(start_day, amount).toordinal()
        if flags[nominal - first]:
            end = nominal
        else:
            index = bisect_right(working, nominal)
            if index >= len(working):
                raise CalendarError(f"期间届满日超出日历支持的范围（{RANGE_TEXT}）。", "amount")
            end = working[index]

    end_day = date.fromordinal(end)
    provisional = any(
        year in tab.provisional_years for year in range(date.fromordinal(so + 1).year, end_day.year + 1)
    )
    rows = tuple(_explain(tab, unit, so, nominal, end))
    return PeriodResult(start_dt, amount, unit.value, _end_of_day(end_day), provisional, rows)


def _explained_ordinals(tab: _table.CalendarTable, unit: Unit, so: int, nominal: int, end: int) -> list[int]:
    if end - so <= EXPLAIN_FULL_DAYS:
        return list(range(so, end + 1))
    chosen = {so, so + 1, tab.working[bisect_right(tab.working, so)]}
    chosen.update(range(max(so, nominal - EXPLAIN_TAIL_DAYS + 1), end + 1))
    if unit == Unit.WORKDAYS:
        chosen.update(o for o in tab.notes if so < o <= end)
    return sorted(chosen)


def _explain(tab: _table.CalendarTable, unit: Unit, so: int, nominal: int, end: int):
    first = _table.FIRST_ORDINAL
    working_before = bisect_right(tab.working, so)
    for o in _explained_ordinals(tab, unit, so, nominal, end):
        day = date.fromordinal(o)
        if o == so:
            yield ExplainedDay(day, False, None, START_REASON)
            continue
        notes = [_table.day_reason(tab, o)]
        is_work = tab.flags[o - first] == 1
        if unit == Unit.WORKDAYS:
            counted = is_work
            ordinal = bisect_right(tab.working, o) - working_before if counted else None
        elif o <= nominal:
            counted, ordinal = True, o - so
            if o == nominal and nominal != end:
                notes.append(NOTE_LAST_DAY_ROLLED)
        else:
            counted, ordinal = False, None
            notes.append(NOTE_ROLLED_END if o == end else NOTE_ROLLED)
        if day.year in tab.provisional_years:
            notes.append(NOTE_PROVISIONAL)
        yield ExplainedDay(day, counted, ordinal, "；".join(notes))
