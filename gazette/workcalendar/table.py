"""The precomputed in-memory calendar (工作日表) and its invalidation across processes.

The whole supported range (2004-01-01 .. 2099-12-31, about 35,000 days) is built once per process and per
calendar version, year by year, into

- ``working``: a sorted list of the ordinals (``date.toordinal()``) of every working day, so "the n-th working
  day after d" and "working days between" are one or two ``bisect`` calls;
- ``flags``: one byte per day (working or not), so "is d a working day" is one index;
- ``notes``: the days that are not ordinary weekdays/weekends (holiday names, make-up days), for explanations;
- ``provisional_years``: the years counted on the provisional calendar.

Building takes tens of milliseconds and happens on first use. Invalidation:

- the process that changes the calendar resets its table immediately and again after commit;
- every process compares its table's version with the shared one in the cache key ``gazette:calendar-version``
  at most every ``CHECK_SECONDS`` seconds, and rebuilds when they differ. The version is derived from the data
  (row counts and latest ``updated_at``/``loaded_at`` of overrides and official years), so a lost cache entry is
  recomputed from the database rather than trusted blindly.
"""

from __future__ import annotations

import logging
import threading
import time
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar

logger = logging.getLogger(__name__)

FIRST_DATE = date(2004, 1, 1)
LAST_DATE = date(2099, 12, 31)
FIRST_ORDINAL = FIRST_DATE.toordinal()
LAST_ORDINAL = LAST_DATE.toordinal()
VERSION_KEY = "gazette:calendar-version"
CHECK_SECONDS = 30.0

# Years the chinesecalendar package has official data for (2004-2026 in version 1.11.0), read from its data.
PACKAGE_FIRST_YEAR = min(chinese_calendar.holidays).year
PACKAGE_LAST_YEAR = max(chinese_calendar.holidays).year

HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

# The provisional calendar: fixed-date statutory holidays only (全国年节及纪念日放假办法). The lunar holidays
# (春节, 清明节, 端午节, 中秋节) and the make-up working days cannot be known before the State Council publishes
# the year's schedule.
PROVISIONAL_HOLIDAYS: tuple[tuple[int, int, str], ...] = (
    (1, 1, "元旦"),
    (5, 1, "劳动节"),
    (10, 1, "国庆节"),
    (10, 2, "国庆节"),
    (10, 3, "国庆节"),
)
WEEKDAY_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


@dataclass(frozen=True)
class DayNote:
    """Why a day is not an ordinary weekday or weekend: a holiday or a make-up working day, and from where."""

    name: str
    working: bool
    override: bool = False


@dataclass
class CalendarTable:
    """Precomputed working days of the supported range for one calendar version."""

    version: str
    working: list[int]
    flags: bytearray
    notes: dict[int, DayNote]
    provisional_years: frozenset[int]
    official_years: frozenset[int] = field(default_factory=frozenset)


def package_covers(year: int) -> bool:
    return PACKAGE_FIRST_YEAR <= year <= PACKAGE_LAST_YEAR


def _year_notes(year: int, official_loaded: bool) -> tuple[dict[int, DayNote], bool]:
    """The base notes of one year (before overrides) and whether the year is provisional."""
    notes: dict[int, DayNote] = {}
    if package_covers(year):
        for day, name in chinese_calendar.holidays.items():
            if day.year == year:
                notes[day.toordinal()] = DayNote(HOLIDAY_NAMES_ZH.get(name, name), working=False)
        for day, name in chinese_calendar.workdays.items():
            if day.year == year:
                notes[day.toordinal()] = DayNote(HOLIDAY_NAMES_ZH.get(name, name), working=True)
        return notes, False
    if official_loaded:
        # The loaded schedule arrives as overrides; the base is plain weekdays and weekends.
        return notes, False
    for month, day, name in PROVISIONAL_HOLIDAYS:
        notes[date(year, month, day).toordinal()] = DayNote(name, working=False)
    return notes, True


def build_table(
    *, version: str, overrides: list[tuple[date, bool, str]], official_years: set[int]
) -> CalendarTable:
    """Build the table from the package, the provisional rule and the overrides (override wins)."""
    notes: dict[int, DayNote] = {}
    provisional: set[int] = set()
    for year in range(FIRST_DATE.year, LAST_DATE.year + 1):
        year_notes, is_provisional = _year_notes(year, year in official_years)
        notes.update(year_notes)
        if is_provisional:
            provisional.add(year)
    for day, working, name in overrides:
        if FIRST_DATE <= day <= LAST_DATE:
            notes[day.toordinal()] = DayNote(name, working=working, override=True)

    size = LAST_ORDINAL - FIRST_ORDINAL + 1
    flags = bytearray(size)
    working_days: list[int] = []
    # FIRST_DATE is a Thursday; weekday() of ordinal o is (o + 6) % 7.
    for index in range(size):
        ordinal = FIRST_ORDINAL + index
        note = notes.get(ordinal)
        working = note.working if note is not None else (ordinal + 6) % 7 < 5
        if working:
            flags[index] = 1
            working_days.append(ordinal)
    return CalendarTable(
        version=version,
        working=working_days,
        flags=flags,
        notes=notes,
        provisional_years=frozenset(provisional),
        official_years=frozenset(official_years),
    )


# --- Versions and the process-local table ---------------------------------------------------------------------
def db_version() -> str:
    """The version of the calendar data in the database: changes whenever a row is added, changed or deleted."""
    from django.db.models import Count, Max

    from .models import CalendarOverride, OfficialYear

    o = CalendarOverride.objects.aggregate(n=Count("id"), latest=Max("updated_at"))
    y = OfficialYear.objects.aggregate(n=Count("id"), latest=Max("loaded_at"))

    def stamp(value) -> str:
        return value.isoformat() if value else "-"

    return f"o{o['n']}:{stamp(o['latest'])}|y{y['n']}:{stamp(y['latest'])}"


def shared_version() -> str:
    """The version all processes agree on, from the cache; recomputed from the database when the key is missing."""
    from django.core.cache import cache

    try:
        value = cache.get(VERSION_KEY)
    except Exception:  # a cache outage must not turn a calendar question into a 500
        logger.warning("calendar: cache unavailable, reading the version from the database", exc_info=True)
        return db_version()
    if value is None:
        value = db_version()
        try:
            cache.add(VERSION_KEY, value, None)
        except Exception:
            logger.warning("calendar: cannot store the calendar version in the cache", exc_info=True)
    return value


def publish_version() -> None:
    """After a committed change: store the new version for the other processes and reset this one's table."""
    from django.core.cache import cache

    reset()
    try:
        cache.set(VERSION_KEY, db_version(), None)
    except Exception:
        logger.warning("calendar: cannot publish the calendar version; other processes keep theirs", exc_info=True)


_lock = threading.Lock()
_table: CalendarTable | None = None
_checked_at = 0.0


def reset() -> None:
    """Drop this process's table; the next call rebuilds it from the database."""
    global _table, _checked_at
    with _lock:
        _table = None
        _checked_at = 0.0


def _load() -> CalendarTable:
    from .models import CalendarOverride, OfficialYear

    # Read the version first: if the data changes while we read it, the version will differ at the next check.
    version = db_version()
    overrides = list(CalendarOverride.objects.values_list("date", "is_working_day", "name"))
    official = set(OfficialYear.objects.values_list("year", flat=True))
    return build_table(version=version, overrides=overrides, official_years=official)


def current() -> CalendarTable:
    """This process's table, checked against the shared version at most every ``CHECK_SECONDS`` seconds."""
    global _table, _checked_at
    table = _table
    if table is not None and time.monotonic() - _checked_at < CHECK_SECONDS:
        return table
    with _lock:
        table = _table
        now = time.monotonic()
        if table is not None and now - _checked_at < CHECK_SECONDS:
            return table
        if table is None or table.version != shared_version():
            table = _load()
            _table = table
        _checked_at = now
        return table


def install(table: CalendarTable) -> None:
    """Use ``table`` in this process (benchmarks, tools); the usual version check still applies after 30 s."""
    global _table, _checked_at
    with _lock:
        _table = table
        _checked_at = time.monotonic()


# --- Small helpers used by periods.py -------------------------------------------------------------------------
def day_reason(table: CalendarTable, ordinal: int) -> str:
    """A short Chinese description of a day: 周六, 国庆节, 调休上班日（国庆节）, 工作日."""
    note = table.notes.get(ordinal)
    weekday = (ordinal + 6) % 7
    if note is None:
        return WEEKDAY_ZH[weekday] if weekday >= 5 else "工作日"
    if note.working:
        if weekday >= 5:
            return f"调休上班日（{note.name}）" if note.name else "调休上班日"
        return f"工作日（{note.name}）" if note.name else "工作日"
    return note.name or ("休息日" if weekday < 5 else WEEKDAY_ZH[weekday])


def working_index_after(table: CalendarTable, ordinal: int) -> int:
    """Index in ``table.working`` of the first working day strictly after ``ordinal``."""
    return bisect_right(table.working, ordinal)


def years_between(start: date, end: date) -> range:
    return range(start.year, end.year + 1)


def next_day(d: date) -> date:
    return d + timedelta(days=1)
